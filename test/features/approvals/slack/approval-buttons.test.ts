import { randomUUID } from 'node:crypto';
import { IamState } from '../../../../sandbox/iam';
import { APPROVE_ACTION } from '../../../../src/features/approvals/slack/approval-request';
import {
  BEING_DELETED,
  NO_SUCH_REQUEST,
  NOT_APPROVER,
  REQUEST_EXPIRED,
  SELF_APPROVAL,
  WRONG_MESSAGE,
} from '../../../../src/features/approvals/slack/texts';
import { DynamoApprovalStore } from '../../../../src/features/approvals/store/dynamo-approval-store';
import { approvalMessageFor, decideInModal, eventually } from '../../../support/approvals';
import { PEOPLE, replyText, startBot, startSharedStore, type Bot } from '../../../support/bot';
import { TestClock } from '../../../support/test-clock';

function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob', 'april', 'carol']) state.addUser(user);
  return state;
}

async function requestDeletion(
  bot: Bot,
  keyId: string,
  as: string = PEOPLE.alice,
  reason = 'leaked in a gist',
) {
  const reply = await bot.driver.command(`delete ${keyId} ${reason}`, { userId: as });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl));
}

async function click(bot: Bot, action: string, requestId: string, userId: string, messageTs: string) {
  const reply = await bot.driver.click(action, requestId, { userId, channelId: 'C0APPROVALS', messageTs });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl));
}

async function auditActions(bot: Bot, keyId: string): Promise<string> {
  const reply = await bot.driver.command(`audit ${keyId}`, { userId: PEOPLE.admin });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl));
}

