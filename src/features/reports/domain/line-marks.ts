import type { AuditEvent, AuditLog } from '../../../kernel/ports/audit-log';
import type { Logger } from '../../../kernel/logger';
import type { AccessKey, SlackUserId } from '../../../kernel/types';
import type { StaleKey } from './classify';
import { findReported } from './stale-key-actions';

/** Who did something to a key, as Keywarden's own audit trail names them. */
export type MarkedBy = SlackUserId | 'system';

/**
 * What became of a reported key since the report's data was generated (a credential report can be
 * four hours old). `deleted` and `inactive` come from IAM itself, listed as the report is made: such a
 * line loses its actions. Who did it and when come from Keywarden's audit trail, to annotate only: a key
 * changed behind Keywarden's back is marked all the same, without a name.
 */
export type LineMark =
  | { kind: 'deleted'; by?: MarkedBy; at?: Date }
  | { kind: 'inactive'; by?: MarkedBy; at?: Date }
  /** Still Active in IAM, with a deletion request its approvers have not decided yet. */
  | { kind: 'deletion-requested'; by: MarkedBy; at: Date };

/** A mark that means nothing is left to act on: the line shows no actions. */
export function isSettled(mark: LineMark | undefined): boolean {
  return mark?.kind === 'deleted' || mark?.kind === 'inactive';
}

/** The IAM listing of a reported key's user, as the run already made it; undefined when it failed. */
export type ListingOf = (key: StaleKey) => Promise<AccessKey[] | undefined>;

/** Events of one key read to annotate a line: a few, newest first. */
const EVENTS_READ = 20;

/** Actions after which a pending deletion request no longer is one. */
const REQUEST_ENDED = new Set<AuditEvent['action']>(['reject', 'withdraw', 'expire', 'delete']);

/**
 * The mark of each row shown (by its index in the report), after IAM's listing of its user. Reading the
 * trail is best effort: when it fails the marks say what IAM says, without names.
 */
export async function markShownRows(
  rows: readonly StaleKey[],
  listingOf: ListingOf,
  trail: Pick<AuditLog, 'recent'>,
  since: Date,
  log: Logger,
): Promise<Map<number, LineMark>> {
  const marks = new Map<number, LineMark>();
  // A user's deletions are matched to their gone rows once each, newest to the first gone row.
  const deletions = new Map<string, AuditEvent[]>();
  for (const [index, row] of rows.entries()) {
    const listing = await listingOf(row);
    if (!listing) continue;
    const key = findReported(listing, row.createdAt);
    try {
      const mark = key
        ? await markOfListed(key, trail, since)
        : await markOfGone(row, listing, trail, since, deletions);
      if (mark) marks.set(index, mark);
    } catch (error) {
      log.warn({ err: error }, 'the audit trail could not be read; report lines are marked without names');
      if (!key) marks.set(index, { kind: 'deleted' });
      else if (key.status !== 'Active') marks.set(index, { kind: 'inactive' });
    }
  }
  return marks;
}

async function markOfListed(
  key: AccessKey,
  trail: Pick<AuditLog, 'recent'>,
  since: Date,
): Promise<LineMark | undefined> {
  const events = (await trail.recent({ keyId: key.keyId, limit: EVENTS_READ }))
    .filter((event) => event.outcome === 'ok' && event.at >= since)
    // Newest first, as the port promises; sorted here too, since the order decides what is pending.
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  if (key.status !== 'Active') {
    const deactivated = events.find((event) => event.action === 'deactivate');
    return { kind: 'inactive', ...(deactivated ? { by: deactivated.actor, at: deactivated.at } : {}) };
  }
  // Newest first: a request counts only if nothing ended it after.
  for (const event of events) {
    if (REQUEST_ENDED.has(event.action)) return undefined;
    if (event.action === 'request-deletion')
      return { kind: 'deletion-requested', by: event.actor, at: event.at };
  }
  return undefined;
}

async function markOfGone(
  row: StaleKey,
  listing: readonly AccessKey[],
  trail: Pick<AuditLog, 'recent'>,
  since: Date,
  deletions: Map<string, AuditEvent[]>,
): Promise<LineMark> {
  const user = `${row.account ?? ''}#${row.owner.toLowerCase()}`;
  let unclaimed = deletions.get(user);
  if (!unclaimed) {
    const listed = new Set(listing.map((key) => key.keyId));
    unclaimed = (await trail.recent({ owner: row.owner, limit: EVENTS_READ })).filter(
      (event) =>
        event.action === 'delete' &&
        event.outcome === 'ok' &&
        event.at >= since &&
        // Events written before accounts were named carry none: they are the user's all the same.
        (event.account === undefined || row.account === undefined || event.account === row.account) &&
        event.keyId !== undefined &&
        !listed.has(event.keyId),
    );
    deletions.set(user, unclaimed);
  }
  const deletion = unclaimed.shift();
  return { kind: 'deleted', ...(deletion ? { by: deletion.actor, at: deletion.at } : {}) };
}
