import { managedAccountOf } from '../../../kernel/account-ref';
import { Auditor } from '../../../kernel/auditor';
import type { Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { Clock, KeyId } from '../../../kernel/types';
import type { KeyCommands } from '../../keys/domain';
import { stepUpNote, type StepUpEvidence } from '../../approvals/domain';
import type { ExposureResponse, Received } from './exposure-response';
import type { ExposurePolicy } from './exposure-policy';
import { isFound, type Incident } from './incident';
import { sourceLabel } from './source-label';
import { updateIncident } from './incident-updates';
import { summarizeActivity, type ActivitySummary } from './key-activity';
import type { KeyActivityLookup } from './ports/exposure-lookups';
import type { Incidents } from './ports/incidents';
import { done, refused, type Outcome } from './refusals';

export interface IncidentActionsDeps {
  /** Undefined when the policy has no `exposure:` block: there are no incidents, and `/keys exposed` says so. */
  response: ExposureResponse | undefined;
  accounts: IamAccounts;
  keys: Pick<KeyCommands, 'setStatus'>;
  incidents: Incidents;
  activity: KeyActivityLookup;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  policy: ExposurePolicy | undefined;
  /** What `/keys activity` reads without a policy block: the bot's region, 7 days. */
  defaultRegions: readonly string[];
  /** approvals.stepUp.for names reactivate-exposed (the stepup slice says, once installed). */
  reactivationNeedsStepUp?: () => boolean;
}

/** A stepped-up re-activation: the sign-in's evidence, and the incident its ticket was issued for. */
export interface ReactivationStepUp {
  evidence: StepUpEvidence;
  incidentOpenedAt: Date;
}

export const DEFAULT_ACTIVITY_DAYS = 7;
export const MAX_ACTIVITY_DAYS = 90;

/**
 * What admins do with incidents: report a key by hand, re-activate a contained key (with a reason,
 * shown on the card), refresh its CloudTrail activity, and read a key's activity without an
 * incident. Admins only; every refusal is audited.
 */
export class IncidentActions {
  private readonly auditor: Auditor;

  constructor(private readonly deps: IncidentActionsDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /** `/keys exposed KEY_ID [reason]`: the same response as an AWS report, the same dedupe. */
  async reportByHand(actor: Actor, keyId: KeyId, reason?: string): Promise<Outcome<Received>> {
    if (!actor.isAdmin) return this.refuse(actor, 'exposure', keyId);
    const response = this.deps.response;
    if (!response) return refused({ reason: 'exposure-not-configured' });
    const received = await response.receive(
      {
        keyId,
        source: {
          kind: 'manual',
          code: 'reported by hand',
          at: this.deps.clock.now(),
          by: actor.slackUserId,
          ...(reason ? { note: reason } : {}),
        },
      },
      actor.slackUserId,
    );
    return done(received);
  }

  /**
   * Re-activate… on the card: the key on again (lifting the hold), who and why on the card. Where
   * the policy asks for a step-up, an admin is first refused as `reactivation-step-up-required`
   * (nothing changes; the Slack layer answers with the verify link) and comes back here with the
   * sign-in's evidence, for the same incident only; rights and incident are checked again then.
   */
  async reactivate(
    actor: Actor,
    keyId: KeyId,
    why: string,
    stepUp?: ReactivationStepUp,
  ): Promise<Outcome<Incident>> {
    if (!actor.isAdmin) return this.refuse(actor, 'exposure', keyId, 'reactivate: not-allowed');
    const found = await this.incidentOf(keyId);
    if (!found) return refused({ reason: 'no-incident' });
    const { incident, account, owner, response } = found;
    if (stepUp && stepUp.incidentOpenedAt.getTime() !== incident.openedAt.getTime()) {
      // The ticket was for an earlier incident of this key: it does not cover this one.
      await this.refuse(actor, 'exposure', keyId, 'reactivate: step-up for another incident');
      return refused({ reason: 'no-incident' });
    }
    if (!stepUp && this.deps.reactivationNeedsStepUp?.()) {
      return refused({ reason: 'reactivation-step-up-required', keyId, incidentOpenedAt: incident.openedAt });
    }
    const outcome = await this.deps.keys.setStatus(actor, { owner, account, keyId }, 'Active');
    const about = response.about(incident);
    if (!outcome.ok) {
      await this.auditor.record(actor, 'exposure', 'failed', {
        ...about,
        detail: `not reactivated: ${outcome.refusal.reason}`,
      });
      return outcome;
    }
    const at = this.deps.clock.now();
    const updated = await updateIncident(this.deps.incidents, keyId, (current) => ({
      ...current,
      reactivated: { by: actor.slackUserId, why, at, ...(stepUp ? { stepUp: stepUp.evidence } : {}) },
    }));
    const verified = stepUp ? ` (${stepUpNote(stepUp.evidence)})` : '';
    await this.auditor.record(actor, 'exposure', 'ok', {
      ...about,
      detail: `reactivated: ${why}${verified}`,
    });
    await response.showCard(updated);
    return done(updated);
  }

  /** The reason a deletion from the card starts with: the incident's first report. */
  async deletionReason(keyId: KeyId): Promise<string> {
    const incident = await this.deps.incidents.get(keyId);
    const first = incident?.sources[0];
    const opened = incident ? ` (incident of ${incident.openedAt.toISOString().slice(0, 10)})` : '';
    return first ? `Leaked key: ${sourceLabel(first)}${opened}` : 'Leaked key';
  }

  /** Refresh activity on the card: CloudTrail read again, as the admin who clicked. */
  async refresh(actor: Actor, keyId: KeyId): Promise<Outcome<Incident>> {
    if (!actor.isAdmin) return this.refuse(actor, 'exposure', keyId, 'refresh: not-allowed');
    const found = await this.incidentOf(keyId);
    if (!found) return refused({ reason: 'no-incident' });
    const { incident, account, response } = found;
    const updated = await response.readActivity(incident, account, actor.slackUserId);
    await response.showCard(updated);
    return done(updated);
  }

  /** `/keys activity KEY_ID [DAYS]`: what the key did, ephemeral, no incident. */
  async activity(
    actor: Actor,
    keyId: KeyId,
    days?: number,
  ): Promise<Outcome<ActivitySummary & { keyId: KeyId }>> {
    if (!actor.isAdmin) return this.refuse(actor, 'activity', keyId);
    const resolved = await this.deps.accounts.resolve(keyId, actor.slackUserId);
    if (!resolved.ok) return resolved;
    const span = days ?? this.deps.policy?.activityDays ?? DEFAULT_ACTIVITY_DAYS;
    const regions = this.deps.policy?.regions ?? this.deps.defaultRegions;
    const read = await this.deps.activity.lookup(
      resolved.value.account,
      { keyId, days: span, regions },
      actor.slackUserId,
    );
    return done({ ...summarizeActivity(read, span, this.deps.clock.now()), keyId });
  }

  /** An incident whose key was found in a managed account: what the card's buttons act on. */
  private async incidentOf(keyId: KeyId) {
    const response = this.deps.response;
    const incident = response && (await this.deps.incidents.get(keyId));
    const account = incident && managedAccountOf(incident, this.deps.accounts.all());
    if (!response || !incident || !account || !isFound(incident.finding)) return undefined;
    return { incident, account, owner: incident.finding.owner, response };
  }

  private async refuse<T>(
    actor: Actor,
    action: 'exposure' | 'activity',
    keyId: KeyId,
    detail = 'not-allowed',
  ): Promise<Outcome<T>> {
    await this.auditor.record(actor, action, 'refused', { keyId, detail });
    return refused({ reason: 'not-allowed' });
  }
}
