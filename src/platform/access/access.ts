import type { Logger } from '../logger';
import type { Membership, Ownership, People } from '../../kernel/ports/people';
import type { IamUserName, SlackUserId } from '../../kernel/types';
import type { Actor } from '../../kernel/authorization';
import { Identity, type IdentityPolicy } from './identity';
import { Roles } from './roles';
import type { SlackDirectory } from './slack-directory';

export interface AccessPolicy {
  roles: { admins: string[]; approvers: string[] };
  selfService: boolean;
  identity: IdentityPolicy;
}

/** Derives who someone is and what they may do, from the policy and Slack, never from a payload. */
export class Access implements People {
  private readonly roles: Roles;
  readonly identity: Identity;

  constructor(
    private readonly policy: AccessPolicy,
    directory: SlackDirectory,
    log: Logger,
  ) {
    this.roles = new Roles(directory, log);
    this.identity = new Identity(policy.identity, directory, log);
  }

  async actor(slackUserId: SlackUserId): Promise<Actor> {
    const [person, isAdmin, isApprover] = await Promise.all([
      this.identity.iamUserOf(slackUserId),
      this.roles.holds(this.policy.roles.admins, slackUserId),
      this.roles.holds(this.policy.roles.approvers, slackUserId),
    ]);
    return {
      slackUserId,
      ...('unconfirmed' in person ? { identityUnconfirmed: true } : { iamUser: person.iamUser }),
      isAdmin,
      isApprover,
      selfService: this.policy.selfService,
    };
  }

  holds(slackUserId: SlackUserId, members: readonly string[]): Promise<boolean> {
    return this.roles.holds(members, slackUserId);
  }

  membership(slackUserId: SlackUserId, members: readonly string[]): Promise<Membership> {
    return this.roles.membership(members, slackUserId);
  }

  membersOf(members: readonly string[]): Promise<SlackUserId[]> {
    return this.roles.expand(members);
  }

  ownerOf(iamUser: IamUserName): Promise<Ownership> {
    return this.identity.ownerOf(iamUser);
  }
}
