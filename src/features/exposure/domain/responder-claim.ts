import { randomUUID } from 'node:crypto';
import { KeywardenError } from '../../../kernel/errors';
import type { Heartbeats } from '../../../kernel/heartbeat';
import type { Logger } from '../../../kernel/logger';
import type { Clock, KeyId } from '../../../kernel/types';
import { updateIncident } from './incident-updates';
import type { Incidents } from './ports/incidents';

/**
 * How long a responder's claim on a new incident holds without a renewal. The responder renews it
 * every third of this while it works, so only a responder that stopped (a crash, a drain cut short)
 * lets it run out; the queue's visibility outlasts it (see SqsPoller), so the stopped responder's
 * message comes back after the claim has run out, and finishes the response.
 */
export const RESPONDER_LEASE_MS = 20_000;

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

  /** Takes over a response whose lease ran out: the new claim, or undefined when another got there first. */
  async takeOver(keyId: KeyId): Promise<Claim | undefined> {
    const now = this.deps.clock.now();
    const claim = this.fresh();
    let claimed = false;
    await updateIncident(this.deps.incidents, keyId, (current) => {
      claimed = current.stage === 'responding' && current.leaseUntil <= now;
      return claimed ? { ...current, ...claim } : current;
    });
    return claimed ? claim : undefined;
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
      // A lease with two thirds left was written by this responder a moment ago: nobody may have taken
      // it since (a take-over waits for it to run out), so the fast path costs no write.
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
