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

/** What a responder may still do under its claim: asked before each step another must not repeat. */
export interface HeldClaim {
  /** Renews the claim now; throws RETRY_LATER when another responder holds the incident. */
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
  fresh(): { responder: string; leaseUntil: Date } {
    return { responder: randomUUID(), leaseUntil: this.until() };
  }

  /** Takes over a response whose lease ran out: the new token, or undefined when another got there first. */
  async takeOver(keyId: KeyId): Promise<string | undefined> {
    const now = this.deps.clock.now();
    const token = randomUUID();
    let claimed = false;
    await updateIncident(this.deps.incidents, keyId, (current) => {
      claimed = current.stage === 'responding' && current.leaseUntil <= now;
      return claimed ? { ...current, responder: token, leaseUntil: this.until() } : current;
    });
    return claimed ? token : undefined;
  }

  /**
   * Extends the lease while the incident is still responding under this token. True while the claim
   * is this responder's (a response it finished included), false once another responder holds it.
   */
  async renew(keyId: KeyId, token: string): Promise<boolean> {
    const incident = await updateIncident(this.deps.incidents, keyId, (current) =>
      current.stage === 'responding' && current.responder === token
        ? { ...current, leaseUntil: this.until() }
        : current,
    );
    return incident.responder === token;
  }

  /**
   * Runs a response under its claim, renewed every third of the lease until the work ends (done,
   * failed, or cut short by a drain); a renewal that fails is retried at the next beat.
   */
  async hold<T>(keyId: KeyId, token: string, work: (claim: HeldClaim) => Promise<T>): Promise<T> {
    const heartbeat = this.deps.heartbeats.start({
      keeps: 'the incident claim',
      everyMs: this.deps.leaseMs / 3,
      beat: () => this.renew(keyId, token),
      log: this.deps.log,
      about: { keyId },
    });
    const confirm = async () => {
      if (heartbeat.lost.aborted || !(await this.renew(keyId, token))) {
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
