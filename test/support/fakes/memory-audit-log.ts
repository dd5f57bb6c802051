import type { AuditAction, AuditEvent, AuditLog, AuditQuery } from '../../../src/keys/ports/audit-log';
import { sameIamUser } from '../../../src/keys/types';
import { copy, Faults } from './faults';

/**
 * The audit trail in memory, answering `recent` as DynamoAuditLog does: by key, else by owner
 * (names ignore case), else everything; most recent first; at most `limit`.
 */
export class MemoryAuditLog implements AuditLog {
  readonly faults = new Faults<'record' | 'recent'>();
  readonly events: AuditEvent[] = [];

  async record(event: AuditEvent): Promise<void> {
    this.faults.check('record');
    this.events.push(copy(event));
  }

  async recent(query: AuditQuery): Promise<AuditEvent[]> {
    this.faults.check('recent');
    const matching = this.events.filter((event) => {
      if (query.keyId) return event.keyId === query.keyId;
      if (query.owner) return event.owner !== undefined && sameIamUser(event.owner, query.owner);
      return true;
    });
    // Later records of the same instant are more recent: reverse before a stable sort.
    return [...matching]
      .reverse()
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, query.limit)
      .map(copy);
  }

  of(action: AuditAction): AuditEvent[] {
    return this.events.filter((event) => event.action === action);
  }

  /** Short `action:outcome[:detail]` lines, for readable assertions on the whole trail. */
  summary(): string[] {
    return this.events.map((event) =>
      [event.action, event.outcome, event.detail].filter((part) => part !== undefined).join(':'),
    );
  }
}
