import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../kernel/logger';
import { Auditor } from '../../../kernel/auditor';
import { mapConcurrent } from '../../../kernel/map-concurrent';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { NudgeCount, NudgeLedger } from './ports/nudge-ledger';
import type { OwnerNotifier } from './ports/owner-notifier';
import type { People } from '../../../kernel/ports/people';
import { RetryLaterError } from './ports/report-publisher';
import type { Clock, IamUserName, SlackUserId } from '../../../kernel/types';
import type { StaleKey } from './classify';
import type { KeyIdLookup } from './key-id-lookup';
import { accountRef, KeyRefIndex, keyRefs, stableAccountId } from './key-ref';
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
  /**
   * Started by the entry's schedule. Only such runs DM owners and count keys, so only they escalate: a
   * run started by hand (an admin's Run now) DMs nobody, changes no count, and shows the escalations
   * the last scheduled run made.
   */
  scheduled: boolean;
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

/** A stale key the run follows: DMed to its owner, or counted (snoozed, or its owner unknown this run). */
interface Tracked {
  key: StaleKey;
  owner?: SlackUserId;
  /** In its owner's DM this run: its owner is a person and it is not snoozed. */
  due: boolean;
  count?: NudgeCount;
}

/**
 * Owner nudges: each person owning a stale key gets one DM per run with their keys, not snoozed.
 * IAM users owned by no person (service users, unmapped ones) are left to the channel report, and
 * so is any whose owner Slack could not confirm: a DM to a guessed person is worse than none.
 *
 * Escalation counts time, not DMs: a key's count is the scheduled runs that found it stale since it
 * was first nudged. Snoozing pauses the DMs, not the count, so a short snooze after each nudge does
 * not keep a key out of "Ignored"; only a fix (the key no longer stale) starts it again.
 */
export class OwnerNudges {
  private readonly auditor: Auditor;

  constructor(private readonly deps: OwnerNudgesDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /** `keyIds`: names the DMed keys by their ids (the run's lookup, shared with the channel report). */
  async run(run: NudgeRun, report: StaleReport, keyIds?: KeyIdLookup): Promise<NudgeResult> {
    const log = this.deps.log.child({ report: run.report, run: run.runId });
    if (report.snoozesUnavailable) {
      // Without the snoozes, a DM would nag people about keys they asked to leave alone.
      log.warn('owner nudges skipped: the snoozes could not be read');
      await this.audit(run, 'failed', 'owner nudges skipped: snoozes unreadable');
      return { report, sent: 0, alreadySent: 0, failed: 0 };
    }
    const now = this.deps.clock.now();
    // Two passes over the report: its keys are read from columns, and only those the run follows are
    // kept as objects (an organization's report can hold 90,000 stale keys). Snoozed keys' owners are
    // asked for too: their count goes on, and "Ignored" names them.
    const names = new Map<string, IamUserName>();
    for (const key of report.keys) names.set(key.owner.toLowerCase(), key.owner);
    const owners = await this.ownersOf([...names.values()], log);
    const counts = run.escalateAfterRuns === undefined ? undefined : await this.counts(run, log);
    const refOf = keyRefs(report);
    const tracked: Tracked[] = [];
    const stillStale = new Set<NudgeCount>();
    for (const key of report.keys) {
      const owner = owners.get(key.owner.toLowerCase());
      const count = counts?.find(refOf(key));
      if (count) stillStale.add(count);
      const due = owner !== undefined && !isSnoozed(key.snooze, now);
      // A snooze is made from a nudge: its key is one the owner was told of, so it starts a count.
      if (due || count || (owner && counts)) tracked.push({ key, owner, due, ...(count ? { count } : {}) });
    }
    if (keyIds) await this.nameKeys(tracked, keyIds);

    const byOwner = new Map<SlackUserId, StaleKey[]>();
    for (const { key, owner, due } of tracked) {
      if (!due || !owner) continue;
      const keys = byOwner.get(owner) ?? [];
      byOwner.set(owner, keys);
      keys.push(key);
    }
    const ignored = counts ? this.ignored(run, tracked) : [];

    let sent = 0;
    let alreadySent = 0;
    let failed = 0;
    const notNudged = new Set<SlackUserId>();
    // A run by hand nudges nobody: people hear from Keywarden on the schedule, not at each Run now.
    for (const [owner, keys] of run.scheduled ? byOwner : []) {
      const outcome = await this.dm(run, { owner, keys, idsLookedUp: keyIds !== undefined }, report, log);
      if (outcome === 'failed') {
        failed++;
        notNudged.add(owner);
      } else if (outcome === 'sent') sent++;
      else alreadySent++;
    }
    if (counts && run.scheduled) {
      // A key whose DM failed starts no count; one counted before goes on, as it is still stale.
      const counted = tracked.filter(
        ({ owner, due, count }) => count || !due || (owner && !notNudged.has(owner)),
      );
      await this.recount(run, report, counted, counts, stillStale, log);
    }
    log.info({ sent, alreadySent, failed, ignored: ignored.length }, 'owner nudges done');
    await this.audit(
      run,
      failed > 0 ? 'failed' : 'ok',
      `owner nudges: ${sent} sent, ${alreadySent} sent before, ${failed} not sent, ${ignored.length} ignored keys`,
    );
    return { report: counts ? { ...report, ignored } : report, sent, alreadySent, failed };
  }

  /** The DMed keys by their ids, each owner's keys listed once; the ones IAM would not name stay by slot. */
  private async nameKeys(tracked: Tracked[], keyIds: KeyIdLookup): Promise<void> {
    const due = tracked.filter((entry) => entry.due);
    const { keys } = await keyIds.name(due.map((entry) => entry.key));
    due.forEach((entry, index) => {
      entry.key = keys[index] ?? entry.key;
    });
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
    { owner, keys, idsLookedUp }: { owner: SlackUserId; keys: StaleKey[]; idsLookedUp: boolean },
    report: StaleReport,
    log: Logger,
  ): Promise<'sent' | 'already-sent' | 'failed'> {
    try {
      if (!(await this.deps.ledger.claimDm(dmDay(this.deps.clock.now()), owner, this.deps.clock.now())))
        return 'already-sent';
    } catch (error) {
      log.error({ err: error, owner }, 'owner nudge skipped: the DM could not be claimed');
      return 'failed';
    }
    const nudge = {
      owner,
      keys,
      ...(idsLookedUp ? { keyIdsMissing: keys.filter((key) => key.keyId === undefined).length } : {}),
      thresholds: report.thresholds,
      reportIndex: run.reportIndex,
      accountIds: new Map(
        report.accounts.flatMap(({ account }) => (account.id ? [[account.name, account.id] as const] : [])),
      ),
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
          .releaseDm(dmDay(this.deps.clock.now()), owner)
          .catch((releaseError: unknown) =>
            log.error({ err: releaseError, owner }, 'owner nudge claim could not be given back'),
          );
        return 'failed';
      }
    }
  }

