import { IamState } from '../../sandbox/iam';
import type { Fault } from '../../sandbox/iam';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot } from '../support/bot';
import { TestClock } from '../support/test-clock';

/**
 * DeleteAccessKey is sent once (one attempt); IAM may delete the key and still lose its answer.
 * The approver and the approval message must say what is true at once, not after a sweep.
 */
describe('a DeleteAccessKey whose answer is lost', () => {
  let bot: Bot;
  const clock = new TestClock();

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    bot = await startBot({ iamState: state, clock });
  });
  afterAll(() => bot.stop());
  beforeEach(() => {
    bot.iam.clearCalls();
    bot.iam.clearFaults();
  });

  async function approveWith(faults: Fault[]) {
    const keyId = bot.iam.state.addKey('alice').accessKeyId;
    const asked = await bot.driver.command(`delete ${keyId} lost answer`, { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(asked.responseUrl, 10_000))).toContain('requested.');
    const { message, requestId } = approvalMessageFor(bot, keyId);
    for (const fault of faults) bot.iam.injectFault(fault);
    const clicked = await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    const answer = replyText(await bot.driver.waitForResponse(clicked.responseUrl, 20_000));
    const shown = () =>
      JSON.stringify(bot.slack.messages('C0APPROVALS').find((m) => m.ts === message.ts)?.blocks);
    return { keyId, requestId, answer, shown };
  }

  it.each([
    ['a 500 after deleting', { code: 'ServiceFailure', afterApplying: true } as const],
    ['a reset connection after deleting', { afterApplying: true, dropConnection: true } as const],
  ])(
    '%s: the approver and the message say deleted at once, without a sweep',
    async (_name, fault) => {
      const { keyId, answer, shown } = await approveWith([{ action: 'DeleteAccessKey', ...fault }]);
      expect(bot.iam.state.findKey(keyId)).toBeUndefined();
      expect(answer).toContain('The key was deleted');
      await eventually(() => shown()?.includes('Key deleted') ?? false);
      expect(shown()).not.toContain('retried');
    },
    30_000,
  );

  it('IAM really down: the answer and the message say the deletion will be retried, and the sweep does it', async () => {
    const down = { code: 'ServiceFailure', times: 20 } as const;
    const { keyId, answer, shown } = await approveWith([
      { action: 'DeleteAccessKey', ...down },
      { action: 'ListAccessKeys', ...down },
    ]);
    expect(bot.iam.state.findKey(keyId)).toBeDefined();
    expect(answer).toContain('IAM did not answer');
    await eventually(() => shown()?.includes('retried automatically') ?? false);

    bot.iam.clearFaults();
    clock.advanceHours(1);
    await bot.keywarden.approvals.sweep();
    expect(bot.iam.state.findKey(keyId)).toBeUndefined();
    await eventually(() => shown()?.includes('Key deleted') ?? false);
  }, 30_000);
});
