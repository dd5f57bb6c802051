import type { Actor } from '../../../kernel/authorization';
import { Auditor } from '../../../kernel/auditor';
import type { Logger } from '../../../kernel/logger';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { People } from '../../../kernel/ports/people';
import type { Clock, SlackUserId } from '../../../kernel/types';
import { staleReasons, type StaleKey } from './classify';
import { dmDay } from './owner-nudges';
import type { NudgeLedger } from './ports/nudge-ledger';
import type { OwnerNotifier } from './ports/owner-notifier';
import { done, refused, type Outcome } from './refusals';
import type { ReportedKey, StaleKeyActions } from './stale-key-actions';
import { thresholdsFor, type StaleThresholds } from './thresholds';

export interface NudgeOnDemandDeps {
  actions: Pick<StaleKeyActions, 'stillStale'>;
  people: Pick<People, 'ownerOf'>;
  ledger: Pick<NudgeLedger, 'claimDm' | 'releaseDm'>;
  notifier: OwnerNotifier;
  reports: readonly StaleThresholds[];
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/**
 * "Nudge owner" on a report line: the owner's DM about that one key, now, by an admin. The same DM as
 * a scheduled run's, under the same rule: at most one nudge per owner per UTC day, whoever sends it.
 */
export class NudgeOnDemand {
  private readonly auditor: Auditor;

  constructor(private readonly deps: NudgeOnDemandDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  async nudge(actor: Actor, reported: ReportedKey): Promise<Outcome<{ owner: SlackUserId }>> {
    const found = await this.deps.actions.stillStale(actor, reported);
    if (!found.ok) return found;
    const { account, key, lastUse } = found.value;
    const audit = this.auditor.as(actor);
    const about = { owner: key.owner, account: account.name, keyId: key.keyId };
    const ownership = await this.deps.people.ownerOf(key.owner);
    if (ownership.kind !== 'person') {
      await audit.refused('remind', { ...about, detail: `nudge owner: ${ownership.kind}` });
      return refused({ reason: 'owner-not-a-person', owner: key.owner });
    }
    const owner = ownership.slackUser;
    const now = this.deps.clock.now();
    if (!(await this.deps.ledger.claimDm(dmDay(now), owner, now))) {
      await audit.refused('remind', { ...about, detail: 'nudge owner: already nudged today' });
      return refused({ reason: 'owner-already-nudged', owner: key.owner });
    }
    const thresholds = thresholdsFor(this.deps.reports, reported.reportIndex);
    const stale: StaleKey = {
      ...key,
      account: account.name,
      lastUse,
      reasons: staleReasons({ ...key, lastUse }, thresholds, now),
    };
    try {
      await this.deps.notifier.nudge({
        owner,
        keys: [stale],
        thresholds,
        reportIndex: reported.reportIndex,
        ...(account.id ? { accountIds: new Map([[account.name, account.id]]) } : {}),
        generatedAt: now,
        source: 'listing',
        runId: `nudge by ${actor.slackUserId} at ${now.toISOString()}`,
      });
    } catch (error) {
      // Given back, so a later nudge today may go out; the clicker is told through the failure answer.
      await this.deps.ledger.releaseDm(dmDay(now), owner).catch(() => undefined);
      await audit.failed('remind', { ...about, detail: 'nudge owner: the DM could not be sent' });
      throw error;
    }
    await audit.ok('remind', { ...about, detail: `nudge owner: DM sent to ${owner}` });
    return done({ owner });
  }
}
