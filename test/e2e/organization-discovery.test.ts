import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { NOT_APPROVER } from '../../src/features/approvals/slack/texts';
import type { ApprovalRequest } from '../../src/features/approvals/domain/approval';
import { toItem } from '../../src/features/approvals/store/approval-items';
import { DynamoApprovalStore } from '../../src/features/approvals/store/dynamo-approval-store';
import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import type { SlackUserId } from '../../src/kernel/types';
import { NOT_ALLOWED, unknownAccountText } from '../../src/platform/slack/blocks/texts';
import { approvalMessageFor, eventually } from '../support/approvals';
import { PEOPLE, replyText, startBot, type Bot, commandReply as command } from '../support/bot';
import { FakeScheduler } from '../support/fakes';
import {
  BOT,
  HOME,
  MEMBER,
  ORG_EXTERNAL_ID,
  PROD_OU,
  organizationPolicy,
  startOrganization,
  type OrgAccounts,
} from '../support/organization';
import { TestClock } from '../support/test-clock';

/** A text as it appears inside the JSON of a reply. */
const inJson = (text: string) => JSON.stringify(text).slice(1, -1);

describe('the AWS organization, found by itself', () => {
  let aws: OrgAccounts;
  let bot: Bot;
  const scheduler = new FakeScheduler();
  const clock = new TestClock();
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    aws = await startOrganization();
    for (const id of [MEMBER.web, MEMBER.dev, MEMBER.legacy, MEMBER.partner, MEMBER.lake, MEMBER.audit]) {
      aws.state(id).addUser('alice');
      keys[id] = aws.state(id).addKey('alice').accessKeyId;
    }
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      organizationsUrl: aws.organizations.url,
      policyYaml: organizationPolicy(),
      scheduler,
      clock,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });

  const trail = () => new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, clock);

  it('at start, every ACTIVE account under Prod and Dev is managed by its name, in its OU; exclude and the rest are not', async () => {
    const answer = await command(bot, 'accounts', PEOPLE.admin);
    for (const line of [
      `prod-web (${MEMBER.web})`,
      'Root / Prod / Web',
      `dev (${MEMBER.dev})`,
      'Root / Dev',
      `legacy-billing (${MEMBER.legacy})`,
      `partner-sandbox (${MEMBER.partner})`,
      '*home',
    ]) {
      expect(answer).toContain(line);
    }
    // The bot's own account, an organization member too, is managed once: as `home`, never by a role.
    expect(answer.split(`(${HOME})`)).toHaveLength(2);
    expect(answer).toContain(`home (${HOME})`);
    expect(answer).not.toContain('security-tooling');
    expect(answer).not.toContain(MEMBER.audit);
    expect(answer).not.toContain(MEMBER.outside);
    // The listing followed NextToken (two accounts a page) and walked each account's parents.
    const listed = aws.organizations.calls().filter((call) => call.action === 'ListAccounts');
    expect(listed.length).toBeGreaterThanOrEqual(3);
    expect(listed.slice(1).every((call) => call.input?.['NextToken'] !== undefined)).toBe(true);
    expect(aws.organizations.calls().some((call) => call.action === 'ListParents')).toBe(true);
  });

  it('a non-admin is refused /keys accounts and its refresh, each refusal audited, nothing listed', async () => {
    const before = aws.organizations.calls().length;
    expect(await command(bot, 'accounts', PEOPLE.alice)).toContain(inJson(NOT_ALLOWED));
    expect(await command(bot, 'accounts refresh', PEOPLE.alice)).toContain(inJson(NOT_ALLOWED));
    expect(aws.organizations.calls()).toHaveLength(before);
    const events = await trail().recent({ limit: 50 });
    const refusals = events.filter((event) => event.action === 'accounts' && event.outcome === 'refused');
    expect(refusals.map((event) => [event.actor, event.detail])).toEqual(
      expect.arrayContaining([
        [PEOPLE.alice, 'list: not-allowed'],
        [PEOPLE.alice, 'refresh: not-allowed'],
      ]),
    );
  });

  it('USER@ID and USER@NAME reach the account through its keywarden role, with the ExternalId, as the person', async () => {
    aws.sts.clearCalls();
    expect(await command(bot, `list alice@${MEMBER.web}`, PEOPLE.alice)).toContain(keys[MEMBER.web]);
    expect(await command(bot, 'list alice@dev', PEOPLE.alice)).toContain(keys[MEMBER.dev]);
    expect(
      aws.sts.assumeRoleCalls().map((call) => [call.roleArn, call.externalId, call.sourceIdentity]),
    ).toEqual([
      [`arn:aws:iam::${MEMBER.web}:role/keywarden`, ORG_EXTERNAL_ID, PEOPLE.alice],
      [`arn:aws:iam::${MEMBER.dev}:role/keywarden`, ORG_EXTERNAL_ID, PEOPLE.alice],
    ]);
  });

  it('AssumeRole denied in one account: the others are still served, and /keys accounts says why', async () => {
    const answer = await command(bot, 'list alice', PEOPLE.alice);
    expect(answer).toContain(keys[MEMBER.web]);
    expect(answer).toContain(keys[MEMBER.dev]);
    expect(answer).not.toContain(keys[MEMBER.partner]);
    const accounts = await command(bot, 'accounts', PEOPLE.admin);
    const partner = accounts.slice(accounts.indexOf(`partner-sandbox (${MEMBER.partner})`));
    expect(partner.slice(0, 400)).toMatch(/not reachable[^"]*access denied/);
    expect(accounts.slice(accounts.indexOf(`prod-web (${MEMBER.web})`)).slice(0, 200)).toContain(
      'reachable (',
    );
  });

  let legacyRequest: { requestId: string; ts: string };

  it('a deletion in a Prod account needs Prod’s approvers: the global approver is refused, Prod’s deletes it', async () => {
    const asked = await command(bot, `delete ${keys[MEMBER.legacy]} rotated out`, PEOPLE.alice);
    expect(asked).toContain('requested.');
    const legacy = approvalMessageFor(bot, keys[MEMBER.legacy] as string);
    legacyRequest = { requestId: legacy.requestId, ts: legacy.message.ts };

    expect(await command(bot, `delete ${keys[MEMBER.web]} rotated out`, PEOPLE.alice)).toContain(
      'requested.',
    );
    const { requestId, message } = approvalMessageFor(bot, keys[MEMBER.web] as string);
    aws.iam.clearCalls();
    const byGlobal = await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    expect(replyText(await bot.driver.waitForResponse(byGlobal.responseUrl, 10_000))).toContain(
      inJson(NOT_APPROVER),
    );
    expect(aws.state(MEMBER.web).findKey(keys[MEMBER.web] as string)).toBeDefined();
    await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver2,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    await eventually(() => aws.state(MEMBER.web).findKey(keys[MEMBER.web] as string) === undefined, 10_000);
    expect(aws.iam.calls('DeleteAccessKey').map((call) => call.accountId)).toEqual([MEMBER.web]);
  }, 30_000);

  it('a deletion in Dev (no OU policy) is approved by the global approvers', async () => {
    expect(await command(bot, `delete ${keys[MEMBER.dev]} rotated out`, PEOPLE.alice)).toContain(
      'requested.',
    );
    const { requestId, message } = approvalMessageFor(bot, keys[MEMBER.dev] as string);
    await bot.driver.click(APPROVE_ACTION, requestId, {
      userId: PEOPLE.approver,
      channelId: 'C0APPROVALS',
      messageTs: message.ts,
    });
    await eventually(() => aws.state(MEMBER.dev).findKey(keys[MEMBER.dev] as string) === undefined, 10_000);
  }, 30_000);

  it('the deletion re-derives the OU rule when it executes: an APPROVED item by a global approver is refused', async () => {
    keys['web2'] = aws.state(MEMBER.web).addKey('alice').accessKeyId;
    expect(await command(bot, `delete ${keys['web2']} forged`, PEOPLE.admin)).toContain('requested.');
    const { requestId } = approvalMessageFor(bot, keys['web2']);
    const requests = new DynamoApprovalStore(bot.keywarden.store.doc, bot.keywarden.store.tableName);
    const stored = (await requests.get(requestId)) as ApprovalRequest;
    const at = clock.now();
    const by = PEOPLE.approver as SlackUserId;
    const forged: ApprovalRequest = {
      ...stored,
      state: 'APPROVED',
      required: 1,
      approvals: [{ by, at }],
      history: [...stored.history, { at, by, state: 'APPROVED' }],
    };
    await bot.keywarden.store.doc.send(
      new PutCommand({ TableName: bot.keywarden.store.tableName, Item: toItem(forged) }),
    );
    aws.iam.clearCalls();
    clock.advanceHours(1);
    await bot.keywarden.approvals.sweep();
    expect(aws.iam.calls('DeleteAccessKey')).toHaveLength(0);
    expect(aws.state(MEMBER.web).findKey(keys['web2'])).toBeDefined();
    expect(await requests.get(requestId)).toMatchObject({
      state: 'FAILED',
      outcome: { kind: 'two-person-rule-violated', detail: expect.stringContaining('not-an-approver') },
    });
  }, 30_000);

  it('renamed, suspended and new accounts: managed as they are after the next scheduled refresh, without a restart', async () => {
    aws.org.rename(MEMBER.web, 'Web Storefront');
    aws.org.setState(MEMBER.legacy, 'SUSPENDED');
    aws.org.addAccount({ id: MEMBER.lake, name: 'Data Lake!', parentId: PROD_OU });
    await scheduler.tick('organization-refresh');

    const accounts = await command(bot, 'accounts', PEOPLE.admin);
    expect(accounts).toContain(`web-storefront (${MEMBER.web})`);
    expect(accounts).toContain(`data-lake- (${MEMBER.lake})`);
    expect(accounts).not.toContain(`legacy-billing (${MEMBER.legacy})`);
    expect(accounts).toMatch(new RegExp(`${MEMBER.legacy}\`? Legacy Billing \\(suspended\\)`));
    // The new account is served at once; the renamed one answers to its id and its new name, not its old.
    expect(await command(bot, `list alice@${MEMBER.lake}`, PEOPLE.alice)).toContain(keys[MEMBER.lake]);
    expect(await command(bot, `list alice@${MEMBER.web}`, PEOPLE.alice)).toContain(
      `web-storefront (${MEMBER.web})`,
    );
    expect(await command(bot, 'list alice@prod-web', PEOPLE.alice)).toContain(
      inJson(unknownAccountText('prod-web', [])).split('.')[0] as string,
    );
    const refreshed = (await trail().recent({ limit: 50 })).find(
      (event) => event.action === 'accounts' && event.outcome === 'ok' && event.actor === 'system',
    );
    expect(refreshed?.detail).toContain('renamed: prod-web->web-storefront');
  });

  it('a request stored in an account that is gone (suspended) is refused with that said, nothing deleted anywhere', async () => {
    aws.iam.clearCalls();
    const clicked = await bot.driver.click(APPROVE_ACTION, legacyRequest.requestId, {
      userId: PEOPLE.approver2,
      channelId: 'C0APPROVALS',
      messageTs: legacyRequest.ts,
    });
    const answer = replyText(await bot.driver.waitForResponse(clicked.responseUrl, 10_000));
    expect(answer).toContain('no longer manage');
    expect(aws.iam.calls('DeleteAccessKey')).toHaveLength(0);
    expect(aws.state(MEMBER.legacy).findKey(keys[MEMBER.legacy] as string)).toBeDefined();
  }, 30_000);

  it('/keys accounts refresh lists the organization now and says what changed, audited', async () => {
    aws.org.rename(MEMBER.dev, 'Dev Two');
    aws.org.move(MEMBER.outside, PROD_OU);
    const answer = await command(bot, 'accounts refresh', PEOPLE.admin);
    expect(answer).toContain('added `outside`');
    expect(answer).toContain('renamed `dev` → `dev-two`');
    const events = await trail().recent({ limit: 50 });
    expect(events).toContainEqual(
      expect.objectContaining({ action: 'accounts', outcome: 'ok', actor: PEOPLE.admin }),
    );
  });

  it('Organizations throttled and failing are retried; failing past the retries keeps the last good set, audited', async () => {
    aws.organizations.injectFault({ kind: 'throttling', action: 'ListAccounts' });
    aws.organizations.injectFault({ kind: 'server-error', action: 'ListParents' });
    expect(await command(bot, 'accounts refresh', PEOPLE.admin)).toContain('Organization listed');
    const codes = aws.organizations.calls().map((call) => call.errorCode);
    expect(codes).toEqual(expect.arrayContaining(['TooManyRequestsException', 'ServiceException']));

    aws.organizations.setOutage('server-error');
    try {
      const answer = await command(bot, 'accounts refresh', PEOPLE.admin);
      expect(answer).toContain('could not be listed');
      expect(answer).toContain('stay as they were');
    } finally {
      aws.organizations.clearFaults();
    }
    // Still managed: the failed listing replaced nothing.
    expect(await command(bot, `list alice@${MEMBER.lake}`, PEOPLE.alice)).toContain(keys[MEMBER.lake]);
    expect(await command(bot, 'accounts', PEOPLE.admin)).toContain('The last listing failed');
    const failed = (await trail().recent({ limit: 50 })).find(
      (event) => event.action === 'accounts' && event.outcome === 'failed',
    );
    expect(failed?.detail).toContain('could not be listed');
  }, 60_000);

  it('/keys accounts says when a posted report last covered each account, and never for one it could not reach', async () => {
    const before = await command(bot, 'accounts', PEOPLE.admin);
    expect(before).toContain('last reported on: never');
    await scheduler.fireCron('report 0 (C0SECOPS)', clock.now());
    const after = await command(bot, 'accounts', PEOPLE.admin);
    const lineOf = (label: string) => after.slice(after.indexOf(label)).slice(0, 300);
    expect(lineOf(`dev-two (${MEMBER.dev})`)).toMatch(/last reported on: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(lineOf(`partner-sandbox (${MEMBER.partner})`)).toContain('last reported on: never');
  }, 60_000);

  it("an OU's report covers the accounts under that OU only", async () => {
    await scheduler.fireCron('report 1 (C0PRODSEC)', clock.now());
    const posted = JSON.stringify(bot.slack.messages('C0PRODSEC'));
    expect(posted).toContain(MEMBER.web);
    expect(posted).toContain(MEMBER.lake);
    expect(posted).not.toContain(MEMBER.dev);
    expect(posted).not.toContain(HOME);
  }, 60_000);

  it('/keys help names the accounts commands for admins only', async () => {
    expect(await command(bot, 'help', PEOPLE.admin)).toContain('/keys accounts refresh');
    expect(await command(bot, 'help', PEOPLE.alice)).not.toContain('/keys accounts');
  });
});
