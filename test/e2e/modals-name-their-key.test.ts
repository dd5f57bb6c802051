import { IamState } from '../../sandbox/iam';
import { REJECT_ACTION } from '../../src/features/approvals/slack/approval-request';
import { approvalMessageFor, eventually } from '../support/approvals';
import { commandReply, PEOPLE, startBot, type Bot } from '../support/bot';

/** Every GetItem of the store fails while installed, as a DynamoDB outage would fail it. */
function failReads(bot: Bot): () => void {
  const doc = bot.keywarden.store.doc;
  const name = 'failReads';
  doc.middlewareStack.add(
    ((next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
      if (context.commandName === 'GetItemCommand') throw new Error('GetItem: the store is not answering');
      return next(args);
    }) as never,
    { step: 'initialize', name },
  );
  return () => void doc.middlewareStack.remove(name);
}

describe('every modal names the key it is about', () => {
  let bot: Bot;

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    bot = await startBot({ iamState: state });
  });
  afterAll(async () => {
    await bot.stop();
  });

  /** The decision modal a Reject… click on the request's card opens for the approver. */
  async function rejectModal(key: string) {
    const { message, requestId } = approvalMessageFor(bot, key);
    const opened = () => bot.slack.calls('views.open').filter((call) => call.ok).length;
    const before = opened();
    await bot.driver.click(REJECT_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    await eventually(() => opened() > before, 10_000);
    const modal = bot.slack.openViews(PEOPLE.approver).at(-1) as { blocks: unknown[] };
    return { text: JSON.stringify(modal.blocks), requestId };
  }

  it('Reject… names the key, its owner and who asked, read from the request before the modal opens', async () => {
    const key = bot.iam.state.addKey('alice').accessKeyId;
    expect(await commandReply(bot, `delete ${key} no longer used`, PEOPLE.alice)).toContain('requested');
    const { text, requestId } = await rejectModal(key);
    expect(text).toContain(`Deletion of access key \`${key}\` of \`alice\``);
    expect(text).toContain(`<@${PEOPLE.alice}>`);
    expect(text).toContain(requestId);
  });

  it('when the request cannot be read, the modal still opens, naming the request id', async () => {
    const key = bot.iam.state.addKey('alice').accessKeyId;
    expect(await commandReply(bot, `delete ${key} no longer used`, PEOPLE.alice)).toContain('requested');
    const restore = failReads(bot);
    try {
      const { text, requestId } = await rejectModal(key);
      expect(text).toContain(`Deletion request \`${requestId}\``);
      expect(text).not.toContain(key);
    } finally {
      restore();
    }
  });
});
