import type { StepUpEvidence } from '../../approvals/domain';
import type { SignIn } from '../../../kernel/ports/identity-provider';

/** approvals.stepUp, as the checks of a sign-in read it. */
export interface StepUpRule {
  acrValues?: string[];
  amr?: string[];
  maxAgeSeconds: number;
}

/** Clocks of the provider and the bot may differ by this much. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Whether a verified sign-in is as strong and as fresh as the policy asks: its acr one of
 * acrValues, its amr holding one of amr, its auth_time at most maxAgeSeconds old. openid-client
 * verified the token; these are the policy's own checks, made here, whatever the provider says
 * it enforced.
 */
export function judgeSignIn(
  rule: StepUpRule,
  signIn: SignIn,
  now: Date,
): { ok: true; evidence: StepUpEvidence } | { ok: false; failure: 'weaker-auth' | 'stale-auth' } {
  if (rule.acrValues && (!signIn.acr || !rule.acrValues.includes(signIn.acr))) {
    return { ok: false, failure: 'weaker-auth' };
  }
  if (rule.amr && !signIn.amr.some((method) => rule.amr?.includes(method))) {
    return { ok: false, failure: 'weaker-auth' };
  }
  const { authTime } = signIn;
  if (!authTime) return { ok: false, failure: 'stale-auth' };
  const age = now.getTime() - authTime.getTime();
  if (age > rule.maxAgeSeconds * 1000 + CLOCK_SKEW_MS || age < -CLOCK_SKEW_MS) {
    return { ok: false, failure: 'stale-auth' };
  }
  return {
    ok: true,
    evidence: { ...(signIn.acr ? { acr: signIn.acr } : {}), amr: signIn.amr, authTime },
  };
}
