import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REACTIVATE_ACTION,
  ROTATION_REFRESH_ACTION,
} from '../../src/features/rotation/slack/rotation-guide';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';
import { dmButton } from '../support/dm-button';
import { BOT, PROD, PROD_ROLE, startAccounts, type Accounts } from '../sandbox/sts/fixture';

const POLICY = `${POLICY_YAML}
accounts:
  - name: home
  - name: prod
    roleArn: ${PROD_ROLE}
    externalId: keywarden-prod
`;

describe('rotation-guide steps run as the person who clicked, and every refused click is audited', () => {
  let aws: Accounts;
  let bot: Bot;
  let oldKey: string;
  let guide: ReturnType<typeof dmButton>;

  /** The guide message as it stands now. */
  const guideMessage = () => bot.slack.messages(guide.channel).find((m) => m.ts === guide.message.ts);
  const updatesOfGuide = () =>
    bot.slack.calls('chat.update').filter((call) => call.ok && call.params.ts === guide.message.ts).length;

  /**
   * A click on the guide; resolves once its work is done: the guide updated in place (a step taken:
   * its text, the guide's answer to it), or an answer posted beside it (a refusal).
   */
  async function click(actionId: string, userId: string): Promise<string> {
    const updates = updatesOfGuide();
    const reply = await bot.driver.click(actionId, guide.value, {
      userId,
      channelId: guide.channel,
      messageTs: guide.message.ts,
    });
    const answered = () => bot.slack.responses().some((response) => response.url === reply.responseUrl);
    await eventually(() => updatesOfGuide() > updates || answered(), 10_000);
    if (answered()) return replyText(await bot.driver.waitForResponse(reply.responseUrl, 10_000));
    return JSON.stringify(guideMessage()?.blocks);
  }

  /** Every IAM call in prod since the last clear, as [action, whose session]. */
  const prodCalls = () =>
    aws.iam
      .calls()
      .filter((call) => call.accountId === PROD)
      .map((call) => [call.action, call.sourceIdentity, call.roleSessionName]);

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('alice');
    aws.prod.addUser('alice');
    oldKey = aws.prod.addKey('alice', { createDate: new Date(Date.now() - 200 * 86_400_000) }).accessKeyId;
    bot = await startBot({ iam: aws.iam, awsCredentials: BOT, stsUrl: aws.sts.url, policyYaml: POLICY });
    // Typed in alice's DM: the guide posted there is the answer.
    await bot.driver.command('rotate alice@prod', { userId: PEOPLE.alice });
    await eventually(() => {
      try {
        guide = dmButton(bot, PEOPLE.alice, ROTATION_REFRESH_ACTION);
        return true;
      } catch {
        return false;
      }
    }, 10_000);
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });
  beforeEach(() => aws.iam.clearCalls());

  it("alice's rotation: an admin's Refresh reads both keys in the admin's session, not alice's", async () => {
    const newKey = aws.prod.keysOf('alice').find((key) => key.accessKeyId !== oldKey)?.accessKeyId as string;
    aws.prod.markUsed(newKey, { date: new Date(), serviceName: 'sts', region: 'eu-west-1' });
    await click(ROTATION_REFRESH_ACTION, PEOPLE.admin);
    const session = [PEOPLE.admin, `keywarden-${PEOPLE.admin}`];
    expect(prodCalls()).toEqual([
      ['GetAccessKeyLastUsed', ...session],
      ['GetAccessKeyLastUsed', ...session],
    ]);
    expect(JSON.stringify(guideMessage()?.blocks)).toContain(ROTATION_DEACTIVATE_ACTION);
  });

  it("an admin's Deactivate old key: every IAM call of the click in the admin's session", async () => {
    expect(await click(ROTATION_DEACTIVATE_ACTION, PEOPLE.admin)).toContain('Done: the old key is inactive');
    expect(aws.prod.findKey(oldKey)?.status).toBe('Inactive');
    const calls = prodCalls();
    expect(calls.map(([action]) => action).sort()).toEqual([
      'GetAccessKeyLastUsed',
      'GetAccessKeyLastUsed',
      'UpdateAccessKey',
    ]);
    for (const [, who, session] of calls) {
      expect(who).toBe(PEOPLE.admin);
      expect(session).toBe(`keywarden-${PEOPLE.admin}`);
    }
  });

  it('after the old key is off, Reactivate old key undoes it: Active again, the guide back at step 2', async () => {
    expect(JSON.stringify(guideMessage()?.blocks)).toContain(ROTATION_REACTIVATE_ACTION);
    // An admin turned it off, so it is under the admin's hold: alice cannot undo it...
    expect(await click(ROTATION_REACTIVATE_ACTION, PEOPLE.alice)).toContain('only an admin');
    expect(aws.prod.findKey(oldKey)?.status).toBe('Inactive');
    // ...an admin can.
    expect(await click(ROTATION_REACTIVATE_ACTION, PEOPLE.admin)).toContain(ROTATION_DEACTIVATE_ACTION);
    expect(aws.prod.findKey(oldKey)?.status).toBe('Active');
    await eventually(() => JSON.stringify(guideMessage()?.blocks).includes(ROTATION_DEACTIVATE_ACTION));
    const guideText = JSON.stringify(guideMessage()?.blocks);
    expect(guideText).not.toContain(ROTATION_REACTIVATE_ACTION);
    expect(guideText).toContain('Checked ');
    // A second click is a step already done: nothing reaches IAM.
    aws.iam.clearCalls();
    expect(await click(ROTATION_REACTIVATE_ACTION, PEOPLE.admin)).toContain('already done');
    expect(prodCalls()).toEqual([]);
    // Back to where the rest of the story expects it.
    expect(await click(ROTATION_DEACTIVATE_ACTION, PEOPLE.admin)).toContain('Done: the old key is inactive');
  });

  it.each([
    ['Refresh', ROTATION_REFRESH_ACTION],
    ['Deactivate old key', ROTATION_DEACTIVATE_ACTION],
    ['Request deletion of old key', ROTATION_DELETE_ACTION],
  ])(
    'a stranger clicking %s is refused, nothing reaches IAM, and the refusal is audited',
    async (_, action) => {
      const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, {
        now: () => new Date(),
      });
      const before = (await trail.recent({ limit: 500 })).length;
      expect(await click(action, PEOPLE.stranger)).toContain(JSON.stringify(NOT_ALLOWED).slice(1, -1));
      expect(prodCalls()).toEqual([]);
      const after = await trail.recent({ limit: 500 });
      const added = after.slice(0, after.length - before);
      expect(added).toEqual([
        expect.objectContaining({
          actor: PEOPLE.stranger,
          action: 'rotate',
          outcome: 'refused',
          owner: 'alice',
          account: 'prod',
          keyId: oldKey,
          detail: expect.stringContaining('not-allowed'),
        }),
      ]);
    },
  );

  it('a click naming no rotation is refused and audited too, without echoing what it named', async () => {
    const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, {
      now: () => new Date(),
    });
    const reply = await bot.driver.click(ROTATION_REFRESH_ACTION, '<!channel> not a rotation', {
      userId: PEOPLE.stranger,
      channelId: guide.channel,
    });
    await bot.driver.waitForResponse(reply.responseUrl, 10_000);
    const [latest] = await trail.recent({ limit: 1 });
    expect(latest).toMatchObject({ actor: PEOPLE.stranger, action: 'rotate', outcome: 'refused' });
    expect(latest?.detail).toContain('no-such-rotation');
    expect(latest?.detail).not.toContain('channel');
  });
});
