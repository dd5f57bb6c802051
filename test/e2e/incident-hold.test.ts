import { IamState } from '../../sandbox/iam';
import { PEOPLE, startBot, type Bot, commandReply as command } from '../support/bot';
import { failAuditWrites } from '../support/dynamo-faults';

/** A key an admin turned off stays off until an admin turns it on: incident response sticks. */

describe('incident response sticks', () => {
  let bot: Bot;
  let keyId: string;
  const status = () => bot.iam.state.findKey(keyId)?.status;
  const updates = () => bot.iam.calls('UpdateAccessKey').length;

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    keyId = state.addKey('alice').accessKeyId;
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());

  it('the owner cannot re-activate a key an admin deactivated, and is told who and when', async () => {
    await command(bot, `deactivate ${keyId}`, PEOPLE.admin);
    expect(status()).toBe('Inactive');
    const before = updates();
    const answer = await command(bot, `activate ${keyId}`, PEOPLE.alice);
    expect(answer).toContain(`deactivated by <@${PEOPLE.admin}>`);
    expect(answer).toContain('only an admin');
    expect(updates()).toBe(before);
    expect(status()).toBe('Inactive');
    expect(await command(bot, `audit ${keyId}`, PEOPLE.admin)).toContain('an admin holds the key inactive');
  });

  it('an admin can, and after that the owner manages the key as before', async () => {
    await command(bot, `activate ${keyId}`, PEOPLE.admin);
    expect(status()).toBe('Active');
    await command(bot, `deactivate ${keyId}`, PEOPLE.alice);
    expect(status()).toBe('Inactive');
    await command(bot, `activate ${keyId}`, PEOPLE.alice);
    expect(status()).toBe('Active');
  });
});

/** The hold is state of its own: neither many refused tries nor a lost audit event undo it. */
describe('the hold does not rest on the audit trail', () => {
  let bot: Bot;
  let state: IamState;
  const status = (keyId: string) => bot.iam.state.findKey(keyId)?.status;

  beforeAll(async () => {
    state = new IamState();
    state.addUser('alice');
    bot = await startBot({ iamState: state });
  });
  afterAll(() => bot.stop());

  it('60 refused activations by the owner, then one more: still refused, the key still off', async () => {
    const keyId = state.addKey('alice').accessKeyId;
    await command(bot, `deactivate ${keyId}`, PEOPLE.admin);
    expect(status(keyId)).toBe('Inactive');
    for (let attempt = 0; attempt < 60; attempt++) {
      expect(await command(bot, `activate ${keyId}`, PEOPLE.alice)).toContain('only an admin');
    }
    const last = await command(bot, `activate ${keyId}`, PEOPLE.alice);
    expect(last).toContain(`deactivated by <@${PEOPLE.admin}>`);
    expect(status(keyId)).toBe('Inactive');
  }, 60_000);

  it("the audit write of the admin's deactivation fails: the owner is still refused", async () => {
    const keyId = state.addKey('alice').accessKeyId;
    const fault = failAuditWrites(bot.keywarden.store.doc, 'deactivate');
    try {
      await command(bot, `deactivate ${keyId}`, PEOPLE.admin);
    } finally {
      fault.remove();
    }
    expect(fault.count()).toBe(1);
    expect(status(keyId)).toBe('Inactive');
    const answer = await command(bot, `activate ${keyId}`, PEOPLE.alice);
    expect(answer).toContain(`deactivated by <@${PEOPLE.admin}>`);
    expect(status(keyId)).toBe('Inactive');
  });
});
