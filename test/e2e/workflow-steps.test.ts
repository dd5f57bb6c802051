import { IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { startSlackServer, userContext, type FunctionExecution, type SlackServer } from '../../sandbox/slack';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import {
  DEACTIVATE_KEY_STEP,
  KEY_STATUS_STEP,
  REQUEST_KEY_DELETION_STEP,
} from '../../src/features/workflows/slack/step-ids';
import {
  NEVER_USED,
  STEP_NEEDS_KEY_ID,
  STEP_NEEDS_REQUESTER,
} from '../../src/features/workflows/slack/texts';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { approvalMessageFor, decideInModal, eventually } from '../support/approvals';
import { BOT_TOKEN, PEOPLE, SLACK_USERS, startBot, startSharedStore, type Bot } from '../support/bot';
import { TestClock } from '../support/test-clock';

function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob', 'carol']) state.addUser(user);
  return state;
}

const approvalPosted = (bot: Bot, keyId: string) =>
  eventually(() =>
    bot.slack.messages('C0APPROVALS').some((m) => JSON.stringify(m.blocks ?? []).includes(keyId)),
  );

/** Workflow Builder runs a step as `as` (its `requester`), over HTTP; resolves when Slack has the run's end. */
async function runStep(bot: Bot, callbackId: string, inputs: Record<string, unknown>) {
  const reply = await bot.driver.functionExecuted(callbackId, inputs);
  expect(reply.status).toBe(200);
  return reply.executionId;
}

/** alice asks for her key's deletion through the step; resolves once the approvals message is posted. */
async function deletionRun(bot: Bot, keyId: string, reason: string) {
  const run = await runStep(bot, REQUEST_KEY_DELETION_STEP, {
    key_id: keyId,
    reason,
    requester: userContext(PEOPLE.alice),
  });
  await approvalPosted(bot, keyId);
  return run;
}

const ended = (bot: Bot, executionId: string): Promise<FunctionExecution> =>
  bot.slack.functionEnded(executionId, 10_000);

const approve = (bot: Bot, keyId: string, as: string = PEOPLE.approver) => {
  const { message, requestId } = approvalMessageFor(bot, keyId);
  return bot.driver.click(APPROVE_ACTION, requestId, {
    userId: as,
    channelId: 'C0APPROVALS',
    messageTs: message.ts,
  });
};

