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
    about?: { owner: IamUserName } | { keyId: KeyId },
  ): Promise<Outcome<AuditEvent[]>> {
    if (!actor.isAdmin) return refused({ reason: 'not-allowed' });
    try {
      return done(await this.audit.recent({ ...about, limit: AUDIT_PAGE }));
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }
}
