import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger';
import { Auditor } from '../audit/auditor';
import { mapConcurrent } from '../map-concurrent';
import type { AuditLog } from '../ports/audit-log';
import type { NudgeCount, NudgeLedger } from '../ports/nudge-ledger';
import type { OwnerNotifier } from '../ports/owner-notifier';
import type { People } from '../ports/people';
import { RetryLaterError } from '../ports/report-publisher';
import type { Clock, IamUserName, SlackUserId } from '../types';
import type { StaleKey } from './classify';
import { keyRefId, type KeyRef } from './key-ref';
import { isSnoozed } from './snooze';
import type { IgnoredKey, StaleReport } from './stale-report';

export interface OwnerNudgesDeps {
  people: Pick<People, 'ownerOf'>;
  ledger: NudgeLedger;
  notifier: OwnerNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Owner lookups at once: each may be a Slack call. Default 4. */
  lookupConcurrency?: number;
  /** DM attempts while Slack answers "rate limited". Default 5. */
  maxAttempts?: number;
  maxRetryWaitMs?: number;
}

/** One run of one `reports` entry, as the nudges need it. */
export interface NudgeRun {
  /** The run's own name: the scheduled time, or a fresh one for a run started by hand. */
  runId: string;
  /** The entry's name ("0.C0SECOPS"): its counts are kept under it. */
  report: string;
  reportIndex: number;
  /** Unset: keys are not counted and nothing is escalated. */
  escalateAfterRuns?: number;
  signal?: AbortSignal;
}

export interface NudgeResult {
  /** The report with its "Ignored" keys, for the channel. */
  report: StaleReport;
  sent: number;
  /** Sent already by another replica, or by an earlier try of this run. */
  alreadySent: number;
  failed: number;
}

const refOf = (key: StaleKey): KeyRef => ({
  account: key.account ?? 'default',
  owner: key.owner,
  createdAt: key.createdAt,
});

/**
 * Owner nudges: each person owning a stale key gets one DM per run with their keys, not snoozed.
 * IAM users owned by no person (service users, unmapped ones) are left to the channel report, and
 * so is any whose owner Slack could not confirm: a DM to a guessed person is worse than none.
 */
export class OwnerNudges {
  private readonly auditor: Auditor;

