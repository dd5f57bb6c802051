import { IamState } from '../../sandbox/iam';
import { CREATE_UNCLEAR_UNCHECKED, deliveryFailedText } from '../../src/features/creation/slack/texts';
import { PEOPLE, replyText, startBot, type Bot, commandReply as command } from '../support/bot';
import { failAuditWrites } from '../support/dynamo-faults';

/** When a create fails halfway, the answer says what is true, and the sweep finishes the job. */
function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob']) state.addUser(user);
  return state;
}

/** Past the SDK's own three attempts. */
const EVERY_ATTEMPT = 3;

const auditOf = (bot: Bot, keyId: string) => command(bot, `audit ${keyId}`, PEOPLE.admin);

describe('a create that fails halfway', () => {
  let bot: Bot;
  beforeEach(async () => {
    bot = await startBot({ iamState: account() });
  });
  afterEach(() => bot.stop());

  it('delivery and rollback fail, the key is deactivated: the answer names it as inactive, the sweep deletes it', async () => {
    bot.slack.failNext('chat.postEphemeral', { error: 'channel_not_found' });
    bot.iam.injectFault({ action: 'DeleteAccessKey', code: 'ServiceFailure' }); // sent once, never retried
    const answer = await command(bot, 'create', PEOPLE.alice);
    const [key] = bot.iam.state.keysOf('alice');
    expect(key?.status).toBe('Inactive');
    expect(answer).toContain(
      JSON.stringify(deliveryFailedText(key?.accessKeyId as string, 'Inactive')).slice(1, -1),
    );
    expect(await auditOf(bot, key?.accessKeyId as string)).toContain('the sweep will delete it');

    expect(await bot.keywarden.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(bot.iam.state.keysOf('alice')).toHaveLength(0);
    // Finished once: a second sweep (another replica) finds nothing left to do.
    expect(await bot.keywarden.creation.sweep()).toEqual({ finished: 0, open: 0 });
    expect(bot.iam.calls('DeleteAccessKey').filter((call) => call.status === 200)).toHaveLength(1);
  });

  it('neither delete nor deactivate works: the answer says the key is still active', async () => {
    bot.slack.failNext('chat.postEphemeral', { error: 'channel_not_found' });
    bot.iam.injectFault({ action: 'DeleteAccessKey', code: 'ServiceFailure' }); // sent once, never retried
    bot.iam.injectFault({ action: 'UpdateAccessKey', code: 'ServiceFailure', times: EVERY_ATTEMPT });
    const answer = await command(bot, 'create', PEOPLE.alice);
    const [key] = bot.iam.state.keysOf('alice');
    expect(key?.status).toBe('Active');
    expect(answer).toContain('still *active*');
    expect(answer).toContain(key?.accessKeyId);
    expect(answer).not.toContain('no key was made');

    // IAM still down at the first sweep: the cleanup stays open and is tried again.
    bot.iam.injectFault({ action: 'DeleteAccessKey', code: 'ServiceFailure' }); // sent once, never retried
    expect(await bot.keywarden.creation.sweep()).toEqual({ finished: 0, open: 1 });
    expect(await bot.keywarden.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(bot.iam.state.keysOf('alice')).toHaveLength(0);
  });

  it('an unclear create whose check fails too: "could not check", audited, and the sweep deactivates the key', async () => {
    const answer = await createWithFailingCheck(bot);
    expect(answer).toContain(JSON.stringify(CREATE_UNCLEAR_UNCHECKED).slice(1, -1));
    expect(answer).not.toContain('no new key appeared');
    const [appeared] = bot.iam.state.keysOf('bob');
    expect(appeared?.status).toBe('Active');

    expect(await bot.keywarden.creation.sweep()).toEqual({ finished: 1, open: 0 });
    expect(bot.iam.state.keysOf('bob')[0]?.status).toBe('Inactive');
    expect(await auditOf(bot, appeared?.accessKeyId as string)).toContain('unclear create');
  });

  it('a key delivered after an unclear create stays active through its sweep, even when its "deliver" event was lost', async () => {
    await createWithFailingCheck(bot);
    const [stranger] = bot.iam.state.keysOf('bob');
    const lostDeliver = failAuditWrites(bot.keywarden.store.doc, 'deliver');
    const answer = await command(bot, 'create', PEOPLE.bob).finally(() => lostDeliver.remove());
    expect(lostDeliver.count()).toBe(1);
    const delivered = bot.iam.state.keysOf('bob').find((key) => key.accessKeyId !== stranger?.accessKeyId);
    expect(answer).toContain(delivered?.accessKeyId);
    expect(bot.slack.calls('chat.postEphemeral').filter((call) => call.ok)).toHaveLength(1);

    expect(await bot.keywarden.creation.sweep()).toEqual({ finished: 1, open: 0 });
    // The unclear create's key, whose secret nobody saw, is turned off; bob's delivered key is not.
    expect(bot.iam.state.findKey(stranger?.accessKeyId as string)?.status).toBe('Inactive');
    expect(bot.iam.state.findKey(delivered?.accessKeyId as string)?.status).toBe('Active');
  });
});

/**
 * bob creates his own key while IAM makes it but loses the answer; the follow-up listing then
 * fails on every attempt. The fault is armed the moment CreateAccessKey is logged, which is
 * before its answer leaves the stand-in, so the listings before the create pass.
 */
async function createWithFailingCheck(bot: Bot): Promise<string> {
  bot.iam.injectFault({ action: 'CreateAccessKey', code: 'ServiceFailure', afterApplying: true });
  const stop = bot.iam.onCall((call) => {
    if (call.action !== 'CreateAccessKey') return;
    bot.iam.injectFault({ action: 'ListAccessKeys', code: 'ServiceFailure', times: EVERY_ATTEMPT });
    stop();
  });
  const reply = await bot.driver.command('create', { userId: PEOPLE.bob });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl));
}
