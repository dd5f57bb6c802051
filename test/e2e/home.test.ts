import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import {
  HOME_DEACTIVATE_ACTION,
  HOME_DELETE_ACTION,
  HOME_OPEN_REQUEST_ACTION,
  HOME_ROTATE_ACTION,
  HOME_RUN_REPORT_ACTION,
  HOME_WITHDRAW_ACTION,
  HOME_APPROVE_ACTION,
} from '../../src/features/home/slack/home';
import {
  AWAITING_HEADER,
  DECIDE_ON_MESSAGE,
  IDENTITY_UNCONFIRMED_HOME,
  MY_KEYS_HEADER,
  MY_REQUESTS_HEADER,
  REPORT_NEVER_RAN,
  REPORTS_HEADER,
  runNowText,
  STRANGER_HOME,
  WITHDRAWN_NOTICE,
} from '../../src/features/home/slack/home-texts';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { refusalText } from '../../src/platform/slack/blocks/refusal-texts';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, startBot, type Bot } from '../support/bot';
import { buttons, buttonValue, clickOnHome, openHome, viewText } from '../support/home';
import {
  BOT,
  HOME,
  PROD,
  PROD_ROLE,
  STAGING,
  STAGING_ROLE,
  startAccounts,
  type Accounts,
} from '../sandbox/sts/fixture';

