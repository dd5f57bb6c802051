import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger';
import type { Ownership } from '../../kernel/ports/people';
import { asIamUserName, type IamUserName, type SlackUserId } from '../../kernel/types';
import type { SlackDirectory } from './slack-directory';

const IDENTITY_TTL_MS = 5 * 60_000;

export interface IdentityPolicy {
  users: Record<string, string>;
  /** IAM users whose new secret goes to the admin who asked; no person owns them. */
  serviceUsers?: string[];
  emailDomain?: string;
}

/** What a Slack person maps to: an IAM user, nothing, or "Slack could not say". */
export type PersonLookup = { iamUser?: IamUserName } | { unconfirmed: true };

/**
 * Slack user <-> IAM user (security rule 2). The explicit map wins and is exclusive: an IAM user
 * named there is reachable only by the Slack user mapped to it, whatever email another account
 * shows. With an email domain, an IAM user outside the map and the service users is the Slack
 * member (not a guest, bot or deleted account) whose email is <name>@<domain>, in both
 * directions. Names compare case-insensitively, as IAM's do. Answers are cached; failures are not.
 */
export class Identity {
  private readonly iamBySlack = new LRUCache<string, { iamUser?: IamUserName }>({
    max: 5000,
    ttl: IDENTITY_TTL_MS,
  });
  private readonly slackByIam = new LRUCache<string, Ownership>({ max: 5000, ttl: IDENTITY_TTL_MS });
  /** Lower-cased IAM user -> its mapped Slack user. */
  private readonly explicitOwners: Map<string, SlackUserId>;
  private readonly serviceUsers: Set<string>;

  constructor(
    private readonly policy: IdentityPolicy,
    private readonly directory: SlackDirectory,
    private readonly log: Logger,
  ) {
    this.explicitOwners = new Map(
      Object.entries(policy.users).map(([slack, iam]) => [iam.toLowerCase(), slack as SlackUserId]),
    );
    this.serviceUsers = new Set((policy.serviceUsers ?? []).map((name) => name.toLowerCase()));
  }

  async iamUserOf(slackUserId: SlackUserId): Promise<PersonLookup> {
    const explicit = this.policy.users[slackUserId];
    if (explicit !== undefined) return { iamUser: asIamUserName(explicit) };
    const domain = this.policy.emailDomain;
    if (!domain) return {};
    const cached = this.iamBySlack.get(slackUserId);
    if (cached) return cached;
    let email: string | undefined;
    try {
      email = await this.directory.emailOf(slackUserId);
    } catch (error) {
      this.log.warn({ err: error, slackUserId }, 'identity lookup failed');
      return { unconfirmed: true };
    }
    const derived = iamUserFromEmail(email, domain);
    // An email never reaches a user the policy gave to someone explicitly, or to no person at all.
    const user = derived && !this.isClaimed(derived) ? derived : undefined;
    const answer = { iamUser: user };
    this.iamBySlack.set(slackUserId, answer);
    return answer;
  }

  async ownerOf(iamUser: IamUserName): Promise<Ownership> {
    const key = iamUser.toLowerCase();
    const explicit = this.explicitOwners.get(key);
    if (explicit) return { kind: 'person', slackUser: explicit };
    if (this.serviceUsers.has(key)) return { kind: 'service' };
    const domain = this.policy.emailDomain;
    if (!domain) return { kind: 'unowned' };
    const cached = this.slackByIam.get(key);
    if (cached) return cached;
    let found: SlackUserId | undefined;
    try {
      found = await this.directory.userByEmail(`${iamUser}@${domain}`);
    } catch (error) {
      this.log.warn({ err: error, iamUser }, 'identity lookup failed');
      return { kind: 'unconfirmed' };
    }
    const answer: Ownership = found ? { kind: 'person', slackUser: found } : { kind: 'unowned' };
    this.slackByIam.set(key, answer);
    return answer;
  }

  private isClaimed(iamUser: IamUserName): boolean {
    const key = iamUser.toLowerCase();
    return this.explicitOwners.has(key) || this.serviceUsers.has(key);
  }
}

function iamUserFromEmail(email: string | undefined, domain: string): IamUserName | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  if (at < 0 || email.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  return asIamUserName(email.slice(0, at));
}
