import type { Actor } from '../../../kernel/authorization';
import type { Auditor } from '../../../kernel/auditor';
import { done, refused, type Outcome } from '../../../kernel/outcome';
import { keeping, readPage, type Page, type PageCursor, type SliceReader } from '../../../kernel/page';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { IamUserName, KeyId } from '../../../kernel/types';
import type { AuditEvent, AuditLog, AuditReader, AuditTrail } from '../../../kernel/ports/audit-log';

export const AUDIT_PAGE = 25;

export type { AuditTrail };

/** `/keys audit`: recent events, for admins only, optionally about one IAM user or one key. */
export class AuditQueries {
  constructor(
    private readonly audit: AuditLog & AuditReader,
    /** A refused read of the trail is itself recorded. */
    private readonly auditor?: Auditor,
  ) {}

  private async refuse(
    actor: Actor,
    about?: { owner?: IamUserName; keyId?: KeyId; account?: string },
  ): Promise<Outcome<never>> {
    await this.auditor?.as(actor).refused('audit', {
      ...(about?.owner ? { owner: about.owner } : {}),
      ...(about?.keyId ? { keyId: about.keyId } : {}),
      ...(about?.account ? { account: about.account } : {}),
      detail: 'not-allowed',
    });
    return refused({ reason: 'not-allowed' });
  }

  async recent(
    actor: Actor,
    about?: { owner: IamUserName; account?: string } | { keyId: KeyId },
  ): Promise<Outcome<AuditEvent[]>> {
    if (!actor.isAdmin) return this.refuse(actor, about);
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

  /**
   * One page of a trail, newest first. Every page checks again that the actor is an admin: a
   * page button is a request like any other, whoever it was shown to.
   */
  async page(actor: Actor, trail: AuditTrail, cursor?: PageCursor): Promise<Outcome<Page<AuditEvent>>> {
    if (!actor.isAdmin) return this.refuse(actor, 'all' in trail ? undefined : trail);
    try {
      return done(await readPage(this.reader(trail), cursor, AUDIT_PAGE));
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }

  private reader(trail: AuditTrail): SliceReader<AuditEvent> {
    if ('all' in trail || 'keyId' in trail) {
      return (order, from, limit) => this.audit.slice(trail, order, from, limit);
    }
    const { owner, account } = trail;
    const read: SliceReader<AuditEvent> = (order, from, limit) =>
      this.audit.slice({ owner }, order, from, limit);
    // The index is by user name, which the same person has in every account: USER@ACCOUNT filters.
    return account === undefined ? read : keeping(read, (event) => event.account === account);
  }
}
