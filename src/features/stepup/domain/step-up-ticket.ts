import type { PendingDecision } from '../../approvals/domain';
import type { KeyId, SlackUserId } from '../../../kernel/types';

/** How long a "verify with your identity provider" link lives after the click that asked for it. */
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
 * Re-activate key K of incident I with reason R (approvals.stepUp.for: reactivate-exposed): an
 * admin's Re-activate… on an exposure card, waiting for their sign-in. `incidentOpenedAt` names
 * the incident: a later incident of the same key is another one, which this ticket does not cover.
 */
export interface PendingReactivation {
  keyId: KeyId;
  incidentOpenedAt: Date;
  why: string;
  /** The card's channel, where the admin is answered. */
  channel?: string;
}

/** What a ticket lets its person do once they have signed in: exactly one of these. */
export type StepUpPurpose =
  | { verb: 'approve'; decision: PendingDecision }
  | { verb: 'reactivate-exposed'; reactivation: PendingReactivation };

export type StepUpVerb = StepUpPurpose['verb'];

/**
 * One step-up: an action (an approval's request, decision and note; or a re-activation's key,
 * incident and reason) bound to the person who must sign in (`approver`, whatever the verb).
 * Stored under the sha256 of its token (the token itself is only in that person's link), used
 * at most once, by a conditional write, and gone after TICKET_TTL_MS whatever the TTL has done.
 */
export type StepUpTicket = StepUpPurpose & {
  /** sha256 (hex) of the token. */
  id: string;
  approver: SlackUserId;
  issuedAt: Date;
  expiresAt: Date;
  flow?: SignInFlow;
  usedAt?: Date;
};

/** Where the person is answered in Slack: beside the request, or in the card's channel. */
export function channelOf(purpose: StepUpPurpose): string | undefined {
  return purpose.verb === 'approve' ? purpose.decision.message.channel : purpose.reactivation.channel;
}

/** The ids a log line or an audit event names for the ticket's action (never the token). */
export function subjectOf(purpose: StepUpPurpose): { requestId: string } | { keyId: KeyId } {
  return purpose.verb === 'approve'
    ? { requestId: purpose.decision.requestId }
    : { keyId: purpose.reactivation.keyId };
}
