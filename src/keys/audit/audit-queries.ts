import type { Actor } from '../authorization';
import { done, refused, type Outcome } from '../outcome';
import { storeRefusal } from '../store-refusal';
import type { IamUserName, KeyId } from '../types';
import type { AuditEvent, AuditLog } from '../ports/audit-log';

export const AUDIT_PAGE = 25;

/** `/keys audit`: recent events, for admins only, optionally about one IAM user or one key. */
export class AuditQueries {
  constructor(private readonly audit: AuditLog) {}

  async recent(
    actor: Actor,
    about?: { owner: IamUserName; account?: string } | { keyId: KeyId },
  ): Promise<Outcome<AuditEvent[]>> {
    if (!actor.isAdmin) return refused({ reason: 'not-allowed' });
    try {
      if (about && 'owner' in about && about.account !== undefined) {
        // The trail is indexed by user name, which the same person has in every account.
        const events = await this.audit.recent({ owner: about.owner, limit: AUDIT_PAGE * 4 });
        return done(events.filter((event) => event.account === about.account).slice(0, AUDIT_PAGE));
      }
      return done(await this.audit.recent({ ...about, limit: AUDIT_PAGE }));
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }
}
