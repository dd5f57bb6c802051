import type { ApprovalRequest, ApprovalService } from '../../approvals/domain';
import type { StepUpVerb } from './step-up-ticket';

type ApproveOutcome = Awaited<ReturnType<ApprovalService['approve']>>;
export type ApprovalRefused = Extract<ApproveOutcome, { ok: false }>['refusal'];

/** Why a step-up did not count. None of them records an approval or re-activates; each is audited. */
export type StepUpFailure =
  /** No ticket has this token (never issued, or long gone). */
  | 'unknown-link'
  | 'expired'
  | 'used'
  /** The callback's state is not the one this ticket's sign-in was sent with. */
  | 'forged-state'
  /** The callback came back to another browser than the one the link was opened in. */
  | 'other-browser'
  | 'rate-limited'
  | 'idp-unavailable'
  /** The provider refused the sign-in, or its answer failed openid-client's checks. */
  | 'idp-rejected'
  /** The sign-in's acr or amr is not one the policy asks for. */
  | 'weaker-auth'
  /** auth_time missing or older than maxAgeSeconds. */
  | 'stale-auth'
  /** Someone other than the approver signed in. */
  | 'wrong-person'
  /** Slack could not say who the signed-in email belongs to. */
  | 'identity-unconfirmed';

export type StepUpResult =
  | { ok: true; request: ApprovalRequest }
  /** A re-activation ticket's key is on again; `text` is what the admin reads. */
  | { ok: true; reactivated: string }
  | { ok: false; failure: StepUpFailure; verb?: StepUpVerb }
  /** The sign-in held, but the approval itself was refused (the request ended meanwhile, ...). */
  | { ok: false; failure: 'approval-refused'; refusal: ApprovalRefused }
  /** The sign-in held, but the exposure slice refused the re-activation; `text` says why. */
  | { ok: false; failure: 'reactivation-refused'; text: string };
