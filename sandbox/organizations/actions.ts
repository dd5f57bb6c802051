import { OrganizationsError } from './errors';
import type { OrgAccount, Organization } from './organization';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** What an action is answered from: the organization, and the page size when a call gives no MaxResults. */
export interface ActionContext {
  org: Organization;
  pageSize: number;
}

/** ListAccounts, ListParents and the others take MaxResults 1..20. */
const MAX_RESULTS = 20;

function text(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new OrganizationsError(
      'InvalidInputException',
      `You provided a value that does not match the required pattern (${field}).`,
    );
  }
  return value;
}

/**
 * One page of `items`: NextToken is the action and offset, opaque to the client; a token of another
 * action or out of range is refused as Organizations refuses it.
 */
function page<T>(
  action: string,
  input: Input,
  items: T[],
  context: ActionContext,
): { items: T[]; next?: string } {
  const max = input['MaxResults'];
  if (
    max !== undefined &&
    (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS)
  ) {
    throw new OrganizationsError(
      'InvalidInputException',
      'You specified an invalid value for MaxResults (1-20).',
    );
  }
  // Organizations may answer fewer than MaxResults with a NextToken ("check NextToken after every
  // operation"): the stand-in's page size caps every page, so clients must follow NextToken.
  const size = Math.min((max as number | undefined) ?? context.pageSize, context.pageSize);
  let offset = 0;
  const token = input['NextToken'];
  if (token !== undefined) {
    const [tokenAction, at] = Buffer.from(String(token), 'base64url').toString('utf8').split(':');
    offset = Number(at);
    if (tokenAction !== action || !Number.isInteger(offset) || offset < 0 || offset > items.length) {
      throw new OrganizationsError('InvalidInputException', 'The specified NextToken is not valid.');
    }
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { next: Buffer.from(`${action}:${end}`).toString('base64url') } : {}),
  };
}

function accountArn(org: Organization, id: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${id}`;
}

function accountOut(org: Organization, account: OrgAccount): Output {
  // Status is the field being retired (September 2026); it knows no CLOSED: a closed account said SUSPENDED.
  const status = account.state === 'CLOSED' ? 'SUSPENDED' : account.state;
  return {
    Id: account.id,
    Arn: accountArn(org, account.id),
    Email: account.email,
    Name: account.name,
    Status: status,
    State: account.state,
    JoinedMethod: 'CREATED',
    JoinedTimestamp: account.joinedAt.getTime() / 1000,
  };
}

function unitOut(org: Organization, id: string, name: string): Output {
  return { Id: id, Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.id}/${id}`, Name: name };
}

function parentType(org: Organization, id: string): string {
  return id === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
}

export const ORGANIZATIONS_ACTIONS: Record<string, (input: Input, context: ActionContext) => Output> = {
  DescribeOrganization: (_input, { org }) => ({
    Organization: {
      Id: org.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
      FeatureSet: 'ALL',
      MasterAccountArn: accountArn(org, org.managementAccountId),
      MasterAccountId: org.managementAccountId,
      MasterAccountEmail: `aws+${org.managementAccountId}@example.com`,
      AvailablePolicyTypes: [],
    },
  }),
  ListAccounts: (input, context) => {
    const { items, next } = page('ListAccounts', input, context.org.listAccounts(), context);
    return {
      Accounts: items.map((account) => accountOut(context.org, account)),
      ...(next ? { NextToken: next } : {}),
    };
  },
  ListParents: (input, context) => {
    const childId = text(input, 'ChildId');
    const parent = context.org.parentOf(childId);
    if (parent === undefined) {
      throw new OrganizationsError(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    }
    const { items, next } = page('ListParents', input, [parent], context);
    return {
      Parents: items.map((id) => ({ Id: id, Type: parentType(context.org, id) })),
      ...(next ? { NextToken: next } : {}),
    };
  },
  ListTagsForResource: (input, context) => {
    const id = text(input, 'ResourceId');
    const account = context.org.findAccount(id);
    if (!account)
      throw new OrganizationsError(
        'TargetNotFoundException',
        "We can't find a target with the TargetId that you specified.",
      );
    // No MaxResults on this call: pages of the stand-in's size.
    const { MaxResults: _ignored, ...rest } = input;
    const tags = Object.entries(account.tags).map(([Key, Value]) => ({ Key, Value }));
    const { items, next } = page('ListTagsForResource', rest, tags, context);
    return { Tags: items, ...(next ? { NextToken: next } : {}) };
  },
  ListRoots: (input, context) => {
    const { items, next } = page('ListRoots', input, [context.org.rootId], context);
    return {
      Roots: items.map((id) => ({ ...unitOut(context.org, id, 'Root'), PolicyTypes: [] })),
      ...(next ? { NextToken: next } : {}),
    };
  },
  ListOrganizationalUnitsForParent: (input, context) => {
    const parentId = text(input, 'ParentId');
    if (!context.org.isParent(parentId)) {
      throw new OrganizationsError(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    const { items, next } = page(
      'ListOrganizationalUnitsForParent',
      input,
      context.org.childUnits(parentId),
      context,
    );
    return {
      OrganizationalUnits: items.map((unit) => unitOut(context.org, unit.id, unit.name)),
      ...(next ? { NextToken: next } : {}),
    };
  },
  ListChildren: (input, context) => {
    const parentId = text(input, 'ParentId');
    const type = text(input, 'ChildType');
    if (!context.org.isParent(parentId)) {
      throw new OrganizationsError(
        'ParentNotFoundException',
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    const ids =
      type === 'ACCOUNT'
        ? context.org.childAccounts(parentId).map((account) => account.id)
        : context.org.childUnits(parentId).map((unit) => unit.id);
    const { items, next } = page('ListChildren', input, ids, context);
    return { Children: items.map((id) => ({ Id: id, Type: type })), ...(next ? { NextToken: next } : {}) };
  },
  DescribeOrganizationalUnit: (input, { org }) => {
    const id = text(input, 'OrganizationalUnitId');
    const unit = org.findUnit(id);
    if (!unit)
      throw new OrganizationsError(
        'OrganizationalUnitNotFoundException',
        "We can't find an OU with the OrganizationalUnitId that you specified.",
      );
    return { OrganizationalUnit: unitOut(org, unit.id, unit.name) };
  },
};
