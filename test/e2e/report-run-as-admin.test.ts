import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { HOME_RUN_REPORT_ACTION } from '../../src/features/home/slack/home-actions';
import type { AuditEvent } from '../../src/kernel/ports/audit-log';
import { PEOPLE, POLICY_YAML, startBot, type Bot, commandReply as command } from '../support/bot';
import { eventually } from '../support/approvals';
import { FakeScheduler } from '../support/fakes';
import { clickOnHome, openHome } from '../support/home';
import { BOT, PROD, STAGING, startAccounts, threeAccountsYaml, type Accounts } from '../sandbox/sts/fixture';

const DAY_MS = 86_400_000;

/**
 * Issue 26, item 5: a report an admin clicked runs as that admin, in CloudTrail (a role session named
 * for them, with SourceIdentity) and in Keywarden's audit; a scheduled run stays keywarden's.
 */
describe('a report run an admin clicked runs as that admin', () => {
  let aws: Accounts;
  let bot: Bot;
  const scheduler = new FakeScheduler();

  beforeAll(async () => {
    aws = await startAccounts();
    aws.staging.addUser('carol');
    aws.staging.addKey('carol', { createDate: new Date(Date.now() - 200 * DAY_MS) });
    aws.prod.addUser('alice');
    aws.prod.addKey('alice', { createDate: new Date(Date.now() - 150 * DAY_MS) });
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml()}`,
      scheduler,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });
  beforeEach(() => aws.iam.clearCalls());

  /** Every IAM call of the reports in the role accounts, as [account, SourceIdentity, session]. */
  function roleAccountCalls(): [string | undefined, string | undefined, string | undefined][] {
    return aws.iam
      .calls()
      .filter((call) => call.accountId === PROD || call.accountId === STAGING)
      .map((call) => [call.accountId, call.sourceIdentity, call.roleSessionName]);
  }

  /** The sessions STS opened since `from`, as [RoleSessionName, SourceIdentity]. */
  function sessionsSince(from: number): [string | undefined, string | undefined][] {
    return aws.sts
      .assumeRoleCalls()
      .slice(from)
      .map((call) => [call.roleSessionName, call.sourceIdentity]);
  }

  async function reportEvents(): Promise<AuditEvent[]> {
    const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, {
      now: () => new Date(),
    });
    return (await trail.recent({ limit: 50 })).filter((event) => event.action === 'report');
  }

  it("/keys stale scans the role accounts and names their keys in the admin's session", async () => {
    const stsBefore = aws.sts.assumeRoleCalls().length;
    const answer = await command(bot, 'stale', PEOPLE.admin);
    expect(answer).toContain('carol');
    const calls = roleAccountCalls();
    expect(new Set(calls.map(([account]) => account))).toEqual(new Set([PROD, STAGING]));
    expect(new Set(calls.map(([, identity, session]) => `${identity}/${session}`))).toEqual(
      new Set([`${PEOPLE.admin}/keywarden-${PEOPLE.admin}`]),
    );
    // Each role account's session was opened for the admin (or reused from an earlier one of theirs).
    for (const [session, identity] of sessionsSince(stsBefore)) {
      expect(session).toBe(`keywarden-${PEOPLE.admin}`);
      expect(identity).toBe(PEOPLE.admin);
    }
    const [latest] = await reportEvents();
    expect(latest).toMatchObject({ actor: PEOPLE.admin, outcome: 'ok' });
  });

  it("the Home's Run now scans, posts and is audited as the admin who clicked", async () => {
    await openHome(bot, PEOPLE.admin);
    const posts = bot.slack.messages('C0SECOPS').length;
    await clickOnHome(bot, PEOPLE.admin, HOME_RUN_REPORT_ACTION, '0', 2);
    expect(bot.slack.messages('C0SECOPS').length).toBeGreaterThan(posts);
    const scans = roleAccountCalls().filter(([, , session]) => session !== undefined);
    expect(scans.length).toBeGreaterThan(0);
    expect(new Set(scans.map(([, identity]) => identity))).toEqual(new Set([PEOPLE.admin]));
    expect(aws.sts.assumeRoleCalls().map((call) => call.sourceIdentity)).not.toContain('system');
    const [latest] = await reportEvents();
    expect(latest).toMatchObject({ actor: PEOPLE.admin, outcome: 'ok' });
    expect(latest?.detail).toContain('stale report to C0SECOPS');
  });

  it('a scheduled run stays keywarden, in CloudTrail and in the audit', async () => {
    const stsBefore = aws.sts.assumeRoleCalls().length;
    const posts = bot.slack.messages('C0SECOPS').length;
    await scheduler.fireCron('report 0 (C0SECOPS)', new Date());
    await eventually(() => bot.slack.messages('C0SECOPS').length > posts);
    const scans = roleAccountCalls();
    expect(scans.length).toBeGreaterThan(0);
    expect(new Set(scans.map(([, identity, session]) => `${identity}/${session}`))).toEqual(
      new Set(['keywarden/keywarden']),
    );
    for (const [session, identity] of sessionsSince(stsBefore)) {
      expect(session).toBe('keywarden');
      expect(identity).toBe('keywarden');
    }
    const [latest] = await reportEvents();
    expect(latest).toMatchObject({ actor: 'system', outcome: 'ok' });
  });
});
