import { IamState, startIamServer } from '../../sandbox/iam';
import { startSlackServer } from '../../sandbox/slack';
import { APPROVE_ACTION, WITHDRAW_ACTION } from '../../src/features/approvals/slack/approval-request';
import { KEY_DELETE_ACTION } from '../../src/features/keys/slack/key-list';
import { REJECT_REASON_REQUIRED } from '../../src/features/approvals/slack/decision-modal';
import {
  NOT_APPROVER,
  NOT_REQUESTER,
  reasonMismatchText,
  reasonRequiredText,
  REQUEST_EXPIRED,
} from '../../src/features/approvals/slack/texts';
import { WITHDRAWN } from '../../src/features/approvals/slack/approval-texts';
import { HOME_APPROVE_ACTION, HOME_DELETE_ACTION } from '../../src/features/home/slack/home';
import {
  DELETION_REASON_CALLBACK,
  REASON_ACTION,
  REASON_BLOCK,
  reasonFieldError,
  reasonRuleHint,
} from '../../src/features/approvals/slack/deletion-reason-modal';
import { AWAITING_HEADER } from '../../src/features/home/slack/home-texts';
import { buttonValue, nextHome, openHome, publishesFor, viewText } from '../support/home';
import { dmButton } from '../support/dm-button';
import { postedReport, reportButton } from '../support/stale-reports';
import { STALE_LINE_MENU_ACTION } from '../../src/features/reports/slack/report-line-menu';
import { STALE_REQUEST_DELETION_ACTION } from '../../src/features/reports/slack/report-button';
import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REFRESH_ACTION,
} from '../../src/features/rotation/slack/rotation-guide';
import type { EmbeddedDynamo } from '../../src/platform/store/embedded-dynamo';
import { approvalMessageFor, decideInModal, eventually } from '../support/approvals';
import {
  BOT_TOKEN,
  PEOPLE,
  POLICY_YAML,
  replyText,
  SLACK_USERS,
  startBot,
  startSharedStore,
  type Bot,
  commandReply as command,
} from '../support/bot';
import { TestClock } from '../support/test-clock';
import { reasonHintFor } from '../../src/platform/config/reason-hint';

const PATTERN = '^(INC|CHG)-[0-9]+';
/** No approvals.reason.hint in this policy: people see an example written from the pattern. */
const HINT = reasonHintFor(PATTERN);

/** The stories' policy, with a ticket rule, reminders, and two approvers from a group for the account. */
const POLICY = POLICY_YAML.replace(
  '  expiresAfterHours: 24',
  `  expiresAfterHours: 24
  reason:
    required: true
    pattern: '${PATTERN}'
  remindAfterHours: 4`,
).concat(`
accounts:
  - name: home
    approvals: { required: 2, approvers: [S0PRODSEC] }
`);

const SECOPS = ['U0SEC1', 'U0SEC2', 'U0SEC3'];

function account() {
  const state = new IamState();
  for (const user of ['alice', 'bob']) state.addUser(user);
  return state;
}

/** A fresh key of alice or bob: each story deletes (or keeps) its own, within IAM's two a user. */
function freshKey(bot: Bot, owner: 'alice' | 'bob'): string {
  for (const key of bot.iam.state.keysOf(owner)) bot.iam.state.deleteKey(owner, key.accessKeyId);
  return bot.iam.state.addKey(owner).accessKeyId;
}

async function click(bot: Bot, action: string, requestId: string, userId: string, messageTs: string) {
  const reply = await bot.driver.click(action, requestId, { userId, channelId: 'C0APPROVALS', messageTs });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
}

const unquote = (text: string) => JSON.stringify(text).slice(1, -1);

/** The modal a click opens for this person (views.open with the click's trigger). */
async function openedBy(bot: Bot, userId: string, click: () => Promise<unknown>) {
  const opened = () => bot.slack.calls('views.open').filter((call) => call.ok).length;
  const before = opened();
  await click();
  await eventually(() => opened() > before);
  return bot.slack.openViews(userId).at(-1) as { id: string; callback_id?: string; blocks: unknown[] };
}

