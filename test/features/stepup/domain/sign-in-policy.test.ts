import { judgeSignIn } from '../../../../src/features/stepup/domain/sign-in-policy';

const NOW = new Date('2026-12-07T05:00:00Z');
const rule = { acrValues: ['urn:example:mfa'], amr: ['mfa', 'hwk', 'otp'], maxAgeSeconds: 300 };
const good = {
  subject: 's',
  acr: 'urn:example:mfa',
  amr: ['pwd', 'otp'],
  authTime: new Date(NOW.getTime() - 60_000),
};

describe('judgeSignIn', () => {
  it('takes a fresh sign-in with an acr and an amr the policy names, as evidence', () => {
    expect(judgeSignIn(rule, good, NOW)).toEqual({
      ok: true,
      evidence: { acr: 'urn:example:mfa', amr: ['pwd', 'otp'], authTime: good.authTime },
    });
  });

  it.each([
    ['another acr', { acr: 'urn:example:pwd' }, 'weaker-auth'],
    ['no acr', { acr: undefined }, 'weaker-auth'],
    ['the password alone', { amr: ['pwd'] }, 'weaker-auth'],
    ['no amr', { amr: [] }, 'weaker-auth'],
    ['no auth_time', { authTime: undefined }, 'stale-auth'],
    [
      'an auth_time older than maxAgeSeconds and the skew',
      { authTime: new Date(NOW.getTime() - 361_001) },
      'stale-auth',
    ],
    ['an auth_time in the future', { authTime: new Date(NOW.getTime() + 120_000) }, 'stale-auth'],
  ])('refuses %s', (_name, change, failure) => {
    expect(judgeSignIn(rule, { ...good, ...change }, NOW)).toEqual({ ok: false, failure });
  });

  it('without acrValues or amr in the policy, only freshness is asked', () => {
    expect(judgeSignIn({ maxAgeSeconds: 300 }, { ...good, acr: undefined, amr: [] }, NOW).ok).toBe(true);
  });
});
