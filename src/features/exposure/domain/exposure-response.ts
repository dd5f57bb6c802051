import { accountRef, managedAccountOf, type AccountRef } from '../../../kernel/account-ref';
import type { Account } from '../../../kernel/accounts';
import { Auditor, type BoundAuditor } from '../../../kernel/auditor';
import type { Logger } from '../../../kernel/logger';
import type { IamAccounts } from '../../../kernel/ports/accounts';
import type { AuditLog } from '../../../kernel/ports/audit-log';
import type { People } from '../../../kernel/ports/people';
import type { Clock, KeyId, KeyStatus, SlackUserId } from '../../../kernel/types';
import type { KeyCommands } from '../../keys/domain';
import {
  sameSource,
  type ExposureReport,
  type ExposureSource,
  type ExposureSourceKind,
} from './exposure-report';
import type { ExposurePolicy } from './exposure-policy';
import { isFound, type Containment, type Finding, type Incident } from './incident';
import { updateIncident } from './incident-updates';
import { summarizeActivity } from './key-activity';
import type { ManagedAccountById, KeyActivityLookup, PermissionReader } from './ports/exposure-lookups';
import type { IncidentNotifier } from './ports/incident-notifier';
import type { Incidents } from './ports/incidents';
import { sourceLabel } from './source-label';
import { RESPONDER_LEASE_MS, ResponderClaims, type Claim, type HeldClaim } from './responder-claim';
import { Heartbeats } from '../../../kernel/heartbeat';

export interface ExposureDeps {
  accounts: IamAccounts;
  accountById: ManagedAccountById;
  keys: Pick<KeyCommands, 'contain'>;
  incidents: Incidents;
  notifier: IncidentNotifier;
  activity: KeyActivityLookup;
  permissions: PermissionReader;
  people: Pick<People, 'ownerOf'>;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  policy: ExposurePolicy;
  /** Work after the card is up (permissions, CloudTrail, the owner's DM): tracked, so a drain waits for it. */
  background(work: () => Promise<void>): void;
  /** Counts each report received (keywarden_exposures_total{source}). */
  onReport?(kind: ExposureSourceKind): void;
  /** The responder's claim renewals run here, so a drain that gives up can end them; default its own. */
  heartbeats?: Heartbeats;
  /** The responder's lease (default RESPONDER_LEASE_MS); tests shorten it. */
  leaseMs?: number;
}

export interface Received {
  incident: Incident;
  /** The key already had an incident: this report was added to it (or was a copy of one it has). */
  duplicate: boolean;
}

/**
 * A leaked key's response: one incident per key (the conditional write on INCIDENT#<keyId>), then
 * find the key, contain it, post the card; the permissions, CloudTrail and the owner's DM follow
 * in the background, so containment never waits for them. Every step is audited.
 */
export class ExposureResponse {
  private readonly auditor: Auditor;
  private readonly claims: ResponderClaims;

  constructor(private readonly deps: ExposureDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
    this.claims = new ResponderClaims({
      incidents: deps.incidents,
      clock: deps.clock,
      heartbeats: deps.heartbeats ?? new Heartbeats(),
      log: deps.log,
      leaseMs: deps.leaseMs ?? RESPONDER_LEASE_MS,
    });
  }

  /**
   * Resolves once the incident is stored with its containment and its card (a queue message may
   * then be removed). Throws when the incident could not be stored or the card not posted: the
   * message stays queued and its redelivery finishes the response.
   */
  async receive(report: ExposureReport, by: SlackUserId | 'system' = 'system'): Promise<Received> {
    const { keyId, source } = report;
    const audit = this.auditor.as(by);
    this.deps.onReport?.(source.kind);
    const claim = this.claims.fresh();
    const fresh: Incident = {
      id: keyId,
      keyId,
      state: 'OPEN',
      version: 1,
      sources: [source],
      openedAt: this.deps.clock.now(),
      stage: 'responding',
      ...claim,
    };
    if (await this.deps.incidents.open(fresh)) {
      await audit.ok('exposure', { keyId, detail: `received: ${sourceLabel(source)}` });
      return { incident: await this.respond(keyId, report, claim), duplicate: false };
    }
    return { incident: await this.another(report, audit), duplicate: true };
  }