describe('deletion approvals, end to end', () => {
  let bot: Bot;
  const clock = new TestClock();

  beforeAll(async () => {
    bot = await startBot({ iamState: account(), clock });
  });
  afterAll(() => bot.stop());

  it('request -> approve: the key is gone from IAM, the message updated in place, every step audited', async () => {
    const key = bot.iam.state.addKey('alice');
    const confirmation = await requestDeletion(bot, key.accessKeyId);
    expect(confirmation).toContain('requested');
    const { message, requestId } = approvalMessageFor(bot, key.accessKeyId);
    expect(JSON.stringify(message.blocks)).toContain('leaked in a gist');
    expect(JSON.stringify(message.blocks)).toContain(`<@${PEOPLE.alice}>`);

    const answer = await click(bot, APPROVE_ACTION, requestId, PEOPLE.approver, message.ts);
    expect(answer).toContain('The key was deleted');
    expect(bot.iam.state.findKey(key.accessKeyId)).toBeUndefined();
    const deletes = bot.iam.calls('DeleteAccessKey');
    expect(deletes.at(-1)?.params).toMatchObject({ UserName: 'alice', AccessKeyId: key.accessKeyId });

    const updated = bot.slack.messages('C0APPROVALS').find((candidate) => candidate.ts === message.ts);
    expect(updated?.edited).toBe(true);
    expect(JSON.stringify(updated?.blocks)).toContain('Key deleted');
    expect(JSON.stringify(updated?.blocks)).not.toContain(APPROVE_ACTION);
    // The requester is told, in their DM.
    await eventually(() =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.alice))
        .some((m) => (m.text ?? '').includes(key.accessKeyId)),
    );
    const trail = await auditActions(bot, key.accessKeyId);
    for (const step of ['requested the deletion of', 'approved the deletion of', 'deleted key']) {
      expect(trail).toContain(step);
    }
  });

  it('refuses a non-approver, the requester approving, and a forged click; none of them changes anything', async () => {
    bot.iam.state.addKey('april');
    const key = bot.iam.state.keysOf('april')[0] as { accessKeyId: string };
    await requestDeletion(bot, key.accessKeyId, PEOPLE.approver);
    const { message, requestId } = approvalMessageFor(bot, key.accessKeyId);

    expect(await click(bot, APPROVE_ACTION, requestId, PEOPLE.bob, message.ts)).toContain(NOT_APPROVER);
    expect(await click(bot, APPROVE_ACTION, requestId, PEOPLE.approver, message.ts)).toContain(SELF_APPROVAL);
    expect(await click(bot, APPROVE_ACTION, randomUUID(), PEOPLE.approver2, message.ts)).toContain(
      NO_SUCH_REQUEST,
    );
    expect(await click(bot, APPROVE_ACTION, 'not-a-request', PEOPLE.approver2, message.ts)).toContain(
      NO_SUCH_REQUEST,
    );

    // A request id lifted from this message, replayed on another message.
    const other = bot.iam.state.addKey('bob');
    await requestDeletion(bot, other.accessKeyId, PEOPLE.admin);
    const otherMessage = approvalMessageFor(bot, other.accessKeyId).message;
    expect(await click(bot, APPROVE_ACTION, requestId, PEOPLE.approver2, otherMessage.ts)).toContain(
      WRONG_MESSAGE,
    );

    expect(bot.iam.state.findKey(key.accessKeyId)).toBeDefined();
    expect(bot.iam.calls('DeleteAccessKey').some((call) => call.params.AccessKeyId === key.accessKeyId)).toBe(
      false,
    );
    const trail = await auditActions(bot, key.accessKeyId);
    expect(trail).toContain('refused, not an approver');
    expect(trail).toContain('refused, their own request');
  });

  it('reject keeps the key; approving a rejected or executed request is refused', async () => {
    const kept = bot.iam.state.addKey('bob');
    await requestDeletion(bot, kept.accessKeyId, PEOPLE.admin);
    const rejected = approvalMessageFor(bot, kept.accessKeyId);
    expect(
      (await decideInModal(bot, 'reject', rejected, PEOPLE.approver, 'still in use by CI')).answer,
    ).toContain('rejected');
    expect(
      JSON.stringify(bot.slack.messages('C0APPROVALS').find((m) => m.ts === rejected.message.ts)?.blocks),
    ).toContain('Rejected');
    expect(
      await click(bot, APPROVE_ACTION, rejected.requestId, PEOPLE.approver2, rejected.message.ts),
    ).toContain('already rejected');
    expect(bot.iam.state.findKey(kept.accessKeyId)).toBeDefined();

    const doomed = bot.iam.state.keysOf('bob').find((k) => k.accessKeyId !== kept.accessKeyId) as {
      accessKeyId: string;
    };
    await requestDeletion(bot, doomed.accessKeyId, PEOPLE.admin);
    const executed = approvalMessageFor(bot, doomed.accessKeyId);
    await click(bot, APPROVE_ACTION, executed.requestId, PEOPLE.approver, executed.message.ts);
    const deletesBefore = bot.iam.calls('DeleteAccessKey').length;
    expect(
      await click(bot, APPROVE_ACTION, executed.requestId, PEOPLE.approver2, executed.message.ts),
    ).toContain('already carried out');
    expect(bot.iam.calls('DeleteAccessKey')).toHaveLength(deletesBefore);
  });

  it('the message names who rejected as a real mention, in the channel and to the requester', async () => {
    const key = bot.iam.state.addKey('carol');
    await requestDeletion(bot, key.accessKeyId, PEOPLE.admin);
    const { message, requestId } = approvalMessageFor(bot, key.accessKeyId);
    await decideInModal(bot, 'reject', { requestId, message }, PEOPLE.approver, 'INC-7 says keep it');
    const updated = JSON.stringify(
      bot.slack.messages('C0APPROVALS').find((m) => m.ts === message.ts)?.blocks,
    );
    expect(updated).toContain(`rejected by <@${PEOPLE.approver}>`);
    expect(updated).not.toContain('&lt;@');
    await eventually(() =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.admin))
        .some((m) => (m.text ?? '').includes(`rejected by <@${PEOPLE.approver}>`)),
    );
  });

  it('a click while the key is being deleted is told so, and deletes nothing more', async () => {
    const key = bot.iam.state.addKey('alice');
    await requestDeletion(bot, key.accessKeyId);
    const { message, requestId } = approvalMessageFor(bot, key.accessKeyId);
    const store = new DynamoApprovalStore(bot.keywarden.store.doc, bot.keywarden.store.tableName);
    // IAM holds the first click's DeleteAccessKey until the second click has been answered.
    const deleting = bot.iam.hold('DeleteAccessKey');
    const first = await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    try {
      await deleting.arrived(1);
      expect(await store.get(requestId)).toMatchObject({ state: 'EXECUTING' });
      expect(await click(bot, APPROVE_ACTION, requestId, PEOPLE.approver2, message.ts)).toContain(
        BEING_DELETED,
      );
    } finally {
      deleting.release();
    }
    expect(replyText(await bot.driver.waitForResponse(first.responseUrl))).toContain('The key was deleted');
    expect(
      bot.iam.calls('DeleteAccessKey').filter((c) => c.params.AccessKeyId === key.accessKeyId),
    ).toHaveLength(1);
  });

  it('an expired request cannot be approved, and its message says so', async () => {
    const key = bot.iam.state.addKey('alice');
    await requestDeletion(bot, key.accessKeyId);
    const { message, requestId } = approvalMessageFor(bot, key.accessKeyId);
    clock.advanceHours(25);
    try {
      expect(await click(bot, APPROVE_ACTION, requestId, PEOPLE.approver, message.ts)).toContain(
        REQUEST_EXPIRED,
      );
      expect(bot.iam.state.findKey(key.accessKeyId)).toBeDefined();
      expect(
        JSON.stringify(bot.slack.messages('C0APPROVALS').find((m) => m.ts === message.ts)?.blocks),
      ).toContain('Expired');
    } finally {
      clock.advanceHours(-25);
    }
  });

  it('/keys approvals lists pending requests: all of them to approvers, their own to others', async () => {
    const key = bot.iam.state.addKey('april');
    await requestDeletion(bot, key.accessKeyId, PEOPLE.admin);
    const forApprover = await bot.driver.command('approvals', { userId: PEOPLE.approver });
    expect(replyText(await bot.driver.waitForResponse(forApprover.responseUrl))).toContain(key.accessKeyId);
    const forBob = await bot.driver.command('approvals', { userId: PEOPLE.bob });
    expect(replyText(await bot.driver.waitForResponse(forBob.responseUrl))).not.toContain(key.accessKeyId);
  });

  it('/keys audit is for admins only', async () => {
    const reply = await bot.driver.command('audit', { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl))).toContain("don't have the right");
  });
});

