import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { People } from '../../../kernel/ports/people';
import type { SlackUserId } from '../../../kernel/types';
import { mapConcurrent } from '../../../kernel/map-concurrent';
import type { ShownRowsReconciler } from './key-id-lookup';
import { markShownRows } from './line-marks';

export interface ShownRowsReconcilerDeps {
  /** Keywarden's own record of what it did: read to say who did what, never to decide. */
  trail: Pick<AuditLog, 'recent'>;
  /** Who owns the IAM users shown, for a mention; absent, lines name the IAM user only. */
  people?: Pick<People, 'ownerOf'>;
  log: Logger;
}

/**
 * Item 1 of issue 26: a report made right after a cleanup must not offer what was just fixed. The rows a
 * message shows (at most MAX_KEYS_SHOWN) are checked against IAM's listing of their users, which the run
 * already made to name their keys (no call per key of the whole report), and marked; their owners are
 * looked up for a mention.
 */
export function shownRowsReconciler(deps: ShownRowsReconcilerDeps): ShownRowsReconciler {
  return async (report, rows, lookup) => {
    const shown = report.keys.slice(0, rows);
    const marks = await markShownRows(
      shown,
      (key) => lookup.listingOf(key),
      deps.trail,
      report.generatedAt,
      deps.log,
    );
    const owners = new Map<string, SlackUserId>();
    const { people } = deps;
    if (people) {
      const names = [...new Set(shown.map((key) => key.owner.toLowerCase()))];
      const users = new Map(shown.map((key) => [key.owner.toLowerCase(), key.owner]));
      await mapConcurrent(names, 4, async (name) => {
        const iamUser = users.get(name);
        if (!iamUser) return;
        try {
          const ownership = await people.ownerOf(iamUser);
          if (ownership.kind === 'person') owners.set(name, ownership.slackUser);
        } catch (error) {
          deps.log.warn(
            { err: error, iamUser },
            'the owner could not be looked up; the line names the IAM user',
          );
        }
      });
    }
    // A key gone from IAM has no id to find: it was counted as one IAM would not name, which it is not.
    const gone = [...marks].filter(([row, mark]) => mark.kind === 'deleted' && !shown[row]?.keyId).length;
    const missing = Math.max(0, (report.keyIdsMissing ?? 0) - gone);
    const { keyIdsMissing: _missing, ...rest } = report;
    return {
      ...rest,
      ...(missing > 0 ? { keyIdsMissing: missing } : {}),
      ...(marks.size > 0 ? { marks } : {}),
      ...(owners.size > 0 ? { owners } : {}),
    };
  };
}