  /** A copy, a redelivery or a second source of a key with an incident. */
  private async another(report: ExposureReport, audit: BoundAuditor): Promise<Incident> {
    const { keyId, source } = report;
    let added = false;
    const incident = await updateIncident(this.deps.incidents, keyId, (current) => {
      added = !current.sources.some((known) => sameSource(known, source));
      return added ? { ...current, sources: [...current.sources, source] } : current;
    });
    await audit.ok('exposure', {
      keyId,
      ...(incident.finding && isFound(incident.finding) ? { owner: incident.finding.owner } : {}),
      ...(incident.account ? { account: incident.account } : {}),
      detail: `${added ? 'also reported' : 'duplicate'}: ${sourceLabel(source)}`,
    });
    if (incident.stage === 'responding') {
      // The responder may have stopped before the card was up (a crash, Slack down): this copy then
      // finishes it. One still at work renews its claim (its heartbeat), so it is never taken from it.
      const claimed = await this.claims.takeOverAbandoned(keyId, incident);
      if (claimed) return this.respond(keyId, report, claimed);
      return (await this.deps.incidents.get(keyId)) ?? incident;
    }
    if (added && incident.card) await this.showCard(incident);
    return incident;
  }

  /** Find, contain, post, under the claim, kept by its heartbeat until the card is stored. */
  private respond(keyId: KeyId, report: ExposureReport, claim: Claim): Promise<Incident> {
    return this.claims.hold(keyId, claim, (held) => this.respondHeld(keyId, report, held));
  }

  /**
   * Each step once, skipped when a responder before this one did it. The claim is confirmed before
   * the deactivation and before the card: a responder whose claim another took does neither.
   */
  private async respondHeld(keyId: KeyId, report: ExposureReport, claim: HeldClaim): Promise<Incident> {
    const update = (change: (incident: Incident) => Incident) =>
      updateIncident(this.deps.incidents, keyId, change);
    let incident = (await this.deps.incidents.get(keyId)) as Incident;
    if (!incident.containment) {
      // Found and contained, then stored in one write: a responder that stops in between leaves
      // neither, and the one that takes over finds the key again (IAM's status makes a repeat a no-op).
      let found: Incident = incident;
      let status: KeyStatus | undefined;
      if (!incident.finding) {
        const located = await this.find(report);
        status = located.status;
        found = {
          ...incident,
          finding: located.finding,
          ...(located.account ? accountRef(located.account) : {}),
        };
      }
      await claim.confirm();
      const containment = await this.contain(found, status);
      incident = await update((current) =>
        current.containment
          ? current
          : {
              ...current,
              finding: current.finding ?? found.finding,
              ...(current.account || current.accountId ? {} : refOf(found)),
              containment,
            },
      );
    }
    if (!incident.card) {
      incident = await this.withOwner(incident);
      await claim.confirm();
      const card = await this.deps.notifier.postCard(incident);
      incident = await update((current) => ({ ...current, card, stage: 'responded' }));
      await this.auditor.record('system', 'exposure', 'ok', {
        ...this.about(incident),
        detail: 'card posted',
      });
    }
    incident = await update((current) =>
      current.stage === 'responded' ? current : { ...current, stage: 'responded' },
    );
    this.deps.background(() => this.enrich(keyId));
    return incident;
  }

  /** The key's account (the event's, which must be managed), user and owner. */
  private async find(
    report: ExposureReport,
  ): Promise<{ finding: Finding; account?: Account; status?: KeyStatus }> {
    const { keyId, accountId } = report;
    let named: Account | undefined;
    if (accountId) {
      named = await this.deps.accountById(accountId);
      if (!named) {
        await this.auditor.record('system', 'exposure', 'refused', {
          keyId,
          detail: `account ${accountId} not managed: nothing was changed`,
        });
        return { finding: { kind: 'not-managed', accountId } };
      }
    }
    const resolved = await this.deps.accounts.resolve(keyId, 'system');
    if (!resolved.ok) {
      const finding: Finding =
        resolved.refusal.reason === 'no-such-key'
          ? { kind: 'no-such-key' }
          : { kind: 'unresolved', why: resolved.refusal.reason };
      await this.auditor.record('system', 'exposure', 'failed', {
        keyId,
        detail: `key not found: ${resolved.refusal.reason}`,
      });
      return { finding, ...(named ? { account: named } : {}) };
    }
    const { account, owner, key, lastUse } = resolved.value;
    // The event names the account: a key another managed account holds is not the one reported.
    if (named && named.name !== account.name) return { finding: { kind: 'no-such-key' }, account: named };
    return { finding: { kind: 'found', owner, lastUse }, account, status: key.status };
  }

  /** The key's owner in Slack, for the card and the DM: looked up after the key is off, not before. */
  private async withOwner(incident: Incident): Promise<Incident> {
    const { finding } = incident;
    if (!isFound(finding) || finding.ownerSlack) return incident;
    const ownership = await this.deps.people.ownerOf(finding.owner);
    if (ownership.kind !== 'person') return incident;
    const ownerSlack = ownership.slackUser;
    return updateIncident(this.deps.incidents, incident.keyId, (current) =>
      isFound(current.finding) ? { ...current, finding: { ...current.finding, ownerSlack } } : current,
    );
  }

