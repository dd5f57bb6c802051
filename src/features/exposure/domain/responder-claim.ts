import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../../kernel/errors';
import type { Heartbeats } from '../../../kernel/heartbeat';
import type { Logger } from '../../../kernel/logger';
import type { Clock, KeyId } from '../../../kernel/types';
import { updateIncident } from './incident-updates';
import type { Incident } from './incident';
import type { Incidents } from './ports/incidents';

/**
 * How long a responder's claim on a new incident holds without a renewal. The responder renews it
 * every third of this while it works, so only a responder that stopped (a crash, a drain cut short)
 * lets it lapse; a copy or the stopped responder's redelivered message, having watched it unrenewed
 * for this long on its own clock, takes it over and finishes the response.
 */
export const RESPONDER_LEASE_MS = 20_000;

/** A watcher's reads: a copy that arrives while its responder works joins within about this. */
const WATCH_EVERY_MS = 1_000;

/** A responder's claim as it last wrote it: its token and the lease's end. */
export interface Claim {
  responder: string;
  leaseUntil: Date;
}

/** What a responder may still do under its claim: asked before each step another must not repeat. */
export interface HeldClaim {
  /** Throws RETRY_LATER when another responder holds the incident; renews the claim when it is running low. */
  confirm(): Promise<void>;
}

/**
 * A responder's claim on an incident still `responding`: a token of its own (`responder`) and a lease
 * (`leaseUntil`), both in the incident's item. Every write of the claim is the incident's versioned
 * replace, so of two replicas that read the same lease only one changes it.
 */
export class ResponderClaims {
  constructor(
    private readonly deps: {
      incidents: Incidents;
      clock: Clock;
      heartbeats: Heartbeats;
      log: Logger;
      leaseMs: number;
    },
  ) {}

  /** The claim of a responder that opens the incident: a new token, the lease from now. */
  fresh(): Claim {
    return { responder: randomUUID(), leaseUntil: this.until() };
  }

  /**
   * Takes over a response its responder abandoned, judged on this replica's clock alone: once it has
   * seen the incident unchanged (still responding, the same version) for a whole lease. A responder
   * at work writes at least every third of a lease (its renewals, its steps), so it is never taken
   * from. Comparing the stored `leaseUntil` with this clock instead would hand a live response to a
   * replica whose clock runs ahead, and leave a dead one's unfinished by a replica whose clock lags
   * (its copy would join, and leave the queue). Undefined when the responder is at work, the response
   * is done, or another replica took it first.
   */
  async takeOverAbandoned(keyId: KeyId, seen: Incident): Promise<Claim | undefined> {
    const since = this.deps.clock.now().getTime();
    let current: Incident | undefined = seen;
    while (current?.stage === 'responding' && current.version === seen.version) {
      if (this.deps.clock.now().getTime() - since >= this.deps.leaseMs) {
        const claim = this.fresh();
        const taken = { ...current, ...claim, version: current.version + 1 };
        const won = await this.deps.incidents.replace(taken, {
          state: current.state,
          version: current.version,
        });
        return won ? claim : undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.deps.leaseMs / 6, WATCH_EVERY_MS)));
      current = await this.deps.incidents.get(keyId);
    }
    return undefined;
  }

  /**
   * Extends the lease while the incident is still responding under this token: the claim as it now
   * stands while it is this responder's (a response it finished included), undefined once another
   * responder holds it.
   */
  async renew(keyId: KeyId, responder: string): Promise<Claim | undefined> {
    const incident = await updateIncident(this.deps.incidents, keyId, (current) =>
      current.stage === 'responding' && current.responder === responder
        ? { ...current, leaseUntil: this.until() }
        : current,
    );
    return incident.responder === responder ? { responder, leaseUntil: incident.leaseUntil } : undefined;
  }

  /**
   * Runs a response under its claim, renewed every third of the lease until the work ends (done,
   * failed, or cut short by a drain); a renewal that fails is retried at the next beat.
   */
  async hold<T>(keyId: KeyId, claim: Claim, work: (held: HeldClaim) => Promise<T>): Promise<T> {
    let held = claim;
    const renew = async () => {
      const renewed = await this.renew(keyId, held.responder);
      if (renewed) held = renewed;
      return renewed !== undefined;
    };
    const heartbeat = this.deps.heartbeats.start({
      keeps: 'the incident claim',
      everyMs: this.deps.leaseMs / 3,
      beat: renew,
      log: this.deps.log,
      about: { keyId },
    });
    const confirm = async () => {
      const left = held.leaseUntil.getTime() - this.deps.clock.now().getTime();
      // A lease with two thirds left was written by this responder under a third of a lease ago, on
      // its own clock: nobody may have taken it since (a take-over needs a whole lease without a
      // write), so the fast path costs no write.
      if (!heartbeat.lost.aborted && left >= (this.deps.leaseMs * 2) / 3) return;
      if (heartbeat.lost.aborted || !(await renew())) {
        throw new KeywardenError(
          'RETRY_LATER',
          `another responder took over the incident of ${keyId}; this one stops before its next step`,
        );
      }
    };
    try {
      return await work({ confirm });
    } finally {
      heartbeat.stop();
    }
  }

  private until(): Date {
    return new Date(this.deps.clock.now().getTime() + this.deps.leaseMs);
  }
}
