import type { Actor } from '../../../kernel/authorization';
import type { Logger } from '../../../kernel/logger';
import type { AuditAction, AuditLog } from '../../../kernel/ports/audit-log';
import { Auditor, type AuditDetails } from '../../../kernel/auditor';
import type { Clock } from '../../../kernel/types';
import type { ApprovalOutcome, ApprovalRequest, ApprovalState, Decider } from './approval';
import type { ApprovalNotifier } from './ports/approval-notifier';
import { StaleTransitionError, type ApprovalStore, type TransitionConditions } from './ports/approval-store';
import { isFinal, OpenRequestClaims } from './open-request-claims';
import type { RequestEndings } from './request-endings';

export interface RecordsDeps {
  store: ApprovalStore;
  notifier: ApprovalNotifier;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** Told when a request ends; every ending passes through notify(…, 'update'). */
  endings?: RequestEndings;
}

/** The result of a write that another writer may have beaten, or that the store may not take. */
export type Settled =
  | { stored: true; request: ApprovalRequest }
  | { stored: false; lost: true; current?: ApprovalRequest }
  | { stored: false; lost: false; error: unknown };

/** Pause between attempts at a write the store refused for a reason other than a lost race. */
const RETRY_PAUSE_MS = 200;

/** What the approval steps share: final writes, the audit trail, and telling people. */
export class ApprovalRecords {
  private readonly auditor: Auditor;
  /** The one open request per key; also what request() claims through. */
  readonly claims: OpenRequestClaims;

  constructor(private readonly deps: RecordsDeps) {
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
    this.claims = new OpenRequestClaims(deps.store, deps.clock);
  }

  /**
   * Moves a request to `to` and updates its message. A lost race is never retried (the winner
   * decided); a store failure is, `attempts` times in all, since some writes must not be left
   * undone (a withdrawn request, a deletion already carried out).
   */
  async settle(
    request: ApprovalRequest,
    to: ApprovalState,
    outcome: ApprovalOutcome,
    options: { by?: Decider; conditions?: TransitionConditions; attempts?: number } = {},
  ): Promise<Settled> {
    const attempts = options.attempts ?? 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const settled = await this.deps.store.transition(
          request,
          {
            to,
            entry: { at: this.deps.clock.now(), by: options.by ?? outcome.by, state: to, note: outcome.kind },
            outcome,
          },
          options.conditions,
        );
        if (isFinal(to)) await this.release(settled);
        await this.notify(settled, 'update');
        return { stored: true, request: settled };
      } catch (error) {
        if (error instanceof StaleTransitionError)
          return { stored: false, lost: true, current: error.current };
        lastError = error;
        this.deps.log.error(
          { err: error, requestId: request.id, to, attempt, attempts },
          'approval state could not be stored',
        );
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
      }
    }
    return { stored: false, lost: false, error: lastError };
  }

  /**
   * Frees the key for a new request once this one has ended. Best effort: a claim left on an ended
   * request is taken over by the next requester anyway (OpenRequestClaims).
   */
  async release(request: ApprovalRequest): Promise<void> {
    try {
      await this.claims.release(request);
    } catch (error) {
      this.deps.log.warn({ err: error, requestId: request.id }, 'the key claim could not be released');
    }
  }

  /** Slack being down must not undo or hide a decision already stored. */
  async notify(request: ApprovalRequest, what: 'update' | 'requester'): Promise<void> {
    try {
      if (what === 'update') {
        if (request.message) await this.deps.notifier.update(request);
      } else {
        await this.deps.notifier.tellRequester(request);
      }
    } catch (error) {
      this.deps.log.warn({ err: error, requestId: request.id, what }, 'approval notification failed');
    }
    // Every ending updates its message (settle, a rejection, a deletion's finish), with or without one.
    if (what === 'update' && isFinal(request.state)) await this.deps.endings?.ended(request);
  }

  audit(
    actor: Actor | Decider,
    action: AuditAction,
    outcome: 'ok' | 'refused' | 'failed',
    details: AuditDetails,
  ): Promise<void> {
    return this.auditor.record(actor, action, outcome, details);
  }
}

export function target(request: ApprovalRequest) {
  return { owner: request.owner, account: request.account, keyId: request.keyId, requestId: request.id };
}
