import type { PendingDecision } from '../../approvals/domain';
import type { SlackUserId } from '../../../kernel/types';

/** How long a "verify with your identity provider" link lives after the Approve click. */
export const TICKET_TTL_MS = 5 * 60_000;

/** The sign-in under way for a ticket: what its callback must match. */
export interface SignInFlow {
  /** sha256 of the state's secret part; the state itself is never stored. */
  stateHash: string;
  nonce: string;
  /** PKCE: only the challenge left for the provider; the verifier waits here for the code exchange. */
  codeVerifier: string;
  /** sha256 of the cookie the start set in the approver's browser: the callback must come back to it. */
  browserHash: string;
}

/**
 * One step-up: an approval (request, approver, decision and note) waiting for its approver's sign-in.
 * Stored under the sha256 of its token (the token itself is only in the approver's link), used
 * at most once, by a conditional write, and gone after TICKET_TTL_MS whatever the TTL has done.
 */
export interface StepUpTicket {
  /** sha256 (hex) of the token. */
  id: string;
  approver: SlackUserId;
  verb: 'approve';
  decision: PendingDecision;
  issuedAt: Date;
  expiresAt: Date;
  flow?: SignInFlow;
  usedAt?: Date;
}