describe('approvals a security team can run', () => {
  let bot: Bot;
  let replica: Bot;
  let store: EmbeddedDynamo;
  const clock = new TestClock();

  beforeAll(async () => {
    store = await startSharedStore();
    const slack = await startSlackServer({
      botToken: BOT_TOKEN,
      users: [
        ...SLACK_USERS,
        ...SECOPS.map((id, n) => ({ id, name: `sec${n}`, email: `sec${n}@example.com` })),
      ],
      usergroups: { S0APPROVERS: [PEOPLE.approver2], S0PRODSEC: SECOPS },
    });
    const iam = await startIamServer({ state: account() });
    const common = { iam, slack, clock, policyYaml: POLICY, dynamoEndpoint: store.endpoint };
    bot = await startBot(common);
    replica = await startBot(common);
  });
  afterAll(async () => {
    await replica.stop();
    await bot.stop();
    await bot.slack.close();
    await bot.iam.close();
    await store.close();
  });

  const posted = () =>
    bot.slack.calls('chat.postMessage').filter((call) => call.params.channel === 'C0APPROVALS');

  it('a deletion needs a reason that matches the rule: said in words, nothing posted, the refusal audited', async () => {
    const key = freshKey(bot, 'alice');
    const before = posted().length;
    const required = await command(bot, `delete ${key}`, PEOPLE.alice);
    expect(required).toContain(unquote(reasonRequiredText(HINT)));
    const mismatch = await command(bot, `delete ${key} no longer needed`, PEOPLE.alice);
    expect(mismatch).toContain(unquote(reasonMismatchText(HINT)));
    // The rule is said in words, never as the regular expression.
    expect(`${required}${mismatch}`).not.toContain('[0-9]');
    expect(posted()).toHaveLength(before);
    expect(await command(bot, `audit ${key}`, PEOPLE.admin)).toContain('the reason does not follow the rule');
    expect(await command(bot, `delete ${key} INC-42 leaked in CI logs`, PEOPLE.alice)).toContain('requested');
    expect(JSON.stringify(approvalMessageFor(bot, key).message.blocks)).toContain('INC-42 leaked in CI logs');
  });

  it("a button's deletion asks for the reason in a modal where a ticket is required: the rule in the field, then the request", async () => {
    const key = freshKey(bot, 'bob');
    const before = posted().length;
    const channel = bot.slack.dmChannelOf(PEOPLE.bob);
    const modal = await openedBy(bot, PEOPLE.bob, () =>
      bot.driver.click(KEY_DELETE_ACTION, key, { userId: PEOPLE.bob, channelId: channel }),
    );
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    // The modal names the key it is about.
    expect(JSON.stringify(modal.blocks)).toContain(unquote(`Access key \`${key}\``));
    expect(JSON.stringify(modal.blocks)).toContain(unquote(reasonRuleHint(HINT)));
    expect(JSON.stringify(modal.blocks)).not.toContain('[0-9]');

    const wrong = await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'no longer needed' } },
      { userId: PEOPLE.bob },
    );
    expect(wrong.body).toMatchObject({
      response_action: 'errors',
      errors: { [REASON_BLOCK]: reasonFieldError(HINT) },
    });
    expect(posted()).toHaveLength(before);

    const answers = () =>
      bot.slack
        .calls('chat.postEphemeral')
        .filter((call) => call.params.user === PEOPLE.bob && call.params.channel === channel);
    const answered = answers().length;
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'INC-9 laptop stolen' } },
      { userId: PEOPLE.bob },
    );
    await eventually(() => answers().length > answered);
    expect(String(answers().at(-1)?.params.text)).toContain('requested');
    expect(JSON.stringify(approvalMessageFor(bot, key).message.blocks)).toContain('INC-9 laptop stolen');
    expect(await command(bot, `audit ${key}`, PEOPLE.admin)).toContain('INC-9 laptop stolen');
  });

  it('the Home asks for the reason the same way, and shows the request it made', async () => {
    const key = freshKey(bot, 'bob');
    await openHome(bot, PEOPLE.bob);
    const value = buttonValue(bot.slack.homeView(PEOPLE.bob)!, HOME_DELETE_ACTION, key);
    const modal = await openedBy(bot, PEOPLE.bob, () =>
      bot.driver.clickInView(HOME_DELETE_ACTION, value, {
        userId: PEOPLE.bob,
        viewId: bot.slack.homeView(PEOPLE.bob)!.id,
      }),
    );
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    const before = publishesFor(bot, PEOPLE.bob);
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'CHG-12 retiring the old CI' } },
      { userId: PEOPLE.bob },
    );
    const home = await nextHome(bot, PEOPLE.bob, before);
    expect(viewText(home)).toContain('requested');
    expect(JSON.stringify(approvalMessageFor(bot, key).message.blocks)).toContain(
      'CHG-12 retiring the old CI',
    );
  });

  it("the account's approvers replace the global ones: two of the group, the same person counting once", async () => {
    const key = bot.iam.state.keysOf('alice')[0]?.accessKeyId as string;
    const request = approvalMessageFor(bot, key);
    expect(JSON.stringify(request.message.blocks)).toContain('0 of 2 approvals');
    // A global approver is not one of this account's.
    expect(
      await click(bot, APPROVE_ACTION, request.requestId, PEOPLE.approver, request.message.ts),
    ).toContain(unquote(NOT_APPROVER));
    await click(bot, APPROVE_ACTION, request.requestId, SECOPS[0] as string, request.message.ts);
    expect(
      await click(bot, APPROVE_ACTION, request.requestId, SECOPS[0] as string, request.message.ts),
    ).toContain('already approved');
    const half = bot.slack.messages('C0APPROVALS').find((m) => m.ts === request.message.ts);
    expect(JSON.stringify(half?.blocks)).toContain('1 of 2 approvals');
    expect(JSON.stringify(half?.blocks)).toContain(`<@${SECOPS[0]}>`);
    expect(bot.iam.state.findKey(key)).toBeDefined();
    const { answer } = await decideInModal(
      bot,
      'approve',
      request,
      SECOPS[1] as string,
      'checked with the owner',
    );
    expect(answer).toContain('deleted');
    expect(bot.iam.state.findKey(key)).toBeUndefined();
    expect(await command(bot, `audit ${key}`, PEOPLE.admin)).toContain('checked with the owner');
    // The requester hears of it, by whom.
    await eventually(() =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.alice))
        .some((m) => (m.text ?? '').includes(key) && (m.text ?? '').includes('deleted')),
    );
  });

  it("the Home shows a request to the account's approvers, group members who are no global approver, and not to a global one", async () => {
    const key = freshKey(bot, 'bob');
    expect(await command(bot, `delete ${key} CHG-7 rotated out`, PEOPLE.admin)).toContain('requested');
    const { requestId } = approvalMessageFor(bot, key);

    const secops = await openHome(bot, SECOPS[2] as string);
    const text = viewText(secops);
    expect(text).toContain(AWAITING_HEADER);
    expect(text.slice(text.indexOf(AWAITING_HEADER))).toContain(key);
    expect(buttonValue(secops, HOME_APPROVE_ACTION, requestId)).toContain(requestId);

    // april approves elsewhere, not this account's keys: the request is not hers to decide.
    const april = viewText(await openHome(bot, PEOPLE.approver));
    expect(april).toContain(AWAITING_HEADER);
    expect(april).not.toContain(key);
  });

  it('reject asks why in a modal: an empty reason is refused in the modal; the reason reaches the requester', async () => {
    const key = freshKey(bot, 'alice');
    await command(bot, `delete ${key} CHG-9 retire`, PEOPLE.alice);
    const request = approvalMessageFor(bot, key);
    const empty = await decideInModal(bot, 'reject', request, SECOPS[2] as string, '  ');
    expect(empty.submitted.body).toEqual({
      response_action: 'errors',
      errors: { note: REJECT_REASON_REQUIRED },
    });
    expect(bot.iam.state.findKey(key)).toBeDefined();
    // The modal stays open with the error shown; the approver fills it in and submits again.
    const modal = bot.slack.openViews(SECOPS[2] as string).at(-1) as { id: string };
    await bot.driver.submitView(
      modal.id,
      { note: { note: 'the CI still uses it' } },
      { userId: SECOPS[2] as string },
    );
    await eventually(() =>
      bot.slack
        .calls('chat.postEphemeral')
        .some((call) => call.params.user === SECOPS[2] && String(call.params.text).includes('rejected')),
    );
    const message = bot.slack.messages('C0APPROVALS').find((m) => m.ts === request.message.ts);
    expect(JSON.stringify(message?.blocks)).toContain('the CI still uses it');
    await eventually(() =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.alice))
        .some((m) => (m.text ?? '').includes('the CI still uses it')),
    );
    expect(bot.iam.state.findKey(key)).toBeDefined();
  });

  it('only the requester can withdraw; the message is updated, and later clicks change nothing', async () => {
    const key = freshKey(bot, 'bob');
    await command(bot, `delete ${key} INC-77 unused`, PEOPLE.bob);
    const request = approvalMessageFor(bot, key);
    expect(await click(bot, WITHDRAW_ACTION, request.requestId, PEOPLE.alice, request.message.ts)).toContain(
      unquote(NOT_REQUESTER),
    );
    expect(await click(bot, WITHDRAW_ACTION, request.requestId, PEOPLE.bob, request.message.ts)).toContain(
      unquote(WITHDRAWN),
    );
    const message = bot.slack.messages('C0APPROVALS').find((m) => m.ts === request.message.ts);
    expect(JSON.stringify(message?.blocks)).toContain('Withdrawn');
    expect(
      await click(bot, APPROVE_ACTION, request.requestId, SECOPS[0] as string, request.message.ts),
    ).toContain('withdrawn');
    expect(await command(bot, `audit ${key}`, PEOPLE.admin)).toContain('refused, not the requester');
    expect(bot.iam.state.findKey(key)).toBeDefined();
  });

  it('a withdrawal racing the last approval: one wins, both are answered truthfully', async () => {
    for (let round = 0; round < 5; round++) {
      const key = freshKey(bot, 'bob');
      await command(bot, `delete ${key} INC-${100 + round} race`, PEOPLE.bob);
      const request = approvalMessageFor(bot, key);
      await click(bot, APPROVE_ACTION, request.requestId, SECOPS[0] as string, request.message.ts);
      const [withdrawal, approval] = await Promise.all([
        click(replica, WITHDRAW_ACTION, request.requestId, PEOPLE.bob, request.message.ts),
        click(bot, APPROVE_ACTION, request.requestId, SECOPS[1] as string, request.message.ts),
      ]);
      const deleted = bot.iam.state.findKey(key) === undefined;
      if (deleted) {
        expect(approval).toContain('deleted');
        expect(withdrawal).not.toContain(unquote(WITHDRAWN));
      } else {
        expect(withdrawal).toContain(unquote(WITHDRAWN));
        expect(approval).toContain('withdrawn');
      }
    }
  });

  it('a modal submitted after the request expired deletes nothing and says so', async () => {
    const key = freshKey(bot, 'alice');
    await command(bot, `delete ${key} INC-5 expire me`, PEOPLE.alice);
    const request = approvalMessageFor(bot, key);
    clock.advanceHours(25);
    try {
      const { answer } = await decideInModal(bot, 'approve', request, SECOPS[0] as string, 'late');
      expect(answer).toContain(REQUEST_EXPIRED);
      expect(bot.iam.state.findKey(key)).toBeDefined();
    } finally {
      clock.advanceHours(-25);
    }
  });

  it('reminders: once per interval across two replicas, in the thread and to approvers who have not acted', async () => {
    const key = freshKey(bot, 'alice');
    await command(bot, `delete ${key} INC-8 remind`, PEOPLE.alice);
    const request = approvalMessageFor(bot, key);
    await click(bot, APPROVE_ACTION, request.requestId, SECOPS[0] as string, request.message.ts);
    const threadReplies = () =>
      bot.slack
        .calls('chat.postMessage')
        .filter((call) => call.params.thread_ts === request.message.ts && call.ok);
    const remindedDms = (user: string) =>
      bot.slack
        .messages(bot.slack.dmChannelOf(user))
        .filter((m) => (m.text ?? '').includes('awaits your decision') && (m.text ?? '').includes(key));
    clock.advanceHours(3);
    await Promise.all([bot.keywarden.approvals.sweep(), replica.keywarden.approvals.sweep()]);
    expect(threadReplies()).toHaveLength(0);
    clock.advanceHours(2);
    try {
      await Promise.all([bot.keywarden.approvals.sweep(), replica.keywarden.approvals.sweep()]);
      expect(threadReplies()).toHaveLength(1);
      expect(remindedDms(SECOPS[1] as string)).toHaveLength(1);
      expect(remindedDms(SECOPS[0] as string)).toHaveLength(0); // already approved
      expect(remindedDms(PEOPLE.alice)).toHaveLength(0); // the requester
      await Promise.all([bot.keywarden.approvals.sweep(), replica.keywarden.approvals.sweep()]);
      expect(threadReplies()).toHaveLength(1);
    } finally {
      clock.advanceHours(-5);
    }
  });

  it('on expiry the message says Expired and the requester is told', async () => {
    const key = freshKey(bot, 'bob');
    await command(bot, `delete ${key} INC-9 let it lapse`, PEOPLE.bob);
    const request = approvalMessageFor(bot, key);
    clock.advanceHours(25);
    try {
      await bot.keywarden.approvals.sweep();
    } finally {
      clock.advanceHours(-25);
    }
    const message = bot.slack.messages('C0APPROVALS').find((m) => m.ts === request.message.ts);
    expect(JSON.stringify(message?.blocks)).toContain('Expired');
    await eventually(() =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.bob))
        .some((m) => (m.text ?? '').includes(key) && (m.text ?? '').includes('Expired')),
    );
  });

  it("a rotation's last step asks for the reason too, and the guide finishes with the person's reason", async () => {
    const oldKey = freshKey(bot, 'alice');
    // Typed in alice's DM: the guide there is the answer, with nothing beside it.
    const guides = () =>
      bot.slack
        .messages(bot.slack.dmChannelOf(PEOPLE.alice))
        .filter((m) => JSON.stringify(m.blocks ?? []).includes(ROTATION_REFRESH_ACTION)).length;
    const before = guides();
    const started = await bot.driver.command('rotate', { userId: PEOPLE.alice });
    await eventually(() => guides() > before);
    expect(bot.slack.responses().filter((response) => response.url === started.responseUrl)).toEqual([]);
    const newKey = bot.iam.state.keysOf('alice').find((key) => key.accessKeyId !== oldKey)?.accessKeyId;
    bot.iam.state.markUsed(newKey as string, { date: new Date(), serviceName: 'sts', region: 'eu-west-1' });
    const guide = dmButton(bot, PEOPLE.alice, ROTATION_REFRESH_ACTION);
    const at = { userId: PEOPLE.alice, channelId: guide.channel, messageTs: guide.message.ts };
    const guideNow = () =>
      JSON.stringify(bot.slack.messages(guide.channel).find((m) => m.ts === guide.message.ts)?.blocks);
    await bot.driver.click(ROTATION_DEACTIVATE_ACTION, guide.value, at);
    await eventually(() => guideNow().includes('Done: the old key is inactive'));

    const modal = await openedBy(bot, PEOPLE.alice, () =>
      bot.driver.click(ROTATION_DELETE_ACTION, guide.value, at),
    );
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    // The modal names the old key, read from the rotation before it opened.
    expect(JSON.stringify(modal.blocks)).toContain(
      unquote(`Access key \`${oldKey}\`: the old key of the rotation in this guide`),
    );
    const answers = () =>
      bot.slack
        .calls('chat.postEphemeral')
        .filter((call) => call.params.user === PEOPLE.alice && call.params.channel === guide.channel);
    const answered = answers().length;
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'CHG-31 quarterly rotation' } },
      { userId: PEOPLE.alice },
    );
    // The guide, updated in place, is the answer: no message beside it.
    await eventually(() => guideNow().includes('waiting for an approver'));
    expect(answers()).toHaveLength(answered);
    expect(JSON.stringify(approvalMessageFor(bot, oldKey).message.blocks)).toContain(
      'CHG-31 quarterly rotation',
    );
    const finished = bot.slack.messages(guide.channel).find((m) => m.ts === guide.message.ts);
    expect(JSON.stringify(finished?.blocks)).not.toContain(ROTATION_DELETE_ACTION);
  });

  it("a stale-key report's Request deletion asks for the reason, then finds the key again and asks", async () => {
    for (const key of bot.iam.state.keysOf('bob')) bot.iam.state.deleteKey('bob', key.accessKeyId);
    const old = bot.iam.state.addKey('bob', {
      createDate: new Date(Date.now() - 200 * 86_400_000),
    }).accessKeyId;
    expect(await bot.keywarden.reports.runNow(PEOPLE.admin, 0)).toBe('posted');
    const value = reportButton(postedReport(bot), 'bob', STALE_REQUEST_DELETION_ACTION);
    const modal = await openedBy(bot, PEOPLE.admin, () =>
      bot.driver.pick(STALE_LINE_MENU_ACTION, value, {
        userId: PEOPLE.admin,
        channelId: 'C0SECOPS',
        messageTs: postedReport(bot).ts,
      }),
    );
    expect(modal.callback_id).toBe(DELETION_REASON_CALLBACK);
    expect(JSON.stringify(modal.blocks)).toContain(unquote('The key of `bob`'));
    const answers = () =>
      bot.slack
        .calls('chat.postEphemeral')
        .filter((call) => call.params.user === PEOPLE.admin && call.params.channel === 'C0SECOPS');
    const answered = answers().length;
    await bot.driver.submitView(
      modal.id,
      { [REASON_BLOCK]: { [REASON_ACTION]: 'INC-404 unused for 200 days' } },
      { userId: PEOPLE.admin },
    );
    await eventually(() => answers().length > answered);
    expect(String(answers().at(-1)?.params.text)).toContain('requested');
    expect(JSON.stringify(approvalMessageFor(bot, old).message.blocks)).toContain(
      'INC-404 unused for 200 days',
    );
  });
});
