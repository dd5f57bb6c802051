import type { ApprovalRequest, MessageRef } from './approval';

/**
 * What the approver's fresh sign-in at the identity provider showed (approvals.stepUp): kept with
 * their approval, in the request's history and in the audit event.
 */
export interface StepUpEvidence {
  acr?: string;
  amr: string[];
  authTime: Date;
}

/** An approval that waits for its step-up: who decided what, on which request's message. */
export interface PendingDecision {
  requestId: string;
  message: MessageRef;
  note?: string;
}

/**
 * Whether an approval must be stepped up before it counts. The approvals slice knows nothing of
 * OpenID Connect: a higher slice (stepup) registers this gate at its install, and brings the
 * approval back through approve() with its evidence.
 */
export interface StepUpGate {
  requiredFor(request: ApprovalRequest): boolean;
}

/** The one gate a process has, set at install; none: approvals count as they always did. */
export class StepUpGates implements StepUpGate {
  private gate: StepUpGate | undefined;

  set(gate: StepUpGate): void {
    if (this.gate) throw new Error('a step-up gate is already registered');
    this.gate = gate;
  }

  requiredFor(request: ApprovalRequest): boolean {
    return this.gate?.requiredFor(request) ?? false;
  }
}

/** The short form that history notes and audit details carry. */
export function stepUpNote(evidence: StepUpEvidence): string {
  const acr = evidence.acr ? ` acr=${evidence.acr}` : '';
  return `step-up${acr} amr=${evidence.amr.join(',')} auth_time=${evidence.authTime.toISOString()}`;
}
