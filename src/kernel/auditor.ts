import type { Logger } from './logger';
import type { Actor } from './authorization';
import type { AuditAction, AuditEvent, AuditLog, AuditOutcome, AuditQuery } from './ports/audit-log';
import type { Clock, SlackUserId } from './types';

/** Who did it: a person (or their id), or `system` for the sweep and schedules. */
export type Who = Actor | SlackUserId | 'system';

export type AuditDetails = Omit<AuditEvent, 'at' | 'actor' | 'action' | 'outcome'>;

/** One person's entries: `auditor.as(actor).refused('create', { owner, detail })`. */
export interface BoundAuditor {
  ok(action: AuditAction, details?: AuditDetails): Promise<void>;
  refused(action: AuditAction, details?: AuditDetails): Promise<void>;
  failed(action: AuditAction, details?: AuditDetails): Promise<void>;
}

/**
 * The audit trail, bound to the clock, for every service. Events are recorded after the fact they
 * describe: if the store fails then, the change is already made and must still be answered
 * truthfully, so the event goes to the log in full (it never holds a secret) for a review to find.
 */
export class Auditor {
  constructor(
    private readonly trail: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  as(who: Who): BoundAuditor {
    const entry =
      (outcome: AuditOutcome) =>
      (action: AuditAction, details: AuditDetails = {}) =>
        this.record(who, action, outcome, details);
    return { ok: entry('ok'), refused: entry('refused'), failed: entry('failed') };
  }

  async record(
    who: Who,
    action: AuditAction,
    outcome: AuditOutcome,
    details: AuditDetails = {},
  ): Promise<void> {
    const event: AuditEvent = {
      at: this.clock.now(),
      actor: typeof who === 'object' ? who.slackUserId : who,
      action,
      outcome,
      ...details,
    };
    try {
      await this.trail.record(event);
    } catch (error) {
      this.log.error({ err: error, audit: event }, 'audit event could not be stored');
    }
  }

  /** Most recent first; throws when the store cannot be read (callers decide what that means). */
  recent(query: AuditQuery): Promise<AuditEvent[]> {
    return this.trail.recent(query);
  }
}
