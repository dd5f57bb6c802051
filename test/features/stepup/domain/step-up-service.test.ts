import type { StepUpEvidence } from '../../../../src/features/approvals/domain';
import { AttemptLimiter } from '../../../../src/features/stepup/domain/attempt-limiter';
import { StepUpService } from '../../../../src/features/stepup/domain/step-up-service';
import type { StepUpResult } from '../../../../src/features/stepup/domain/step-up-result';
import { KeywardenError } from '../../../../src/kernel/errors';
import type { SignIn } from '../../../../src/kernel/ports/identity-provider';
import type { SlackUserId } from '../../../../src/kernel/types';
import { capturedLog, FakeClock, FakePeople, MemoryAuditLog } from '../../../support/fakes';
import { MemoryStepUpTickets } from '../../../support/fakes/memory-step-up-tickets';

const APPROVER = 'U0APPROVER';
const DECISION = {
  requestId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  message: { channel: 'C0APPROVALS', ts: '1700000000.000100' },
};

function setUp(signIn: Partial<SignIn> | Error, directory: Record<string, string> | Error = {}) {
  const clock = new FakeClock('2026-12-07T05:00:00Z');
  const people = new FakePeople();
  const approver = people.person(APPROVER);
  const audit = new MemoryAuditLog();
  const approvals: { evidence?: StepUpEvidence }[] = [];
  const told: StepUpResult[] = [];
  const service = new StepUpService({
    rule: { acrValues: ['urn:mfa'], amr: ['otp'], maxAgeSeconds: 300, for: ['delete'] },
    tickets: new MemoryStepUpTickets(),
    idp: {
      authorizationUrl: async ({ state }) => `https://idp.example.com/authorize?state=${state}`,
      redeem: async () => {
        if (signIn instanceof Error) throw signIn;
        return { subject: 's', acr: 'urn:mfa', amr: ['pwd', 'otp'], authTime: clock.now(), ...signIn };
      },
    },
    directory: {
      emailOf: async () => 'april@example.com',
      userByEmail: async (email) => {
        if (directory instanceof Error) throw directory;
        return directory[email] as SlackUserId | undefined;
      },
    },
    approvals: {
      approve: async (_actor, _requestId, _message, _note, evidence) => {
        approvals.push({ evidence });
        return { ok: false, refusal: { reason: 'expired' } };
      },
    },
    reactivations: { complete: async () => ({ ok: false, text: 'not here' }) },
    people,
    notifier: { tell: async (_approver, _decision, result) => void told.push(result) },
    audit,
    limiter: new AttemptLimiter(clock),
    clock,
    log: capturedLog().log,
  });
  /** Approve, open the link, come back from the provider: the callback's result. */
  const walk = async () => {
    const token = await service.issue(approver, { verb: 'approve', decision: DECISION });
    const started = await service.start(token, { browser: 'b'.repeat(43), address: '127.0.0.1' });
    if (!started.ok) throw new Error(started.failure);
    const state = new URL(started.redirect).searchParams.get('state') ?? '';
    const callback = new URL(`https://keywarden.example.com/stepup/callback?code=c&state=${state}`);
    return service.finish(callback, { browser: 'b'.repeat(43), address: '127.0.0.1' });
  };
  return { walk, approvals, told, audit };
}

describe('StepUpService: who signed in', () => {
  it('takes a slack_user_id claim naming the approver, and hands the evidence to approvals', async () => {
    const { walk, approvals } = setUp({ slackUserId: APPROVER, email: 'someone@else.org' });
    // The approvals slice refuses here (the fake answers "expired"): the result says so, as it is.
    expect(await walk()).toEqual({ ok: false, failure: 'approval-refused', refusal: { reason: 'expired' } });
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.evidence).toMatchObject({ acr: 'urn:mfa', amr: ['pwd', 'otp'] });
  });

  it.each([
    ['a slack_user_id claim of someone else', { slackUserId: 'U0OTHER' }, {}, 'wrong-person'],
    [
      'an email Slack gives to someone else',
      { email: 'arne@example.com' },
      { 'arne@example.com': 'U0ARNE' },
      'wrong-person',
    ],
    [
      'an unverified email, even the approver’s',
      { email: 'april@example.com', emailVerified: false },
      { 'april@example.com': APPROVER },
      'wrong-person',
    ],
    [
      'an email Slack cannot look up now',
      { email: 'april@example.com' },
      new Error('slack down'),
      'identity-unconfirmed',
    ],
  ] as const)('refuses %s, audited, told, approving nothing', async (_name, signIn, directory, failure) => {
    const { walk, approvals, told, audit } = setUp(signIn, directory as Record<string, string> | Error);
    expect(await walk()).toEqual({ ok: false, failure, verb: 'approve' });
    expect(approvals).toEqual([]);
    expect(told).toEqual([{ ok: false, failure, verb: 'approve' }]);
    expect(audit.events.map((event) => [event.actor, event.action, event.outcome])).toEqual([
      [APPROVER, 'approve', 'refused'],
    ]);
  });

  it('an answer from the provider that does not hold is idp-rejected; one that never came, idp-unavailable', async () => {
    expect(await setUp(new KeywardenError('OIDC_REJECTED', 'no')).walk()).toEqual({
      ok: false,
      failure: 'idp-rejected',
      verb: 'approve',
    });
    expect(await setUp(new KeywardenError('OIDC_UNAVAILABLE', 'down')).walk()).toEqual({
      ok: false,
      failure: 'idp-unavailable',
      verb: 'approve',
    });
  });
});
