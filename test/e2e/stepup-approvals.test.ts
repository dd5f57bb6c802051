import { IamState } from '../../sandbox/iam';
import type { IdpServer } from '../../sandbox/idp';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot } from '../support/bot';
import {
  clickApprove,
  finishAt,
  outcomeOf,
  signIn,
  startStepUpIdp,
  STEP_UP_CLIENT,
  stepUpPolicy,
} from '../support/step-up';
import { STEP_UP_APPROVED_PAGE, STEP_UP_FAILURE_TEXTS } from '../../src/features/stepup/slack/texts';

function account() {
  const state = new IamState();
  state.addUser('alice');
  return state;
}

describe('approvals with step-up at the identity provider (approvals.stepUp)', () => {
  let idp: IdpServer;
  let bot: Bot;

  beforeAll(async () => {
    const started = await startStepUpIdp();
    idp = started.idp;
    bot = await startBot({
      iamState: account(),
      policyYaml: stepUpPolicy(idp.url),
      port: started.port,
      stepUp: { publicUrl: started.publicUrl, clientSecret: STEP_UP_CLIENT.secret },
    });
  });
  afterAll(async () => {
    await bot.stop();
    await idp.close();
  });

  async function requestDeletion() {
    const key = bot.iam.state.addKey('alice');
    const asked = await bot.driver.command(`delete ${key.accessKeyId} INC-1`, { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(asked.responseUrl))).toContain('requested');
    return { key, ...approvalMessageFor(bot, key.accessKeyId) };
  }

  const told = (user: string) =>
    bot.slack
      .calls('chat.postEphemeral')
      .filter((call) => call.params.user === user && call.params.channel === 'C0APPROVALS')
      .map((call) => String(call.params.text));

  async function auditOf(requestId: string) {
    const events = await bot.keywarden.store.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: bot.keywarden.store.tableName }),
    );
    return (events.Items ?? []).filter((item) => item.type === 'audit' && item.requestId === requestId);
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
});
