import type {
  AuditAction,
  AuditEvent,
  AuditLog,
  AuditQuery,
  AuditReader,
  AuditScope,
} from '../../../src/kernel/ports/audit-log';
import { sameIamUser } from '../../../src/kernel/types';
import type { PagePosition, Positioned } from '../../../src/kernel/page';
import { copy, Faults } from './faults';

/**
 * The audit trail in memory, answering `recent` as DynamoAuditLog does: by key, else by owner
 * (names ignore case), else everything; most recent first; at most `limit`.
 */
export class MemoryAuditLog implements AuditLog, AuditReader {
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

  /** The same order and positions as the DynamoDB trail: newest first, `<at>#<index>`. */
  async slice(
    scope: AuditScope,
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<AuditEvent>[]> {
    const inScope = this.events
      .map((event, index) => ({
        item: copy(event),
        position: `${event.at.toISOString()}#${index}` as PagePosition,
      }))
      .filter(({ item }) =>
        'keyId' in scope
          ? item.keyId === scope.keyId
          : 'owner' in scope
            ? item.owner !== undefined && sameIamUser(item.owner, scope.owner)
            : true,
      )
      .sort((a, b) => (a.position < b.position ? 1 : -1));
    const list = order === 'forward' ? inScope : [...inScope].reverse();
    const start =
      from === undefined
        ? 0
        : list.findIndex((entry) => (order === 'forward' ? entry.position < from : entry.position > from));
    return start < 0 ? [] : list.slice(start, start + limit);
  }

  async *since(since: Date): AsyncIterable<AuditEvent[]> {
    yield this.events
      .filter((event) => event.at >= since)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
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