describe('exactly once, across replicas', () => {
  it('20 simultaneous approve clicks over two app instances on one store delete the key once', async () => {
    const store = await startSharedStore();
    const a = await startBot({ iamState: account(), dynamoEndpoint: store.endpoint });
    const b = await startBot({ iam: a.iam, slack: a.slack, dynamoEndpoint: store.endpoint });
    try {
      const key = a.iam.state.addKey('alice');
      await requestDeletion(a, key.accessKeyId);
      const { message, requestId } = approvalMessageFor(a, key.accessKeyId);
      a.iam.clearCalls();
      const clicks = Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).driver.click(APPROVE_ACTION, requestId, {
          userId: i % 4 < 2 ? PEOPLE.approver : PEOPLE.approver2,
          channelId: 'C0APPROVALS',
          messageTs: message.ts,
        }),
      );
      const replies = await Promise.all(clicks);
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
      await Promise.all(
        replies.map((reply, i) => (i % 2 === 0 ? a : b).driver.waitForResponse(reply.responseUrl)),
      );
      expect(a.iam.calls('DeleteAccessKey')).toHaveLength(1);
      expect(a.iam.state.findKey(key.accessKeyId)).toBeUndefined();
    } finally {
      await b.stop();
      await a.stop();
      await store.close();
    }
  });
});
