import { IamState } from '../../sandbox/iam';
import {
  HOME_DEACTIVATE_ACTION,
  HOME_DELETE_ACTION,
  HOME_ROTATE_ACTION,
} from '../../src/features/home/slack/home';
import { KEY_DEACTIVATE_ACTION, KEY_DELETE_ACTION } from '../../src/features/keys/slack/key-list';
import { NUDGE_ROTATE_ACTION } from '../../src/features/reports/slack/owner-nudge';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';
import { FakeScheduler } from '../support/fakes';
import { buttonValue, clickOnHome, openHome, viewText } from '../support/home';
import { nudgeButton, sentNudges } from '../support/nudges';

/** Owners are nudged by the scheduled run. */
const POLICY = POLICY_YAML.replace('    maxUnusedDays: 30', '    maxUnusedDays: 30\n    notifyOwners: true');

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/**
 * IAM allows two keys a user: a rotation at two keys is refused. `/keys rotate` then offers buttons
 * that retire the older key first; the Home's Rotate and an owner nudge's Rotate offer the same.
 */
describe('a rotation at two keys offers to retire the older key, on the Home and in a nudge too', () => {
  let bot: Bot;
  const scheduler = new FakeScheduler();

  beforeAll(async () => {
    const state = new IamState();
    for (const user of ['alice', 'bob']) state.addUser(user);
    state.addKey('alice', { createDate: daysAgo(200) });
    state.addKey('bob', { createDate: daysAgo(200) });
    bot = await startBot({ iamState: state, policyYaml: POLICY, scheduler });
  });
  afterAll(() => bot.stop());

  it("the Home's Rotate, at two keys: the Home's own Deactivate and Request deletion of the older key", async () => {
    const [older] = bot.iam.state.keysOf('alice');
    const home = await openHome(bot, PEOPLE.alice);
    const rotate = buttonValue(home, HOME_ROTATE_ACTION, older?.accessKeyId ?? '');
    // A second key made behind the Home's back (the console, a script): IAM's limit is reached.
    const newer = bot.iam.state.addKey('alice').accessKeyId;
    bot.iam.clearCalls();
    const refused = await clickOnHome(bot, PEOPLE.alice, HOME_ROTATE_ACTION, rotate);
    expect(viewText(refused)).toContain('rotation needs room');
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(0);
    // At the top, under the refusal (the key rows below have their own buttons): the way on.
    const blocks = refused.blocks as Array<{
      type: string;
      elements?: Array<{ action_id?: string; value?: string }>;
    }>;
    const at = blocks.findIndex((block) => JSON.stringify(block).includes('rotation needs room'));
    const way = blocks.slice(at, at + 3).find((block) => block.type === 'actions');
    const offered = (way?.elements ?? []).map((element) => [
      element.action_id,
      (JSON.parse(element.value ?? '{}') as { keyId?: string }).keyId,
    ]);
    expect(offered).toEqual([
      [HOME_DEACTIVATE_ACTION, older?.accessKeyId],
      [HOME_DELETE_ACTION, older?.accessKeyId],
    ]);
    expect(viewText(refused)).not.toContain('/keys deactivate');

    // The Home's own button, with the Home's checks: the older key goes off, the Home says so.
    const deactivate = way?.elements?.[0];
    const after = await clickOnHome(bot, PEOPLE.alice, HOME_DEACTIVATE_ACTION, deactivate?.value ?? '');
    expect(viewText(after)).toContain('is now inactive');
    expect(bot.iam.state.findKey(older?.accessKeyId ?? '')?.status).toBe('Inactive');
    expect(bot.iam.state.findKey(newer)?.status).toBe('Active');
  });

  it("a nudge's Rotate, at two keys: the buttons `/keys rotate` offers, which retire the older key", async () => {
    const [older] = bot.iam.state.keysOf('bob');
    expect(await scheduler.fireCron('report 0 (C0SECOPS)', new Date())).toBe('posted');
    const nudge = sentNudges(bot).find((sent) => sent.owner === PEOPLE.bob);
    if (!nudge) throw new Error('bob was not nudged');
    const value = nudgeButton(nudge, 'bob', NUDGE_ROTATE_ACTION);
    const newer = bot.iam.state.addKey('bob').accessKeyId;
    bot.iam.clearCalls();
    const dm = bot.slack.dmChannelOf(PEOPLE.bob);

    // Someone else's click on bob's nudge is refused before any of it: no buttons, nothing made.
    const stranger = await bot.driver.click(NUDGE_ROTATE_ACTION, value, {
      userId: PEOPLE.stranger,
      channelId: bot.slack.dmChannelOf(PEOPLE.stranger),
    });
    const strangerAnswer = await bot.driver.waitForResponse(stranger.responseUrl, 10_000);
    expect(replyText(strangerAnswer)).toContain(NOT_ALLOWED);
    expect(JSON.stringify(strangerAnswer)).not.toContain(KEY_DEACTIVATE_ACTION);

    const clicked = await bot.driver.click(NUDGE_ROTATE_ACTION, value, {
      userId: PEOPLE.bob,
      channelId: dm,
      messageTs: String(bot.slack.messages(dm).at(-1)?.ts),
    });
    const answer = await bot.driver.waitForResponse(clicked.responseUrl, 10_000);
    const text = JSON.stringify(answer);
    expect(replyText(answer)).toContain('rotation needs room');
    expect(text).toContain(`"action_id":"${KEY_DEACTIVATE_ACTION}","value":"${older?.accessKeyId}"`);
    expect(text).toContain(`"action_id":"${KEY_DELETE_ACTION}","value":"${older?.accessKeyId}"`);
    expect(text).not.toContain(`"value":"${newer}"`);
    expect(bot.iam.calls('CreateAccessKey')).toHaveLength(0);

    const retire = await bot.driver.click(KEY_DEACTIVATE_ACTION, older?.accessKeyId ?? '', {
      userId: PEOPLE.bob,
      channelId: dm,
      isEphemeral: true,
    });
    expect(replyText(await bot.driver.waitForResponse(retire.responseUrl, 10_000))).toContain(
      'is now inactive',
    );
    expect(bot.iam.state.findKey(older?.accessKeyId ?? '')?.status).toBe('Inactive');
    expect(bot.iam.state.findKey(newer)?.status).toBe('Active');
  });
});
