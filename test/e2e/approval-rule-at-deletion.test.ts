import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { IamState } from '../../sandbox/iam';
import { startSlackServer } from '../../sandbox/slack';
import type { ApprovalRequest } from '../../src/features/approvals/domain/approval';
import type { KeyId, SlackUserId } from '../../src/kernel/types';
import { toItem } from '../../src/features/approvals/store/approval-items';
import { DynamoApprovalStore } from '../../src/features/approvals/store/dynamo-approval-store';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { approvalMessageFor } from '../support/approvals';
import { BOT_TOKEN, PEOPLE, POLICY_YAML, replyText, SLACK_USERS, startBot, type Bot } from '../support/bot';
import { TestClock } from '../support/test-clock';

const SECOPS = ['U0SEC1', 'U0SEC2'] as SlackUserId[];

/** The account's policy: two approvers, from the security team's user group. */
const POLICY = `${POLICY_YAML}
accounts:
  - name: home
    approvals: { required: 2, approvers: [S0PRODSEC] }
`;

/**
 * Anyone who can write the table can write a request as they like. The deletion must hold to the
 * policy in force for the key's account, not to what the item says.
 */
describe('the two-person rule is re-derived from the policy at the moment of deletion', () => {
  let bot: Bot;
  let requests: DynamoApprovalStore;
  const clock = new TestClock();

  beforeAll(async () => {
    const slack = await startSlackServer({
      botToken: BOT_TOKEN,
      users: [
        ...SLACK_USERS,
        ...SECOPS.map((id, n) => ({ id, name: `sec${n}`, email: `sec${n}@example.com` })),
      ],
      usergroups: { S0APPROVERS: [PEOPLE.approver2], S0PRODSEC: SECOPS },
    });
    bot = await startBot({ iamState: new IamState(), slack, clock, policyYaml: POLICY });
    requests = new DynamoApprovalStore(bot.keywarden.store.doc, bot.keywarden.store.tableName);
  });
  afterAll(async () => {
    await bot.stop();
    await bot.slack.close();
  });

  let users = 0;
  /** An admin's request for a key of a user of its own, then the item rewritten past the bot. */
  async function forged(approvers: SlackUserId[]): Promise<ApprovalRequest> {
    const user = `user${++users}`;
    bot.iam.state.addUser(user);
    const keyId = bot.iam.state.addKey(user).accessKeyId;
    const asked = await bot.driver.command(`delete ${keyId} forged`, { userId: PEOPLE.admin });
    expect(replyText(await bot.driver.waitForResponse(asked.responseUrl, 10_000))).toContain('requested.');
    const { requestId } = approvalMessageFor(bot, keyId);
    const stored = (await requests.get(requestId)) as ApprovalRequest;
    const at = clock.now();
    const item: ApprovalRequest = {
      ...stored,
      state: 'APPROVED',
      required: 1,
      approvals: approvers.map((by) => ({ by, at })),
      history: [...stored.history, ...approvers.map((by) => ({ at, by, state: 'APPROVED' as const }))],
    };
    await bot.keywarden.store.doc.send(
      new PutCommand({ TableName: bot.keywarden.store.tableName, Item: toItem(item) }),
    );
    return item;
  }

  async function sweptAndRefused(request: ApprovalRequest, why: string): Promise<void> {
    bot.iam.clearCalls();
    clock.advanceHours(1);
    await bot.keywarden.approvals.sweep();
    expect(bot.iam.calls('DeleteAccessKey')).toHaveLength(0);
    expect(bot.iam.state.findKey(request.keyId)).toBeDefined();
    expect(await requests.get(request.id)).toMatchObject({
      state: 'FAILED',
      outcome: { kind: 'two-person-rule-violated', detail: expect.stringContaining(why) },
    });
    const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, clock);
    const events = await trail.recent({ keyId: request.keyId as KeyId, limit: 20 });
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'delete', outcome: 'refused', detail: expect.stringContaining(why) }),
    );
  }

  // First, while no group lookup is cached: Slack cannot say who is in the group.
  it('an approver whose right Slack cannot confirm is a refusal, never a pass', async () => {
    const request = await forged(SECOPS);
    bot.slack.failNext('usergroups.users.list', { error: 'internal_error' });
    await sweptAndRefused(request, 'approver-unconfirmed');
  }, 30_000);

  it('an "approval" by someone who is no approver, beside a real one: refused, nothing deleted', async () => {
    const request = await forged([SECOPS[0] as SlackUserId, PEOPLE.stranger as SlackUserId]);
    await sweptAndRefused(request, 'not-an-approver');
  }, 30_000);

  it('`required: 1` with one real approver, where the account wants two: refused', async () => {
    const request = await forged([SECOPS[0] as SlackUserId]);
    await sweptAndRefused(request, 'too-few-approvers');
  }, 30_000);

  it('the global approvers do not count for an account that names its own', async () => {
    const request = await forged([PEOPLE.approver as SlackUserId, PEOPLE.approver2 as SlackUserId]);
    await sweptAndRefused(request, 'not-an-approver');
  }, 30_000);

  it('two of the account’s own approvers: deleted', async () => {
    const request = await forged(SECOPS);
    clock.advanceHours(1);
    await bot.keywarden.approvals.sweep();
    expect(bot.iam.state.findKey(request.keyId)).toBeUndefined();
    expect(await requests.get(request.id)).toMatchObject({ state: 'EXECUTED' });
  }, 30_000);
});
