import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { IamState } from '../../sandbox/iam';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { approvalMessageFor } from '../support/approvals';
import { PEOPLE, replyText, startBot, startSharedStore, type Bot } from '../support/bot';

/** Every approval request item in the table for a key, read past the bot's own store code. */
async function requestItemsFor(bot: Bot, keyId: string): Promise<Record<string, unknown>[]> {
  const { Items } = await bot.keywarden.store.doc.send(
    new ScanCommand({
      TableName: bot.keywarden.store.tableName,
      FilterExpression: '#type = :approval AND keyId = :keyId',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':approval': 'approval', ':keyId': keyId },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('one key has at most one open deletion request', () => {
  let store: EmbeddedDynamo;
  let a: Bot;
  let b: Bot;

  beforeAll(async () => {
    store = await startSharedStore();
    const state = new IamState();
    state.addUser('alice');
    a = await startBot({ iamState: state, dynamoEndpoint: store.endpoint });
    b = await startBot({ iam: a.iam, slack: a.slack, dynamoEndpoint: store.endpoint });
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await store.close();
  });

  it('20 simultaneous /keys delete of one key over two replicas: one request, one message, 19 told of it', async () => {
    const key = a.iam.state.addKey('alice').accessKeyId;
    const asked = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).driver.command(`delete ${key} leaked ${i}`, { userId: PEOPLE.alice }),
      ),
    );
    const answers = await Promise.all(
      asked.map(async (reply, i) =>
        replyText(await (i % 2 === 0 ? a : b).driver.waitForResponse(reply.responseUrl, 20_000)),
      ),
    );

    const items = await requestItemsFor(a, key);
    expect(items).toHaveLength(1);
    const posted = a.slack
      .calls('chat.postMessage')
      .filter((call) => call.params.channel === 'C0APPROVALS' && JSON.stringify(call.params).includes(key));
    expect(posted).toHaveLength(1);

    const { message, requestId } = approvalMessageFor(a, key);
    expect(requestId).toBe(items[0]?.id);
    const opened = answers.filter((answer) => answer.includes(') requested. It waits'));
    const toldOfIt = answers.filter((answer) => answer.includes('already open'));
    expect(opened).toHaveLength(1);
    expect(toldOfIt).toHaveLength(19);
    // Each of the others is pointed at the open request's own message.
    const link = `archives/${message.channel}/p${message.ts.replace('.', '')}`;
    for (const answer of toldOfIt) expect(answer).toContain(link);
  }, 60_000);

  it('a request that ended frees the key: the next /keys delete opens a new one', async () => {
    const key = a.iam.state.addKey('alice').accessKeyId;
    const first = await a.driver.command(`delete ${key} first`, { userId: PEOPLE.alice });
    expect(replyText(await a.driver.waitForResponse(first.responseUrl, 10_000))).toContain('requested.');
    const { message, requestId } = approvalMessageFor(a, key);
    const withdrawn = await a.driver.click('approval.withdraw', requestId, {
      userId: PEOPLE.alice,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    expect(replyText(await a.driver.waitForResponse(withdrawn.responseUrl, 10_000))).toContain('withdrew');

    const second = await b.driver.command(`delete ${key} second`, { userId: PEOPLE.alice });
    expect(replyText(await b.driver.waitForResponse(second.responseUrl, 10_000))).toContain('requested.');
    const items = await requestItemsFor(a, key);
    expect(items.map((item) => item.state).sort()).toEqual(['PENDING', 'WITHDRAWN']);
  }, 30_000);
});