  /** The report's counts, each found by its key's account id, or its name for counts stored before. */
  private async counts(run: NudgeRun, log: Logger): Promise<KeyRefIndex<NudgeCount> | undefined> {
    try {
      return new KeyRefIndex(await this.deps.ledger.counts(run.report));
    } catch (error) {
      log.error({ err: error }, 'nudge counts could not be read; nothing escalated this run');
      return undefined;
    }
  }

  /**
   * Keys still stale `escalateAfterRuns` scheduled runs after their first nudge, snoozed or not. A run
   * by hand counts nothing, so it escalates only what the last scheduled run did.
   */
  private ignored(run: NudgeRun, tracked: Tracked[]): IgnoredKey[] {
    const limit = run.escalateAfterRuns ?? Infinity;
    return tracked.flatMap(({ key, owner, count }) => {
      if (!count) return [];
      // A retried run has counted itself already.
      const before = count.lastRun === run.runId ? count.runs - 1 : count.runs;
      // The first counted run is the first nudge; a scheduled run is one more after it.
      const since = run.scheduled ? before : before - 1;
      if (since < limit) return [];
      return [
        {
          key,
          ...(owner ? { ownerSlack: owner } : {}),
          runsSinceFirstNudge: since,
          ...(count.firstNudgedAt ? { firstNudgedAt: count.firstNudgedAt } : {}),
        },
      ];
    });
  }

  /**
   * Each key the run followed counts one more scheduled run. Every other counted key starts again if
   * its account was scanned: it is no longer stale (rotated, deactivated, deleted or used). A key of
   * an account that could not be scanned keeps its count: nobody knows it was fixed.
   */
  private async recount(
    run: NudgeRun,
    report: StaleReport,
    counted: Tracked[],
    counts: KeyRefIndex<NudgeCount>,
    stillStale: ReadonlySet<NudgeCount>,
    log: Logger,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const refOf = keyRefs(report);
    // Each scanned account as counts may name it: by its name, and by its id where it has one for good.
    const scanned = new Set(
      report.accounts
        .filter((section) => !section.failure)
        .flatMap(({ account }) => [
          account.name,
          accountRef({ account: account.name, accountId: stableAccountId(account) }),
        ]),
    );
    try {
      // A count stored before ids were kept goes on under its name: it is one count, not a new one.
      for (const { key, count } of counted) {
        await this.deps.ledger.countRun(run.report, count?.key ?? refOf(key), run.runId, now);
      }
      for (const count of counts.values()) {
        if (!stillStale.has(count) && scanned.has(accountRef(count.key))) {
          await this.deps.ledger.reset(run.report, count.key);
        }
      }
    } catch (error) {
      log.error({ err: error }, 'nudge counts could not all be stored');
    }
  }

  private audit(run: NudgeRun, outcome: 'ok' | 'failed', detail: string): Promise<void> {
    return this.auditor.record('system', 'report', outcome, { detail: `${run.report}: ${detail}` });
  }
}

/**
 * The DM claims are per owner and UTC day, not per run: an owner hears from Keywarden at most once a
 * day, however many `reports` entries (channels, accounts) find their keys stale that day; a retried
 * run finds its DMs claimed the same way.
 */
export function dmDay(now: Date): string {
  return `day:${now.toISOString().slice(0, 10)}`;
}
