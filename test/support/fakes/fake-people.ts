import type { Actor } from '../../../src/kernel/authorization';
import type { Membership, Ownership, People } from '../../../src/kernel/ports/people';
import type { IamUserName, SlackUserId } from '../../../src/kernel/types';
import { Faults } from './faults';

/** A person as the server derives them; defaults: no roles, self-service on, no mapping. */
export function actor(id: string, details: Partial<Omit<Actor, 'slackUserId'>> = {}): Actor {
  return { slackUserId: id as SlackUserId, isAdmin: false, isApprover: false, selfService: true, ...details };
}

/**
 * Who is who, as Access (src/platform/access) answers it: explicit owners, service users, and IAM users whose
 * owner Slack could not confirm. Anyone else is `unowned`; a person never registered is a
 * stranger with no roles. Names ignore case, as IAM's do.
 */
export class FakePeople implements People {
  readonly faults = new Faults<'actor' | 'ownerOf' | 'membership'>();
  private readonly actors = new Map<string, Actor>();
  private readonly owners = new Map<string, Ownership>();

  constructor(private readonly selfService = true) {}

  /** Registers a person; with `iamUser`, they own that IAM user. */
  person(id: string, details: Partial<Omit<Actor, 'slackUserId' | 'selfService'>> = {}): Actor {
    const person = actor(id, { selfService: this.selfService, ...details });
    this.actors.set(id, person);
    if (person.iamUser)
      this.owners.set(person.iamUser.toLowerCase(), { kind: 'person', slackUser: person.slackUserId });
    return person;
  }

  service(iamUser: string): IamUserName {
    this.owners.set(iamUser.toLowerCase(), { kind: 'service' });
    return iamUser as IamUserName;
  }

  /** Slack could not answer for this IAM user's owner. */
  unconfirmed(iamUser: string): IamUserName {
    this.owners.set(iamUser.toLowerCase(), { kind: 'unconfirmed' });
    return iamUser as IamUserName;
  }

  async actor(slackUserId: SlackUserId): Promise<Actor> {
    this.faults.check('actor');
    return { ...(this.actors.get(slackUserId) ?? actor(slackUserId, { selfService: this.selfService })) };
  }

  async ownerOf(iamUser: IamUserName): Promise<Ownership> {
    this.faults.check('ownerOf');
    return { ...(this.owners.get(iamUser.toLowerCase()) ?? { kind: 'unowned' }) };
  }

  /** Group members for per-account approver lists: S... -> people. */
  readonly groups = new Map<string, string[]>();

  async holds(slackUserId: SlackUserId, members: readonly string[]): Promise<boolean> {
    return (await this.membersOf(members)).includes(slackUserId);
  }

  /** Groups Slack cannot list right now: a membership they might hold is `unconfirmed`. */
  readonly unlistable = new Set<string>();

  async membership(slackUserId: SlackUserId, members: readonly string[]): Promise<Membership> {
    this.faults.check('membership');
    if (members.includes(slackUserId)) return 'member';
    const groups = members.filter((id) => id.startsWith('S'));
    if (groups.some((id) => !this.unlistable.has(id) && this.groups.get(id)?.includes(slackUserId))) {
      return 'member';
    }
    return groups.some((id) => this.unlistable.has(id)) ? 'unconfirmed' : 'not-member';
  }

  async membersOf(members: readonly string[]): Promise<SlackUserId[]> {
    return [
      ...new Set(members.flatMap((id) => (id.startsWith('S') ? (this.groups.get(id) ?? []) : [id]))),
    ] as SlackUserId[];
  }
}