  constructor(private readonly deps: OwnerNudgesDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async run(run: NudgeRun, report: StaleReport): Promise<NudgeResult> {
    const log = this.deps.log.child({ report: run.report, run: run.runId });
    if (report.snoozesUnavailable) {
      // Without the snoozes, a DM would nag people about keys they asked to leave alone.
      log.warn('owner nudges skipped: the snoozes could not be read');
      await this.audit(run, 'failed', 'owner nudges skipped: snoozes unreadable');
      return { report, sent: 0, alreadySent: 0, failed: 0 };
    }
    const now = this.deps.clock.now();
    // Two passes over the report: its keys are read from columns, and only those of owners who get a
    // DM are kept as objects (an organization's report can hold 90,000 stale keys).
    const names = new Map<string, IamUserName>();
    for (const key of report.keys) {
      if (!isSnoozed(key.snooze, now)) names.set(key.owner.toLowerCase(), key.owner);
    }
    const owners = await this.ownersOf([...names.values()], log);
    const due: StaleKey[] = [];
    const byOwner = new Map<SlackUserId, StaleKey[]>();
    for (const key of report.keys) {
      const owner = owners.get(key.owner.toLowerCase());
      if (!owner || isSnoozed(key.snooze, now)) continue;
      due.push(key);
      const keys = byOwner.get(owner) ?? [];
      byOwner.set(owner, keys);
      keys.push(key);
    }

    const counts = run.escalateAfterRuns === undefined ? undefined : await this.counts(run, log);
    const ignored = counts ? this.ignored(run, due, owners, counts) : [];

    let sent = 0;
    let alreadySent = 0;
    let failed = 0;
    const nudged: StaleKey[] = [];
    for (const [owner, keys] of byOwner) {
      const outcome = await this.dm(run, owner, keys, report, log);
      if (outcome === 'failed') {
        failed++;
        continue;
      }
      if (outcome === 'sent') sent++;
      else alreadySent++;
      nudged.push(...keys);
    }
    if (counts) await this.recount(run, nudged, counts, log);
    log.info({ sent, alreadySent, failed, ignored: ignored.length }, 'owner nudges done');
    await this.audit(
      run,
      failed > 0 ? 'failed' : 'ok',
      `owner nudges: ${sent} sent, ${alreadySent} sent before, ${failed} not sent, ${ignored.length} ignored keys`,
    );
    return { report: counts ? { ...report, ignored } : report, sent, alreadySent, failed };
  }

  /** IAM user (lower case) -> the person who owns it; anything else is left out, failures logged. */
  private async ownersOf(names: IamUserName[], log: Logger): Promise<Map<string, SlackUserId>> {
    const found = await mapConcurrent(names, this.deps.lookupConcurrency ?? 4, async (name) => {
      try {
        const ownership = await this.deps.people.ownerOf(name);
        if (ownership.kind === 'unconfirmed') log.warn({ iamUser: name }, 'owner not confirmed; no DM');
        return ownership.kind === 'person' ? ([name.toLowerCase(), ownership.slackUser] as const) : undefined;
      } catch (error) {
        log.warn({ err: error, iamUser: name }, 'owner lookup failed; no DM');
        return undefined;
      }
    });
    return new Map(found.filter((entry) => entry !== undefined));
  }

  /** Claimed first, so of two tries of one run only one DMs; given back if the DM fails. */
  private async dm(
    run: NudgeRun,
    owner: SlackUserId,
    keys: StaleKey[],
    report: StaleReport,
    log: Logger,
  ): Promise<'sent' | 'already-sent' | 'failed'> {
    try {
      if (!(await this.deps.ledger.claimDm(run.runId, owner, this.deps.clock.now()))) return 'already-sent';
    } catch (error) {
      log.error({ err: error, owner }, 'owner nudge skipped: the DM could not be claimed');
      return 'failed';
    }
    const nudge = {
      owner,
      keys,
      thresholds: report.thresholds,
      reportIndex: run.reportIndex,
      generatedAt: report.generatedAt,
      source: report.source,
      runId: run.runId,
    };
    const attempts = this.deps.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.notifier.nudge(nudge);
        return 'sent';
      } catch (error) {
        const retry = error instanceof RetryLaterError && attempt < attempts && !run.signal?.aborted;
        if (retry) {
          const waitMs = Math.min(error.retryAfterMs, this.deps.maxRetryWaitMs ?? 60_000);
          log.warn({ owner, attempt, waitMs }, 'Slack rate limited an owner nudge; retrying');
          const waited = await sleep(waitMs, true, { signal: run.signal }).catch(() => false);
          if (waited) continue;
        }
        log.error({ err: error, owner, attempt }, 'owner nudge could not be sent');
        await this.deps.ledger
          .releaseDm(run.runId, owner)
          .catch((releaseError: unknown) =>
            log.error({ err: releaseError, owner }, 'owner nudge claim could not be given back'),
          );
        return 'failed';
      }
    }
  }

  private async counts(run: NudgeRun, log: Logger): Promise<Map<string, NudgeCount> | undefined> {
    try {
      return new Map(
        (await this.deps.ledger.counts(run.report)).map((count) => [keyRefId(count.key), count]),
      );
    } catch (error) {
      log.error({ err: error }, 'nudge counts could not be read; nothing escalated this run');
      return undefined;
    }
  }

  /**
   * Keys nudged in at least N runs before this one and still stale, not snoozed: a key snoozed since
   * its last nudge was acted on, even if the snooze has ended.
   */
  private ignored(
    run: NudgeRun,
    due: StaleKey[],
    owners: Map<string, SlackUserId>,
    counts: Map<string, NudgeCount>,
  ): IgnoredKey[] {
    const limit = run.escalateAfterRuns ?? Infinity;
    return due.flatMap((key) => {
      const ownerSlack = owners.get(key.owner.toLowerCase());
      const count = counts.get(keyRefId(refOf(key)));
      if (!ownerSlack || !count || snoozedSince(key, count)) return [];
      // A retried run has counted itself already.
      const runs = count.lastRun === run.runId ? count.runs - 1 : count.runs;
      return runs >= limit ? [{ key, ownerSlack, runs }] : [];
    });
  }

  /** Nudged keys count one more run; every other counted key starts again. */
  private async recount(
    run: NudgeRun,
    nudged: StaleKey[],
    counts: Map<string, NudgeCount>,
    log: Logger,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const kept = new Set<string>();
    try {
      for (const key of nudged) {
        const id = keyRefId(refOf(key));
        const count = counts.get(id);
        if (count && snoozedSince(key, count)) await this.deps.ledger.reset(run.report, count.key);
        await this.deps.ledger.countNudge(run.report, refOf(key), run.runId, now);
        kept.add(id);
      }
      for (const [id, count] of counts) {
        if (!kept.has(id)) await this.deps.ledger.reset(run.report, count.key);
      }
    } catch (error) {
      log.error({ err: error }, 'nudge counts could not all be stored');
    }
  }

  private audit(run: NudgeRun, outcome: 'ok' | 'failed', detail: string): Promise<void> {
    return this.auditor.record('system', 'report', outcome, { detail: `${run.report}: ${detail}` });
  }
}

function snoozedSince(key: StaleKey, count: NudgeCount): boolean {
  return key.snooze !== undefined && key.snooze.at > count.lastNudgedAt;
}
