import { IamState } from '../../sandbox/iam';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import {
  DEACTIVATE_NOW_BLOCK,
  DELETION_REASON_CALLBACK,
  REASON_ACTION,
  REASON_BLOCK,
} from '../../src/features/approvals/slack/deletion-reason-modal';
import { KEY_DEACTIVATE_ACTION, KEY_DELETE_ACTION } from '../../src/features/keys/slack/key-list';
import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REFRESH_ACTION,
} from '../../src/features/rotation/slack/rotation-guide';
import { approvalMessageFor, decideInModal, eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';

/** A policy that wants a ticket: the guide's and the list's Request deletion open the reason modal. */
const POLICY = POLICY_YAML.replace(
  '  expiresAfterHours: 24',
  `  expiresAfterHours: 24
  reason:
    required: true
    pattern: '^(INC|CHG)-[0-9]+'`,
);

describe('the rotation guide: buttons to go on, each step marked in place, and how it ends', () => {
  let bot: Bot;
  const dm = () => bot.slack.dmChannelOf(PEOPLE.alice);

  beforeAll(async () => {
    const state = new IamState();
    state.addUser('alice');
    bot = await startBot({ iamState: state, policyYaml: POLICY });
  });
  afterAll(async () => {
    await bot.stop();
  });

  function onlyKey(createdDaysAgo: number): string {
    for (const key of bot.iam.state.keysOf('alice')) bot.iam.state.deleteKey('alice', key.accessKeyId);
    return bot.iam.state.addKey('alice', { createDate: new Date(Date.now() - createdDaysAgo * 86_400_000) })
      .accessKeyId;
  }

  /** The modal a click opens for alice. */
  async function modalOf(click: () => Promise<unknown>) {
    const opened = () => bot.slack.calls('views.open').filter((call) => call.ok).length;
    const before = opened();
    await click();
    await eventually(() => opened() > before, 10_000);
    return bot.slack.openViews(PEOPLE.alice).at(-1) as {
      id: string;
      callback_id?: string;
      blocks: unknown[];
    };
  }

  /** Starts a rotation from alice's DM; resolves with the guide once it is posted there. */
  async function rotate() {
    const guides = () =>
      bot.slack
        .messages(dm())
        .filter((m) => JSON.stringify(m.blocks ?? []).includes(ROTATION_REFRESH_ACTION));
    const before = guides().length;
    const started = await bot.driver.command('rotate', { userId: PEOPLE.alice });
    await eventually(() => guides().length > before, 10_000);
    const message = guides().at(-1)!;
    const value = /"action_id":"rotate\.refresh","value":"([^"]+)"/.exec(JSON.stringify(message.blocks))?.[1];
    const text = () => JSON.stringify(bot.slack.messages(dm()).find((m) => m.ts === message.ts)?.blocks);
    const click = (actionId: string) =>
      bot.driver.click(actionId, value ?? '', {
        userId: PEOPLE.alice,
        channelId: dm(),
        messageTs: message.ts,
      });
    return { started, message, value: value ?? '', text, click, guides };
  }

  it('at two keys, the refusal offers to retire the older key with buttons, through the usual modal', async () => {
    const older = onlyKey(200);
    const newer = bot.iam.state.addKey('alice').accessKeyId;
    const asked = await bot.driver.command('rotate', { userId: PEOPLE.alice });
    const answer = replyText(await bot.driver.waitForResponse(asked.responseUrl, 10_000));
    expect(answer).toContain('rotation needs room');
    expect(answer).toContain(`"action_id":"${KEY_DEACTIVATE_ACTION}","value":"${older}"`);
    expect(answer).toContain(`"action_id":"${KEY_DELETE_ACTION}","value":"${older}"`);
    expect(answer).not.toContain(`"value":"${newer}"`);
    // No commands to type (they would leave out the ticket the policy wants).
    expect(answer).not.toContain('/keys deactivate');

    // Request deletion of the older key: the reason modal, with "Deactivate now" for the owner.
    const modal = await modalOf(() =>
      bot.driver.click(KEY_DELETE_ACTION, older, {
        userId: PEOPLE.alice,
        channelId: dm(),
        isEphemeral: true,
      }),
    );
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    expect(JSON.stringify(modal.blocks)).toContain(DEACTIVATE_NOW_BLOCK);
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'CHG-5 make room for rotation' } },
      { userId: PEOPLE.alice },
    );
    // The answer: the older key deactivated first, then its deletion requested with the ticket.
    await eventually(
      () =>
        bot.slack
          .calls('chat.postEphemeral')
          .some((call) => call.params.channel === dm() && String(call.params.text).includes('requested')),
      10_000,
    );
    expect(bot.iam.state.findKey(older)?.status).toBe('Inactive');
    expect(JSON.stringify(approvalMessageFor(bot, older).message.blocks)).toContain('CHG-5 make room');
  });

  it('one message per start: the guide, updated in place at each step, ends with who deleted the old key', async () => {
    const oldKey = onlyKey(200);
    const ephemeralsBefore = bot.slack
      .calls('chat.postEphemeral')
      .filter((c) => c.params.channel === dm()).length;
    const guidesBefore = bot.slack
      .messages(dm())
      .filter((m) => (m.text ?? '').startsWith('Rotating the access key of alice')).length;
    const guide = await rotate();
    // Typed in the DM the guide is posted to: no answer beside it.
    expect(bot.slack.responses().filter((response) => response.url === guide.started.responseUrl)).toEqual(
      [],
    );
    const newKey = bot.iam.state.keysOf('alice').find((key) => key.accessKeyId !== oldKey)!.accessKeyId;
    expect(guide.text()).toContain('the new key is not used yet');

    bot.iam.state.markUsed(newKey, { date: new Date(), serviceName: 'sts', region: 'eu-west-1' });
    await guide.click(ROTATION_REFRESH_ACTION);
    await eventually(() => guide.text().includes(ROTATION_DEACTIVATE_ACTION));
    await guide.click(ROTATION_DEACTIVATE_ACTION);
    await eventually(() => guide.text().includes('Done: the old key is inactive'));
    expect(bot.iam.state.findKey(oldKey)?.status).toBe('Inactive');

    const modal = await modalOf(() => guide.click(ROTATION_DELETE_ACTION));
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'CHG-6 quarterly rotation' } },
      { userId: PEOPLE.alice },
    );
    await eventually(() => guide.text().includes('waiting for an approver'));

    const request = approvalMessageFor(bot, oldKey);
    const approved = await bot.driver.click(APPROVE_ACTION, request.requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: request.message.ts,
    });
    await bot.driver.waitForResponse(approved.responseUrl, 10_000).catch(() => undefined);
    await eventually(() => guide.text().includes('Rotation complete'), 10_000);
    expect(guide.text()).toContain(`the old key \`${oldKey}\` was deleted by <@${PEOPLE.approver}>`);
    expect(guide.text()).not.toContain('"type":"actions"');
    expect(bot.iam.state.findKey(oldKey)).toBeUndefined();
    // One guide for the one start; the only ephemeral in the DM is the secret.
    const guidesOfAlice = bot.slack
      .messages(dm())
      .filter((m) => (m.text ?? '').startsWith('Rotating the access key of alice'));
    expect(guidesOfAlice.length - guidesBefore).toBe(1);
    const ephemerals = bot.slack.calls('chat.postEphemeral').filter((c) => c.params.channel === dm());
    expect(ephemerals.length - ephemeralsBefore).toBe(1);
  });

  it('a rejected deletion puts the guide back at step 4, saying so, with its button again', async () => {
    const oldKey = onlyKey(200);
    const guide = await rotate();
    const newKey = bot.iam.state.keysOf('alice').find((key) => key.accessKeyId !== oldKey)!.accessKeyId;
    bot.iam.state.markUsed(newKey, { date: new Date(), serviceName: 'sts', region: 'eu-west-1' });
    await guide.click(ROTATION_REFRESH_ACTION);
    await eventually(() => guide.text().includes(ROTATION_DEACTIVATE_ACTION));
    await guide.click(ROTATION_DEACTIVATE_ACTION);
    await eventually(() => guide.text().includes('Done: the old key is inactive'));
    const modal = await modalOf(() => guide.click(ROTATION_DELETE_ACTION));
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'CHG-7 rotation' } },
      { userId: PEOPLE.alice },
    );
    await eventually(() => guide.text().includes('waiting for an approver'));
    await decideInModal(bot, 'reject', approvalMessageFor(bot, oldKey), PEOPLE.approver, 'keep it a week');
    await eventually(() => guide.text().includes('was rejected'), 10_000);
    expect(guide.text()).toContain(`<@${PEOPLE.approver}>`);
    expect(guide.text()).toContain(ROTATION_DELETE_ACTION);
    expect(guide.text()).not.toContain('Rotation complete');
  });
});
