import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { IamState } from '../../sandbox/iam';
import { TestClock } from '../support/test-clock';
import type { IdpServer } from '../../sandbox/idp';
import { approvalMessageFor, decideInModal, eventually } from '../support/approvals';
import { PEOPLE, replyText, type Bot } from '../support/bot';
import { clickApprove, finishAt, outcomeOf, signIn, startStepUpBot } from '../support/step-up';
import { STEP_UP_APPROVED_PAGE, STEP_UP_FAILURE_TEXTS } from '../../src/features/stepup/slack/texts';

function account() {
  const state = new IamState();
  state.addUser('alice');
  return state;
}

describe('approvals with step-up at the identity provider (approvals.stepUp)', () => {
  let idp: IdpServer;
  let bot: Bot;
  let publicUrl: string;
  const clock = new TestClock();

  beforeAll(async () => {
    ({ idp, bot, publicUrl } = await startStepUpBot({ clock, iamState: account() }));
  });
  afterAll(async () => {
    await bot.stop();
    await idp.close();
  });

  let users = 0;
  /** A key of a user of its own (IAM allows two a user), whose deletion the admin asks for. */
  async function requestDeletion() {
    const user = `stepup-${++users}`;
    bot.iam.state.addUser(user);
    const key = bot.iam.state.addKey(user);
    const asked = await bot.driver.command(`delete ${key.accessKeyId} INC-1`, { userId: PEOPLE.admin });
    expect(replyText(await bot.driver.waitForResponse(asked.responseUrl))).toContain('requested');
    return { key, ...approvalMessageFor(bot, key.accessKeyId) };
  }

  const told = (user: string) =>
    bot.slack
      .calls('chat.postEphemeral')
      .filter((call) => call.params.user === user && call.params.channel === 'C0APPROVALS')
      .map((call) => String(call.params.text));

  async function scan() {
    const { Items } = await bot.keywarden.store.doc.send(
      new ScanCommand({ TableName: bot.keywarden.store.tableName }),
    );
    return Items ?? [];
  }

  async function auditOf(requestId: string) {
    return (await scan()).filter((item) => item.type === 'audit' && item.requestId === requestId);
  }

  it('a sign-in with MFA as the approver counts: the key is deleted and the message says (MFA)', async () => {
    const request = await requestDeletion();
    const approve = await clickApprove(bot, request, PEOPLE.approver);
    expect(approve.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/stepup\/start\?t=[\w-]{43}$/);
    // Nothing is recorded by the click alone.
    expect(bot.iam.state.findKey(request.key.accessKeyId)).toBeDefined();
    const walk = await signIn(approve.link ?? '', { login: 'april@example.com' });
    expect(walk.loginHint).toBe('april@example.com');
    const finished = await finishAt(walk.callback, walk.botCookies);
    expect(finished.status).toBe(200);
    expect(outcomeOf(finished.page)).toBe(STEP_UP_APPROVED_PAGE);
    expect(bot.iam.state.findKey(request.key.accessKeyId)).toBeUndefined();
    const message = bot.slack.messages('C0APPROVALS').find((m) => m.ts === request.message.ts);
    expect(JSON.stringify(message)).toContain(`approved by <@${PEOPLE.approver}> (MFA)`);
    const approved = (await auditOf(request.requestId)).find(
      (event) => event.action === 'approve' && event.outcome === 'ok',
    );
    expect(approved?.detail).toMatch(/^step-up acr=urn:keywarden:sandbox:mfa amr=pwd,otp auth_time=\d{4}-/);
    await eventually(() => told(PEOPLE.approver).some((text) => text.includes('Approved')));
    // Nothing secret of the flow reached a log line.
    const code = new URL(walk.callback).searchParams.get('code') ?? 'no-code';
    const token = new URL(approve.link ?? '').searchParams.get('t') ?? 'no-token';
    expect(bot.logs.join('\n')).not.toContain(code);
    expect(bot.logs.join('\n')).not.toContain(token);
  });

  /** Nothing recorded: the key is there, the request still PENDING without approvals, and a refusal audited. */
  async function expectNothingRecorded(
    request: Awaited<ReturnType<typeof requestDeletion>>,
    failure: string,
  ) {
    expect(bot.iam.state.findKey(request.key.accessKeyId)).toBeDefined();
    const stored = (await scan()).find((item) => item.type === 'approval' && item.id === request.requestId);
    expect(stored).toMatchObject({ state: 'PENDING', approvals: [] });
    const refusals = (await auditOf(request.requestId)).filter(
      (event) => event.action === 'approve' && event.outcome === 'refused',
    );
    expect(refusals.map((event) => String(event.detail))).toEqual(
      expect.arrayContaining([expect.stringContaining(`step-up: ${failure}`)]),
    );
  }

  async function refusedWalk(
    as: { login: string; otp?: string },
    failure: keyof typeof STEP_UP_FAILURE_TEXTS,
  ) {
    const request = await requestDeletion();
    const approve = await clickApprove(bot, request, PEOPLE.approver);
    const walk = await signIn(approve.link ?? '', as);
    const before = told(PEOPLE.approver).length;
    const finished = await finishAt(walk.callback, walk.botCookies);
    expect(outcomeOf(finished.page)).toBe(STEP_UP_FAILURE_TEXTS[failure]);
    await eventually(() => told(PEOPLE.approver).length > before);
    expect(told(PEOPLE.approver).at(-1)).toBe(STEP_UP_FAILURE_TEXTS[failure]);
    await expectNothingRecorded(request, failure);
    return { request, approve, walk };
  }

  it('a sign-in with the password alone (no one-time code) does not count', async () => {
    await refusedWalk({ login: 'april@example.com', otp: '' }, 'weaker-auth');
  });

  it('a sign-in as someone else does not count, even another approver', async () => {
    await refusedWalk({ login: 'arne@example.com' }, 'wrong-person');
  });

  it('a sign-in whose auth_time is older than maxAgeSeconds does not count', async () => {
    idp.backdateLogins(3600);
    try {
      await refusedWalk({ login: 'april@example.com' }, 'stale-auth');
    } finally {
      idp.backdateLogins(0);
    }
  });

  it('a reused link, a replayed callback and a forged state record nothing more', async () => {
    const request = await requestDeletion();
    const approve = await clickApprove(bot, request, PEOPLE.approver);
    const walk = await signIn(approve.link ?? '', { login: 'april@example.com' });
    // A forged state: the ticket's id with another secret.
    const forged = new URL(walk.callback);
    const [ticketId] = (forged.searchParams.get('state') ?? '').split('.');
    forged.searchParams.set('state', `${ticketId}.${'A'.repeat(43)}`);
    const forgedAnswer = await finishAt(forged.href, walk.botCookies);
    expect(outcomeOf(forgedAnswer.page)).toBe(STEP_UP_FAILURE_TEXTS['forged-state']);
    await expectNothingRecorded(request, 'forged-state');
    // The callback without the browser's cookie (another browser) is refused too.
    const elsewhere = await finishAt(walk.callback, '');
    expect(outcomeOf(elsewhere.page)).toBe(STEP_UP_FAILURE_TEXTS['other-browser']);
    // The real one still counts, once.
    expect(outcomeOf((await finishAt(walk.callback, walk.botCookies)).page)).toBe(STEP_UP_APPROVED_PAGE);
    expect(bot.iam.state.findKey(request.key.accessKeyId)).toBeUndefined();
    const replay = await finishAt(walk.callback, walk.botCookies);
    expect(outcomeOf(replay.page)).toBe(STEP_UP_FAILURE_TEXTS.used);
    const reopened = await fetch(approve.link ?? '', { redirect: 'manual' });
    expect(outcomeOf(await reopened.text())).toBe(STEP_UP_FAILURE_TEXTS.used);
    const approvals = (await auditOf(request.requestId)).filter(
      (event) => event.action === 'approve' && event.outcome === 'ok',
    );
    expect(approvals).toHaveLength(1);
  });

  it('a link nobody was given is refused without echoing it, and routes take only a bodiless GET', async () => {
    const base = publicUrl;
    const probe = await fetch(`${base}/stepup/start?t=<script>alert(1)</script>`, { redirect: 'manual' });
    expect(probe.status).toBe(404);
    const page = await probe.text();
    expect(outcomeOf(page)).toBe(STEP_UP_FAILURE_TEXTS['unknown-link']);
    expect(page).not.toContain('<script>');
    expect(probe.headers.get('content-security-policy')).toContain("default-src 'none'");
    const posted = await fetch(`${base}/stepup/callback`, { method: 'POST', body: 'x'.repeat(10_000) });
    expect(posted.status).toBe(405);
  });

  it('Approve with a note: the modal answers with the link, and the note lands with the approval', async () => {
    const request = await requestDeletion();
    await decideInModal(bot, 'approve', request, PEOPLE.approver, 'checked with the owner');
    const prompt = bot.slack
      .calls('chat.postEphemeral')
      .filter((call) => call.params.user === PEOPLE.approver)
      .at(-1);
    expect(String(prompt?.params.text)).toContain('verify with');
    const link = /"url":"([^"]+\/stepup\/start\?t=[^"]+)"/.exec(JSON.stringify(prompt?.params.blocks))?.[1];
    const walk = await signIn(link ?? '', { login: 'april@example.com' });
    expect(outcomeOf((await finishAt(walk.callback, walk.botCookies)).page)).toBe(STEP_UP_APPROVED_PAGE);
    const stored = (await scan()).find((item) => item.type === 'approval' && item.id === request.requestId);
    const approvedEntry = (stored?.history as { note?: string; stepUp?: { amr: string[] } }[]).find((entry) =>
      entry.note?.startsWith('approved'),
    );
    expect(approvedEntry).toMatchObject({
      note: 'approved: checked with the owner',
      stepUp: { amr: ['pwd', 'otp'] },
    });
    const approved = (await auditOf(request.requestId)).find(
      (event) => event.outcome === 'ok' && event.action === 'approve',
    );
    expect(approved?.detail).toMatch(/^step-up .*; checked with the owner$/);
  });

  it('an approver who opens their link again and again is slowed down (per approver)', async () => {
    const request = await requestDeletion();
    // arne: the limit stays on whoever hits it, and the stories after this one are april's.
    const approve = await clickApprove(bot, request, PEOPLE.approver2);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 25; attempt++) {
      statuses.push((await fetch(approve.link ?? '', { redirect: 'manual' })).status);
    }
    expect(statuses.filter((status) => status === 303).length).toBeLessThanOrEqual(20);
    expect(statuses.at(-1)).toBe(429);
    await expectNothingRecorded(request, 'rate-limited');
  });

  // Near the end: the provider stays down.
  it('with the provider down, the callback records nothing and says so', async () => {
    const request = await requestDeletion();
    const approve = await clickApprove(bot, request, PEOPLE.approver);
    const walk = await signIn(approve.link ?? '', { login: 'april@example.com' });
    await idp.close();
    const finished = await finishAt(walk.callback, walk.botCookies);
    expect(finished.status).toBe(502);
    expect(outcomeOf(finished.page)).toBe(STEP_UP_FAILURE_TEXTS['idp-unavailable']);
    await eventually(() => told(PEOPLE.approver).at(-1) === STEP_UP_FAILURE_TEXTS['idp-unavailable']);
    await expectNothingRecorded(request, 'idp-unavailable');
  });

  // Last: the clock stays 6 minutes ahead, which later sign-ins would read as stale.
  it('an expired link does not start a sign-in', async () => {
    const request = await requestDeletion();
    const approve = await clickApprove(bot, request, PEOPLE.approver);
    clock.advanceHours(0.1);
    const opened = await fetch(approve.link ?? '', { redirect: 'manual' });
    expect(opened.status).toBe(400);
    expect(outcomeOf(await opened.text())).toBe(STEP_UP_FAILURE_TEXTS.expired);
    await eventually(() => told(PEOPLE.approver).at(-1) === STEP_UP_FAILURE_TEXTS.expired);
    await expectNothingRecorded(request, 'expired');
  });
});
