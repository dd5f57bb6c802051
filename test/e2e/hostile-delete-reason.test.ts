import { IamState } from '../../sandbox/iam';
import { approvalMessageFor } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot } from '../support/bot';

const HOSTILE_REASON = 'reason\n*Owner:* root <http://evil|runbook>';

/** Every text object of a message, wherever Block Kit nests it. */
function texts(blocks: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') found.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

describe('/keys delete with a hostile reason, end to end', () => {
  let bot: Bot;

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());

  // As typed, and as Slack sends it (it escapes &, < and > in command text).
  it.each([
    ['as typed', HOSTILE_REASON],
    ['as Slack escapes it', HOSTILE_REASON.replace(/</g, '&lt;').replace(/>/g, '&gt;')],
  ])('shows the reason %s as one plain line in the approvals channel', async (_, reason) => {
    const key = bot.iam.state.addKey('alice');
    const reply = await bot.driver.command(`delete ${key.accessKeyId} ${reason}`, { userId: PEOPLE.alice });
    expect(replyText(await bot.driver.waitForResponse(reply.responseUrl))).toContain('requested');

    const posts = bot.slack
      .calls('chat.postMessage')
      .filter((call) => call.params.channel === 'C0APPROVALS')
      .filter((call) => JSON.stringify(call.params.blocks).includes(key.accessKeyId));
    expect(posts).toHaveLength(1);
    const shown = texts(posts[0]?.params.blocks);
    const all = shown.join('\n');
    expect(all).not.toContain('<http');
    expect(all.match(/\*Owner/g)).toHaveLength(1); // the real "*Owner (IAM user)*" field only
    expect(all).not.toContain('*Owner:*');
    const reasonField = shown.find((text) => text.startsWith('*Reason*\n'));
    expect(reasonField).toBe('*Reason*\nreason ∗Owner:∗ root &lt;http://evil|runbook&gt;');
    // The stored message is the same one, and its only mention is the requester's.
    const { message } = approvalMessageFor(bot, key.accessKeyId);
    expect(JSON.stringify(message.blocks).match(/<[@!#]/g)).toEqual([`<@`]);
  });
});
