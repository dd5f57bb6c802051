import { newGroupId } from './ids';

/** A managed policy attached to a user. */
export interface AttachedPolicy {
  policyName: string;
  policyArn: string;
}

/** A group a user is in. */
export interface StoredGroup {
  groupName: string;
  groupId: string;
  arn: string;
  path: string;
  createDate: Date;
}

/** The persisted form of one user's permissions; all optional, absent in files written before them. */
export interface UserPermissionsJson {
  attachedPolicies?: string[];
  inlinePolicies?: string[];
  groups?: string[];
}

const POLICY_ARN = /^arn:aws:iam::(aws|\d{12}):policy\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,128}$/;
const NAME = /^[\w+=,.@-]{1,128}$/;

/**
 * What each user of one account may do, as far as the incident card shows it: attached managed policies
 * (AWS's `AWSCompromisedKeyQuarantine*` among them), inline policy names, groups. Policy documents are
 * not modelled: nothing here evaluates them.
 */
export class UserPermissions {
  private readonly attached = new Map<string, string[]>();
  private readonly inline = new Map<string, string[]>();
  private readonly memberships = new Map<string, string[]>();
  private readonly groups = new Map<string, StoredGroup>();

  constructor(
    private readonly accountId: string,
    private readonly now: () => Date,
  ) {}

  attachPolicy(userKey: string, policyArn: string): void {
    if (!POLICY_ARN.test(policyArn)) throw new Error(`Invalid policy ARN: ${JSON.stringify(policyArn)}`);
    addOnce(this.attached, userKey, policyArn);
  }

  putInlinePolicy(userKey: string, policyName: string): void {
    if (!NAME.test(policyName)) throw new Error(`Invalid policy name: ${JSON.stringify(policyName)}`);
    addOnce(this.inline, userKey, policyName);
  }

  addToGroup(userKey: string, groupName: string): void {
    if (!NAME.test(groupName)) throw new Error(`Invalid group name: ${JSON.stringify(groupName)}`);
    if (!this.groups.has(groupName.toLowerCase())) {
      this.groups.set(groupName.toLowerCase(), {
        groupName,
        groupId: newGroupId(),
        arn: `arn:aws:iam::${this.accountId}:group/${groupName}`,
        path: '/',
        createDate: new Date(Math.floor(this.now().getTime() / 1000) * 1000),
      });
    }
    addOnce(this.memberships, userKey, groupName.toLowerCase());
  }

  /** Sorted by ARN, the order ListAttachedUserPolicies pages through here. */
  attachedPolicies(userKey: string): AttachedPolicy[] {
    return [...(this.attached.get(userKey) ?? [])]
      .sort()
      .map((policyArn) => ({ policyArn, policyName: policyArn.slice(policyArn.lastIndexOf('/') + 1) }));
  }

  inlinePolicyNames(userKey: string): string[] {
    return [...(this.inline.get(userKey) ?? [])].sort();
  }

  groupsOf(userKey: string): StoredGroup[] {
    return (this.memberships.get(userKey) ?? [])
      .flatMap((key) => {
        const group = this.groups.get(key);
        return group ? [{ ...group }] : [];
      })
      .sort((a, b) => (a.groupName < b.groupName ? -1 : 1));
  }

  toJSON(userKey: string): UserPermissionsJson {
    const attachedPolicies = this.attached.get(userKey);
    const inlinePolicies = this.inline.get(userKey);
    const groups = this.groupsOf(userKey).map((g) => g.groupName);
    return {
      ...(attachedPolicies?.length ? { attachedPolicies: [...attachedPolicies] } : {}),
      ...(inlinePolicies?.length ? { inlinePolicies: [...inlinePolicies] } : {}),
      ...(groups.length ? { groups } : {}),
    };
  }

  restore(userKey: string, json: UserPermissionsJson): void {
    for (const arn of json.attachedPolicies ?? []) this.attachPolicy(userKey, arn);
    for (const name of json.inlinePolicies ?? []) this.putInlinePolicy(userKey, name);
    for (const name of json.groups ?? []) this.addToGroup(userKey, name);
  }
}

function addOnce(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  map.set(key, list);
}
