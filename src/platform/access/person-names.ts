import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger';
import type { SlackUserId } from '../../kernel/types';

/** How a Slack person is shown to people reading a record of them: a name and an email, when known. */
export interface PersonName {
  name?: string;
  email?: string;
}

/** The Slack directory's profile of anyone (guests and deactivated people too): for showing, never for rights. */
export interface SlackProfiles {
  /** Undefined for an id Slack does not know. Failures throw. */
  profileOf(userId: SlackUserId): Promise<PersonName | undefined>;
}

const NAMES_TTL_MS = 15 * 60_000;

/**
 * Names for records people read (the audit export's `actor_name`, `actor_email`). Cached, since an
 * export names the same few people on every page; a failed lookup is an empty name, not cached and
 * never an error: a missing name must not cost anyone the export.
 */
export class PersonNames {
  private readonly known = new LRUCache<string, PersonName>({ max: 5000, ttl: NAMES_TTL_MS });

  constructor(
    private readonly profiles: SlackProfiles,
    private readonly log: Logger,
  ) {}

  async of(userId: SlackUserId): Promise<PersonName> {
    const cached = this.known.get(userId);
    if (cached) return cached;
    try {
      const name = (await this.profiles.profileOf(userId)) ?? {};
      this.known.set(userId, name);
      return name;
    } catch (error) {
      this.log.warn(
        { err: error, slackUser: userId },
        'a Slack profile could not be read; shown without a name',
      );
      return {};
    }
  }
}