describe('workflow steps: key_status and deactivate_key', () => {
  let bot: Bot;

  beforeAll(async () => {
    bot = await startBot({ iamState: account() });
  });
  afterAll(() => bot.stop());

  it('key_status tells its owner whose key it is, where, its status and last use, and never its secret', async () => {
    const key = bot.iam.state.addKey('alice');
    const run = await runStep(bot, KEY_STATUS_STEP, {
      key_id: key.accessKeyId,
      requester: userContext(PEOPLE.alice),
    });
    const done = await ended(bot, run);
    expect(done).toMatchObject({
      state: 'completed',
      outputs: { user_name: 'alice', account: 'default', status: 'Active', last_used: NEVER_USED },
    });
    expect(JSON.stringify(done)).not.toContain(key.secretAccessKey);
    expect(JSON.stringify(bot.slack.calls())).not.toContain(key.secretAccessKey);
    // The run's own token is a credential: it reaches no log line.
    expect(bot.logs.join('')).not.toContain(done.token);
  });

  it('key_status for someone else’s key: refused in the policy’s words, as the command would be', async () => {
    const key = bot.iam.state.addKey('bob');
    const run = await runStep(bot, KEY_STATUS_STEP, {
      key_id: key.accessKeyId,
      requester: userContext(PEOPLE.alice),
    });
    expect(await ended(bot, run)).toMatchObject({ state: 'failed', error: NOT_ALLOWED });
  });

  it('a requester typed in as text names nobody: refused before IAM is asked', async () => {
    const key = bot.iam.state.addKey('bob');
    bot.iam.clearCalls();
    const run = await runStep(bot, KEY_STATUS_STEP, { key_id: key.accessKeyId, requester: PEOPLE.admin });
    expect(await ended(bot, run)).toMatchObject({ state: 'failed', error: STEP_NEEDS_REQUESTER });
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('a malformed key id is refused before IAM is asked', async () => {
    bot.iam.clearCalls();
    const run = await runStep(bot, KEY_STATUS_STEP, {
      key_id: 'not a key; rm -rf',
      requester: userContext(PEOPLE.admin),
    });
    expect(await ended(bot, run)).toMatchObject({ state: 'failed', error: STEP_NEEDS_KEY_ID });
    expect(bot.iam.calls()).toHaveLength(0);
  });

  it('deactivate_key by an admin turns the key off, naming its user, and completes with its status', async () => {
    const key = bot.iam.state.addKey('carol');
    const run = await runStep(bot, DEACTIVATE_KEY_STEP, {
      key_id: key.accessKeyId,
      reason: 'offboarding bob',
      requester: userContext(PEOPLE.admin),
    });
    expect(await ended(bot, run)).toMatchObject({ state: 'completed', outputs: { status: 'Inactive' } });
    expect(bot.iam.state.findKey(key.accessKeyId)?.status).toBe('Inactive');
    expect(bot.iam.calls('UpdateAccessKey').at(-1)?.params).toMatchObject({
      UserName: 'carol',
      AccessKeyId: key.accessKeyId,
      Status: 'Inactive',
    });
  });

  it('deactivate_key by a non-admin is refused, even on their own key, and changes nothing', async () => {
    const key = bot.iam.state.addKey('alice');
    bot.iam.clearCalls();
    const run = await runStep(bot, DEACTIVATE_KEY_STEP, {
      key_id: key.accessKeyId,
      reason: 'tidy up',
      requester: userContext(PEOPLE.alice),
    });
    expect(await ended(bot, run)).toMatchObject({ state: 'failed', error: NOT_ALLOWED });
    expect(bot.iam.state.findKey(key.accessKeyId)?.status).toBe('Active');
    expect(bot.iam.calls('UpdateAccessKey')).toHaveLength(0);
  });
});

describe('workflow steps: request_key_deletion completes when its request ends', () => {
  let bot: Bot;
  const clock = new TestClock();

  beforeAll(async () => {
    bot = await startBot({ iamState: account(), clock });
  });
  afterAll(() => bot.stop());

  it('a requester without the right is refused with the refusal’s sentence; nothing is posted', async () => {
    const key = bot.iam.state.addKey('bob');
    const posted = bot.slack.messages('C0APPROVALS').length;
    const run = await runStep(bot, REQUEST_KEY_DELETION_STEP, {
      key_id: key.accessKeyId,
      reason: 'not mine',
      requester: userContext(PEOPLE.alice),
    });
    expect(await ended(bot, run)).toMatchObject({ state: 'failed', error: NOT_ALLOWED });
    expect(bot.slack.messages('C0APPROVALS')).toHaveLength(posted);
  });

  it('opens the normal request, waits, and completes "deleted" when it is approved an hour later', async () => {
    const key = bot.iam.state.addKey('alice');
    // The same approvals message a command opens, and the run still running.
    const run = await deletionRun(bot, key.accessKeyId, 'ticket SEC-42');
    const { requestId } = approvalMessageFor(bot, key.accessKeyId);
    expect(bot.slack.functionExecution(run)?.state).toBe('running');

    clock.advanceHours(1);
    await approve(bot, key.accessKeyId);
    expect(await ended(bot, run)).toMatchObject({
      state: 'completed',
      outputs: { request_id: requestId, decision: 'deleted' },
    });
    expect(bot.iam.state.findKey(key.accessKeyId)).toBeUndefined();
    // Completed later with the bot's own token: the run's token is never kept, nor logged.
    expect(bot.slack.calls('functions.completeSuccess').at(-1)?.token).toBe(bot.slack.botToken);
    expect(bot.logs.join('')).not.toContain(bot.slack.functionExecution(run)?.token);
  });

  it('completes "rejected" when an approver rejects it', async () => {
    const key = bot.iam.state.addKey('alice');
    const run = await deletionRun(bot, key.accessKeyId, 'ticket SEC-43');
    const request = approvalMessageFor(bot, key.accessKeyId);
    await decideInModal(bot, 'reject', request, PEOPLE.approver, 'still in use');
    expect(await ended(bot, run)).toMatchObject({
      state: 'completed',
      outputs: { request_id: request.requestId, decision: 'rejected' },
    });
    expect(bot.iam.state.findKey(key.accessKeyId)?.status).toBe('Active');
  });

  it('completes "expired" when the sweep expires it', async () => {
    const key = bot.iam.state.addKey('alice');
    const run = await deletionRun(bot, key.accessKeyId, 'ticket SEC-44');
    clock.advanceHours(25);
    await bot.keywarden.approvals.sweep();
    expect(await ended(bot, run)).toMatchObject({ state: 'completed', outputs: { decision: 'expired' } });
  });
});

describe('workflow steps: a run outlives a restart', () => {
  let store: EmbeddedDynamo;
  let iam: IamServer;
  let slack: SlackServer;
  let first: Bot;
  let second: Bot;

  beforeAll(async () => {
    store = await startSharedStore();
    // Slack and IAM outlive both instances, as they do a restart.
    iam = await startIamServer({ state: account() });
    slack = await startSlackServer({
      botToken: BOT_TOKEN,
      users: SLACK_USERS,
      usergroups: { S0APPROVERS: [PEOPLE.approver2] },
    });
    first = await startBot({ iam, slack, dynamoEndpoint: store.endpoint });
  });
  afterAll(async () => {
    await second?.stop();
    await slack.close();
    await iam.close();
    await store.close();
  });

  it('a run started before a restart is completed by the next instance: at the approval, or by its sweep after a fault', async () => {
    const key = first.iam.state.addKey('alice');
    const other = first.iam.state.addKey('alice');
    const runs = [];
    for (const [k, ticket] of [
      [key, 'SEC-50'],
      [other, 'SEC-51'],
    ] as const) {
      runs.push(
        await runStep(first, REQUEST_KEY_DELETION_STEP, {
          key_id: k.accessKeyId,
          reason: ticket,
          requester: userContext(PEOPLE.alice),
        }),
      );
    }
    await eventually(() => first.slack.messages('C0APPROVALS').length >= 2);
    // The first instance goes away; the second shares its table, IAM and Slack.
    await first.stop();
    second = await startBot({ iam, slack, dynamoEndpoint: store.endpoint });

    await approve(second, key.accessKeyId);
    expect(await ended(second, runs[0] as string)).toMatchObject({
      state: 'completed',
      outputs: { decision: 'deleted' },
    });

    // Slack fails every try (one and the app client's three retries) at the end of the second: the
    // run waits, and the sweep completes it.
    second.slack.failNext('functions.completeSuccess', { status: 503, times: 4 });
    await approve(second, other.accessKeyId, PEOPLE.approver2);
    await eventually(
      () => second.slack.calls('functions.completeSuccess').filter((c) => !c.ok).length >= 4,
      15_000,
    );
    expect(second.iam.state.findKey(other.accessKeyId)).toBeUndefined();
    expect(second.slack.functionExecution(runs[1] as string)?.state).toBe('running');
    expect(await second.keywarden.workflows.sweep()).toEqual({ completed: 1, waiting: 0 });
    expect(await ended(second, runs[1] as string)).toMatchObject({
      state: 'completed',
      outputs: { decision: 'deleted' },
    });
    // Done with: a second sweep completes nothing again.
    expect(await second.keywarden.workflows.sweep()).toEqual({ completed: 0, waiting: 0 });
  }, 60_000);
});

describe('workflow steps over Socket Mode', () => {
  let bot: Bot;

  beforeAll(async () => {
    bot = await startBot({ mode: 'socket', iamState: account() });
    await bot.slack.socket.waitForConnection();
  });
  afterAll(() => bot.stop());

  it('acks a function_executed envelope and completes the run', async () => {
    const key = bot.iam.state.addKey('alice');
    const { execution, payload } = bot.slack.runFunction(KEY_STATUS_STEP, {
      key_id: key.accessKeyId,
      requester: userContext(PEOPLE.alice),
    });
    const ack = await bot.slack.socket.send('events_api', payload);
    expect(ack.envelope_id).toBeDefined();
    expect(await ended(bot, execution.executionId)).toMatchObject({
      state: 'completed',
      outputs: { user_name: 'alice', status: 'Active' },
    });
  });
});