  private async contain(incident: Incident, status: KeyStatus | undefined): Promise<Containment> {
    const { finding, keyId } = incident;
    const account = managedAccountOf(incident, this.deps.accounts.all());
    if (!isFound(finding) || !account) return { kind: 'not-contained', why: 'not-found' };
    const about = this.about(incident);
    if (!this.deps.policy.deactivate) {
      await this.auditor.record('system', 'exposure', 'ok', {
        ...about,
        detail: 'not contained: exposure.deactivate is false',
      });
      return { kind: 'not-contained', why: 'policy' };
    }
    const outcome = await this.deps.keys.contain({
      owner: finding.owner,
      account,
      keyId,
      ...(status ? { status } : {}),
    });
    if (!outcome.ok) {
      await this.auditor.record('system', 'exposure', 'failed', {
        ...about,
        detail: `not contained: ${outcome.refusal.reason}`,
      });
      return { kind: 'not-contained', why: 'failed', detail: outcome.refusal.reason };
    }
    await this.auditor.record('system', 'exposure', 'ok', { ...about, detail: 'contained: Inactive, held' });
    return { kind: 'inactive', at: this.deps.clock.now(), alreadyInactive: !outcome.value.changed };
  }

  /** After the card: the owner told, what the user can do, what the key did; the card updated each time. */
  async enrich(keyId: KeyId): Promise<void> {
    let incident = await this.deps.incidents.get(keyId);
    const account = incident && managedAccountOf(incident, this.deps.accounts.all());
    if (!incident || !account || !isFound(incident.finding)) return;
    const { owner, ownerSlack } = incident.finding;
    const update = (change: (current: Incident) => Incident) =>
      updateIncident(this.deps.incidents, keyId, change);
    if (ownerSlack && !incident.ownerTold) {
      try {
        await this.deps.notifier.tellOwner(ownerSlack, incident);
        incident = await update((current) => ({ ...current, ownerTold: true }));
        await this.auditor.record('system', 'exposure', 'ok', {
          ...this.about(incident),
          detail: 'owner told',
        });
      } catch (error) {
        this.deps.log.warn({ err: error, keyId }, "the key's owner could not be told of the incident");
        await this.auditor.record('system', 'exposure', 'failed', {
          ...this.about(incident),
          detail: 'owner not told',
        });
      }
    }
    const permissions = await this.deps.permissions.read(account, owner, 'system');
    incident = await update((current) => ({ ...current, permissions }));
    await this.showCard(incident);
    incident = await this.readActivity(incident, account, 'system');
    await this.showCard(incident);
  }

  /** CloudTrail over the policy's days and regions, stored on the incident. */
  async readActivity(
    incident: Incident,
    account: Account,
    caller: SlackUserId | 'system',
  ): Promise<Incident> {
    const { activityDays: days, regions } = this.deps.policy;
    const read = await this.deps.activity.lookup(account, { keyId: incident.keyId, days, regions }, caller);
    const activity = summarizeActivity(read, days, this.deps.clock.now());
    const updated = await updateIncident(this.deps.incidents, incident.keyId, (current) => ({
      ...current,
      activity,
    }));
    const failed = activity.failed.map((region) => `${region.region} ${region.failure}`).join(', ');
    await this.auditor.record(caller, 'exposure', failed ? 'failed' : 'ok', {
      ...this.about(updated),
      detail: `${caller === 'system' ? 'activity read' : 'refreshed'}: ${activity.count}${activity.atLeast ? '+' : ''} events${failed ? `; ${failed}` : ''}`,
    });
    return updated;
  }

  /** The card as the incident now is; a failed update is logged (the next one shows it all). */
  async showCard(incident: Incident): Promise<void> {
    if (!incident.card) return;
    try {
      await this.deps.notifier.updateCard({ ...incident, card: incident.card });
    } catch (error) {
      this.deps.log.warn({ err: error, keyId: incident.keyId }, 'the incident card could not be updated');
    }
  }

  /** The trail's fields of an incident. */
  about(incident: Incident): {
    keyId: KeyId;
    owner?: Extract<Finding, { kind: 'found' }>['owner'];
    account?: string;
  } {
    return {
      keyId: incident.keyId,
      ...(isFound(incident.finding) ? { owner: incident.finding.owner } : {}),
      ...(incident.account ? { account: incident.account } : {}),
    };
  }
}

export type { ExposureSource };

/** The account fields a record carries, and only those. */
function refOf(incident: Incident): AccountRef {
  return {
    ...(incident.account ? { account: incident.account } : {}),
    ...(incident.accountId ? { accountId: incident.accountId } : {}),
  };
}
