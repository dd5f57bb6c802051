import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger';
import { asIamUserName, type IamUserName, type SlackUserId } from '../keys/types';
import type { SlackDirectory } from './slack-directory';

const IDENTITY_TTL_MS = 5 * 60_000;

export interface IdentityPolicy {
  users: Record<string, string>;
  emailDomain?: string;
}

/**
 * Slack user <-> IAM user. The explicit map wins; with an email domain, IAM user "bob" is the Slack
 * user whose email is bob@<domain>, in both directions. Lookups are cached; failures are not.
 */
export class Identity {
  private readonly iamBySlack = new LRUCache<string, { user?: IamUserName }>({
    max: 5000,
    ttl: IDENTITY_TTL_MS,
  });
  private readonly slackByIam = new LRUCache<string, { user?: SlackUserId }>({
    max: 5000,
    ttl: IDENTITY_TTL_MS,
  });

  constructor(
    private readonly policy: IdentityPolicy,
    private readonly directory: SlackDirectory,
    private readonly log: Logger,
  ) {}

  async iamUserOf(slackUserId: SlackUserId): Promise<IamUserName | undefined> {
    const explicit = this.policy.users[slackUserId];
    if (explicit !== undefined) return asIamUserName(explicit);
    const domain = this.policy.emailDomain;
    if (!domain) return undefined;
    const cached = this.iamBySlack.get(slackUserId);
    if (cached) return cached.user;
    const email = await this.lookup(() => this.directory.emailOf(slackUserId), { slackUserId });
    if (email === null) return undefined;
    const user = iamUserFromEmail(email, domain);
    this.iamBySlack.set(slackUserId, { user });
    return user;
  }

  async slackUserOf(iamUser: IamUserName): Promise<SlackUserId | undefined> {
    const explicit = Object.entries(this.policy.users).find(([, name]) => name === iamUser);
    if (explicit) return explicit[0] as SlackUserId;
    const domain = this.policy.emailDomain;
    if (!domain) return undefined;
    const cached = this.slackByIam.get(iamUser);
    if (cached) return cached.user;
    const user = await this.lookup(() => this.directory.userByEmail(`${iamUser}@${domain}`), { iamUser });
    if (user === null) return undefined;
    this.slackByIam.set(iamUser, { user });
    return user;
  }

  /** null when Slack could not answer: the caller must not cache that as "nobody". */
  private async lookup<T>(call: () => Promise<T>, context: object): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      this.log.warn({ err: error, ...context }, 'identity lookup failed');
      return null;
    }
  }
}

function iamUserFromEmail(email: string | undefined, domain: string): IamUserName | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  if (at < 0 || email.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  return asIamUserName(email.slice(0, at));
}