/** mrkdwn as it sits inside the view's JSON. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

const POLICY = `${POLICY_YAML}
accounts:
  - name: home
  - name: prod
    roleArn: ${PROD_ROLE}
    externalId: keywarden-prod
  - name: staging
    roleArn: ${STAGING_ROLE}
`;

describe('App Home: each person sees their own state', () => {
  let aws: Accounts;
  let bot: Bot;
  let aliceHomeKey: string;
  let aliceProdKey: string;
  let carolKey: string;
  let aprilKey: string;
  let bobKey: string;

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('alice');
    aws.prod.addUser('alice');
    aliceHomeKey = aws.home.addKey('alice', {
      createDate: new Date(Date.now() - 200 * 86_400_000),
    }).accessKeyId;
    aliceProdKey = aws.prod.addKey('alice').accessKeyId;
    aws.home.addUser('carol');
    carolKey = aws.home.addKey('carol').accessKeyId;
    aws.home.addUser('april');
    aprilKey = aws.home.addKey('april').accessKeyId;
    aws.home.addUser('bob');
    bobKey = aws.home.addKey('bob').accessKeyId;
    bot = await startBot({ iam: aws.iam, awsCredentials: BOT, stsUrl: aws.sts.url, policyYaml: POLICY });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });
  beforeEach(() => aws.iam.clearCalls());

  it('a failed identity lookup says so on the Home and reads no keys at all', async () => {
    // bob is known only by his email: the lookup fails, so nobody can say whose keys to show.
    bot.slack.failNext('users.info', { error: 'internal_error' });
    const home = await openHome(bot, PEOPLE.bob);
    expect(viewText(home)).toContain(inJson(IDENTITY_UNCONFIRMED_HOME));
    expect(viewText(home)).not.toContain(bobKey);
    expect(aws.iam.calls().filter((call) => call.action === 'ListAccessKeys')).toHaveLength(0);
    // Once Slack answers, the same tab shows his key.
    expect(viewText(await openHome(bot, PEOPLE.bob))).toContain(bobKey);
  });

  it('a stranger sees a short explanation, and nothing reaches AWS', async () => {
    const home = await openHome(bot, PEOPLE.stranger);
    expect(home.type).toBe('home');
    expect(viewText(home)).toContain(inJson(STRANGER_HOME));
    expect(viewText(home)).not.toContain(MY_KEYS_HEADER);
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('alice sees her keys in both accounts, worst first, read in her own sessions', async () => {
    const home = await openHome(bot, PEOPLE.alice);
    const text = viewText(home);
    expect(text).toContain(MY_KEYS_HEADER);
    expect(text.indexOf(aliceHomeKey)).toBeLessThan(text.indexOf(aliceProdKey)); // 200 days old: stale
    expect(text).toContain('stale: too old');
    expect(text).toContain(`prod (${PROD})`);
    expect(text).toContain('No IAM user of yours in: staging');
    expect(text).not.toContain(carolKey);
    expect(text).not.toContain(AWAITING_HEADER); // not an approver
    expect(text).not.toContain(REPORTS_HEADER); // not an admin
    // Every button names the key's account.
    expect(JSON.parse(buttonValue(home, HOME_DEACTIVATE_ACTION, aliceProdKey))).toEqual({
      account: 'prod',
      keyId: aliceProdKey,
    });
    expect(buttons(home).filter((element) => element.action_id === HOME_ROTATE_ACTION)).toHaveLength(2);
    const lists = aws.iam.calls().filter((call) => call.action === 'ListAccessKeys');
    // The role accounts' sessions are named for her; home is the bot's own credentials.
    const inRoles = lists.filter((call) => call.accountId !== HOME);
    expect(new Set(inRoles.map((call) => call.sourceIdentity))).toEqual(new Set([PEOPLE.alice]));
    expect(new Set(lists.map((call) => call.accountId))).toEqual(new Set([HOME, PROD, STAGING]));
  });

  it('Deactivate on the Home acts in the account the button names, as alice, and the Home says so', async () => {
    await openHome(bot, PEOPLE.alice);
    const after = await clickOnHome(
      bot,
      PEOPLE.alice,
      HOME_DEACTIVATE_ACTION,
      buttonValue(bot.slack.homeView(PEOPLE.alice)!, HOME_DEACTIVATE_ACTION, aliceProdKey),
    );
    expect(aws.prod.findKey(aliceProdKey)?.status).toBe('Inactive');
    expect(viewText(after)).toContain('is now inactive');
    expect(viewText(after)).toContain(':white_circle: Inactive');
    const update = aws.iam.calls().find((call) => call.action === 'UpdateAccessKey');
    expect(update).toMatchObject({
      accountId: PROD,
      sourceIdentity: PEOPLE.alice,
      params: { UserName: 'alice' },
    });
    aws.prod.findKey(aliceProdKey)!.status = 'Active';
  });

  it("a forged Home button naming someone else's key is refused, and the key stays as it was", async () => {
    await openHome(bot, PEOPLE.alice);
    const forged = JSON.stringify({ account: 'home', keyId: carolKey });
    const after = await clickOnHome(bot, PEOPLE.alice, HOME_DEACTIVATE_ACTION, forged);
    expect(viewText(after)).toContain(inJson(NOT_ALLOWED));
    expect(aws.home.findKey(carolKey)?.status).toBe('Active');
    expect(aws.iam.calls().filter((call) => call.action === 'UpdateAccessKey')).toHaveLength(0);
    // Refused on the owner alone: carol's key list is never read in alice's name.
    expect(
      aws.iam.calls().filter((call) => call.action === 'ListAccessKeys' && call.params.UserName === 'carol'),
    ).toHaveLength(0);
    const unknown = await clickOnHome(
      bot,
      PEOPLE.alice,
      HOME_DEACTIVATE_ACTION,
      JSON.stringify({ account: 'nowhere', keyId: aliceHomeKey }),
    );
    expect(viewText(unknown)).toContain(
      inJson(refusalText({ reason: 'unknown-account', name: 'nowhere', known: ['home', 'prod', 'staging'] })),
    );
  });

  it('a deletion requested from the Home awaits the approver (never their own) and is withdrawn from it', async () => {
    // april, an approver, asks to delete her own key: it must not await her.
    await bot.driver.command(`delete ${aprilKey} old laptop`, { userId: PEOPLE.approver });
    await eventually(() =>
      bot.slack.messages('C0APPROVALS').some((m) => JSON.stringify(m.blocks).includes(aprilKey)),
    );

    await openHome(bot, PEOPLE.alice);
    const mine = await clickOnHome(
      bot,
      PEOPLE.alice,
      HOME_DELETE_ACTION,
      buttonValue(bot.slack.homeView(PEOPLE.alice)!, HOME_DELETE_ACTION, aliceProdKey),
    );
    expect(viewText(mine)).toContain('requested');
    const { message, requestId } = approvalMessageFor(bot, aliceProdKey);
    expect(viewText(mine)).toContain(MY_REQUESTS_HEADER);
    expect(buttonValue(mine, HOME_WITHDRAW_ACTION, requestId)).toBe(requestId);

    const april = await openHome(bot, PEOPLE.approver);
    const text = viewText(april);
    const awaiting = text.slice(text.indexOf(AWAITING_HEADER));
    expect(awaiting).toContain(aliceProdKey);
    expect(awaiting).toContain(`<@${PEOPLE.alice}>`);
    expect(awaiting).toContain(`prod (${PROD})`);
    expect(awaiting).not.toContain(aprilKey);
    expect(text.slice(0, text.indexOf(AWAITING_HEADER))).toContain(aprilKey); // her own, under her requests
    expect(text).toContain(inJson(DECIDE_ON_MESSAGE));
    // The channel's own Approve is not on the Home: Approve… opens the decision modal instead.
    expect(buttons(april).some((element) => element.action_id === APPROVE_ACTION)).toBe(false);
    const link = buttons(april).find((element) => element.action_id === HOME_OPEN_REQUEST_ACTION);
    expect(link?.url).toMatch(new RegExp(`/archives/C0APPROVALS/p${message.ts.replace('.', '')}$`));
    expect(buttons(april).some((element) => element.action_id === HOME_APPROVE_ACTION)).toBe(true);

    const withdrawn = await clickOnHome(bot, PEOPLE.alice, HOME_WITHDRAW_ACTION, requestId);
    expect(viewText(withdrawn)).toContain(inJson(WITHDRAWN_NOTICE));
    expect(viewText(withdrawn)).not.toContain(requestId);
    expect(aws.prod.findKey(aliceProdKey)).toBeDefined();
    expect(viewText(await openHome(bot, PEOPLE.approver))).not.toContain(aliceProdKey);
  });

  it('an approver approves from the Home through the decision modal: the key is deleted, as from the message', async () => {
    aws.prod.addUser('dave');
    const daveKey = aws.prod.addKey('dave').accessKeyId;
    const asked = await bot.driver.command(`delete ${daveKey} INC-1 from home`, { userId: PEOPLE.admin });
    await bot.driver.waitForResponse(asked.responseUrl, 10_000);
    const { requestId, message } = approvalMessageFor(bot, daveKey);
    const april = await openHome(bot, PEOPLE.approver);
    const value = buttonValue(april, HOME_APPROVE_ACTION, requestId);
    const opened = bot.slack.calls('views.open').length;
    await bot.driver.clickInView(HOME_APPROVE_ACTION, value, { userId: PEOPLE.approver, viewId: april.id });
    await eventually(() => bot.slack.calls('views.open').length > opened);
    const modal = bot.slack.openViews(PEOPLE.approver).at(-1) as { id: string };
    await bot.driver.submitView(modal.id, { note: { note: 'seen on Home' } }, { userId: PEOPLE.approver });
    await eventually(() => aws.prod.findKey(daveKey) === undefined);
    await eventually(() =>
      JSON.stringify(bot.slack.messages('C0APPROVALS').find((m) => m.ts === message.ts)?.blocks).includes(
        'Key deleted',
      ),
    );
    // The Home is published again with the outcome at its top and the request gone from it; nothing
    // is said in the approvals channel, where the approver was not looking.
    const homeOf = () =>
      bot.slack
        .calls('views.publish')
        .filter((call) => call.ok && call.params.user_id === PEOPLE.approver)
        .at(-1);
    await eventually(() => JSON.stringify(homeOf()?.params).includes('Approved'));
    const home = JSON.stringify(homeOf()?.params);
    expect(home).not.toContain(HOME_APPROVE_ACTION + '","value":' + JSON.stringify(value));
    expect(home).not.toContain(requestId);
    expect(
      bot.slack
        .calls('chat.postEphemeral')
        .filter((call) => call.params.user === PEOPLE.approver && call.params.channel === 'C0APPROVALS'),
    ).toHaveLength(0);
  });

  it("the admin sees each report's last run per account, and Run now runs it as them", async () => {
    const before = await openHome(bot, PEOPLE.admin);
    expect(viewText(before)).toContain(REPORTS_HEADER);
    expect(viewText(before)).toContain(inJson(REPORT_NEVER_RAN));
    const posts = bot.slack.messages('C0SECOPS').length;
    // Two publishes: "running", then the Home with the new run.
    const after = await clickOnHome(bot, PEOPLE.admin, HOME_RUN_REPORT_ACTION, '0', 2);
    expect(bot.slack.messages('C0SECOPS').length).toBeGreaterThan(posts);
    const text = viewText(after);
    expect(text).toContain(inJson(runNowText('posted')));
    expect(text).toContain('Last run');
    expect(text).toContain('1 stale key'); // alice's 200-day-old key
    expect(text).toContain(`prod (${PROD}): 0 stale of`);
    expect(text).toContain(': 1 stale of');
    expect(text).not.toContain(inJson(REPORT_NEVER_RAN));
  });

  it('Run now from anyone but an admin is refused', async () => {
    await openHome(bot, PEOPLE.alice);
    const posts = bot.slack.messages('C0SECOPS').length;
    const after = await clickOnHome(bot, PEOPLE.alice, HOME_RUN_REPORT_ACTION, '0');
    expect(viewText(after)).toContain(inJson(runNowText('not-allowed')));
    expect(bot.slack.messages('C0SECOPS').length).toBe(posts);
  });

  it('Rotate on the Home starts the rotation as the command does: the secret goes only to her DM', async () => {
    await openHome(bot, PEOPLE.alice);
    const after = await clickOnHome(
      bot,
      PEOPLE.alice,
      HOME_ROTATE_ACTION,
      buttonValue(bot.slack.homeView(PEOPLE.alice)!, HOME_ROTATE_ACTION, aliceHomeKey),
    );
    expect(viewText(after)).toContain('Rotation started');
    const keys = aws.home.keysOf('alice');
    expect(keys).toHaveLength(2);
    const created = keys.find((key) => key.accessKeyId !== aliceHomeKey)!;
    const secretShown = bot.slack
      .calls('chat.postEphemeral')
      .filter((call) => JSON.stringify(call.params).includes(created.secretAccessKey));
    expect(secretShown.map((call) => call.params.user)).toEqual([PEOPLE.alice]);
    expect(JSON.stringify(bot.slack.calls('views.publish'))).not.toContain(created.secretAccessKey);
  });
});
