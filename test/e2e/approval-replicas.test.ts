import { IamState } from '../../sandbox/iam';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { approvalMessageFor } from '../support/approvals';
import { PEOPLE, replyText, startBot, startSharedStore, type Bot } from '../support/bot';

function account() {
  const state = new IamState();
  state.addUser('alice');
  return state;
}

describe('a deletion executes exactly once, across replicas', () => {
  let store: EmbeddedDynamo;
  let a: Bot;
  let b: Bot;

  beforeAll(async () => {
    store = await startSharedStore();
    a = await startBot({ iamState: account(), dynamoEndpoint: store.endpoint });
    b = await startBot({ iam: a.iam, slack: a.slack, dynamoEndpoint: store.endpoint });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await store.close();
  });

  it('20 rounds of 20 simultaneous Approve clicks by two approvers over two replicas: one DeleteAccessKey each', async () => {
    const deletesPerRound: number[] = [];
    for (let round = 0; round < 20; round++) {
      const key = a.iam.state.addKey('alice');
      const asked = await a.driver.command(`delete ${key.accessKeyId} round ${round}`, {
        userId: PEOPLE.alice,
      });
      expect(replyText(await a.driver.waitForResponse(asked.responseUrl))).toContain('requested');
      const { message, requestId } = approvalMessageFor(a, key.accessKeyId);
      a.iam.clearCalls();
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).driver.click(APPROVE_ACTION, requestId, {
            userId: i % 4 < 2 ? PEOPLE.approver : PEOPLE.approver2,
            channelId: 'C0APPROVALS',
            messageTs: message.ts,
          }),
        ),
      );
      await Promise.all(
        replies.map((reply, i) => (i % 2 === 0 ? a : b).driver.waitForResponse(reply.responseUrl)),
      );
      deletesPerRound.push(
        a.iam.calls('DeleteAccessKey').filter((call) => call.params.AccessKeyId === key.accessKeyId).length,
      );
      expect(a.iam.state.findKey(key.accessKeyId)).toBeUndefined();
    }
    expect(deletesPerRound).toEqual(Array.from({ length: 20 }, () => 1));
  }, 120_000);
});
