import { GenerateCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { eventually } from '../support/approvals';
import { PEOPLE, POLICY_YAML, replyText, startBot, type Bot } from '../support/bot';
import {
  BOT,
  HOME,
  PROD,
  STAGING,
  startAccounts,
  threeAccountsYaml,
  type Accounts,
} from '../sandbox/sts/fixture';

const DAYS_200 = 200 * 86_400_000;

/** `/keys stale` as the admin, through the real receiver; a scan that waits out throttling takes seconds. */
async function stale(bot: Bot): Promise<string> {
  const reply = await bot.driver.command('stale', { userId: PEOPLE.admin });
  return replyText(await bot.driver.waitForResponse(reply.responseUrl, 60_000));
}

describe('an organization report with accounts that throttle or refuse', () => {
  let aws: Accounts;
  let bot: Bot | undefined;

  beforeEach(async () => {
    aws = await startAccounts();
    for (const [state, owner] of [
      [aws.home, 'hana'],
      [aws.prod, 'piet'],
      [aws.staging, 'sven'],
    ] as const) {
      state.addUser(owner);
      state.addKey(owner, { createDate: new Date(Date.now() - DAYS_200) });
    }
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await aws.close();
  });

  const start = (prodExternalId?: string) =>
    startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml(prodExternalId)}`,
    });

  it('waits out STS throttling past the SDK’s retries and IAM’s "no more capacity", and reports every account', async () => {
    bot = await start();
    // More throttles than the SDK's three attempts: the scan itself must ask again.
    aws.sts.injectFault({ action: 'AssumeRole', code: 'Throttling', times: 4 });
    aws.iam.setReportGenerationCapacity(1);
    // The one generation slot taken, and held, before the report asks: its first GenerateCredentialReport
    // is refused with "no more capacity" whatever the order the accounts come in, however slow the
    // machine. The slot is freed on that refusal, not after a window of time.
    aws.iam.setReportGenerationMs(600_000);
    const elsewhere = new IAMClient({ endpoint: aws.iam.url, region: 'us-east-1', credentials: BOT });
    await elsewhere.send(new GenerateCredentialReportCommand({}));
    elsewhere.destroy();
    aws.iam.setReportGenerationMs(200);

    const answering = stale(bot);
    await eventually(
      () => aws.iam.calls('GenerateCredentialReport').some((call) => call.errorCode === 'LimitExceeded'),
      30_000,
    );
    aws.iam.finishReportGenerations();
    const answer = await answering;

    for (const owner of ['hana', 'piet', 'sven']) expect(answer).toContain(owner);
    expect(answer).not.toContain('could not be reached');
    const throttled = aws.sts.assumeRoleCalls().filter((call) => call.errorCode === 'Throttling');
    expect(throttled).toHaveLength(4);
    const refused = aws.iam
      .calls('GenerateCredentialReport')
      .filter((call) => call.errorCode === 'LimitExceeded');
    // Refused, then waited out: each account's report generated and read all the same (below).
    expect(refused.length).toBeGreaterThan(0);
    const read = aws.iam.calls('GetCredentialReport').filter((call) => call.status === 200);
    expect(read.map((call) => call.accountId).sort()).toEqual([HOME, PROD, STAGING].sort());
  });

  it('lists the account whose role refuses it, with why, apart from the findings of the others', async () => {
    bot = await start('not-the-external-id');

    const answer = await stale(bot);

    expect(answer).toContain('1 of 3 accounts could not be reached; their keys are not in this report');
    expect(answer).toContain(
      `*prod (${PROD})*: account prod: the role cannot be assumed (access denied: check its trust policy and ExternalId)`,
    );
    expect(answer).toContain('hana');
    expect(answer).toContain('sven');
    expect(answer).not.toContain('piet');
    // Listing the account instead would fail the same way: nothing is asked of IAM in prod.
    expect(aws.iam.calls().filter((call) => call.accountId === PROD)).toHaveLength(0);
  });

  it('lists the accounts STS kept throttling past the retries, and reports the one it could reach', async () => {
    bot = await start();
    aws.sts.injectFault({ action: 'AssumeRole', code: 'Throttling', times: 1_000 });

    const answer = await stale(bot);

    expect(answer).toContain('2 of 3 accounts could not be reached');
    expect(answer).toContain(`*prod (${PROD})*: account prod: STS kept throttling AssumeRole`);
    expect(answer).toContain(`*staging (${STAGING})*: account staging: STS kept throttling AssumeRole`);
    expect(answer).toContain('hana');
  });
});
