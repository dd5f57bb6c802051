import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { failure } from '../iam/iam-client';
import { type Accounts, STAGING_ROLE, startAccounts, stsClient } from './fixture';

describe('sandbox STS: AssumeRole over its rate', () => {
  let accounts: Accounts;
  let sts: STSClient;

  beforeEach(async () => {
    accounts = await startAccounts({ assumeRolePerSecond: 2 });
    sts = stsClient(accounts.sts);
  });

  afterEach(async () => {
    sts.destroy();
    await accounts.close();
  });

  const assume = () =>
    sts.send(new AssumeRoleCommand({ RoleArn: STAGING_ROLE, RoleSessionName: 'keywarden' }));

  it('answers Throttling, HTTP 400, as real STS does, and issues again once the bucket refills', async () => {
    await assume();
    await assume();
    const throttled = await failure(assume());

    expect(throttled.name).toBe('Throttling');
    expect((throttled.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(throttled.message).toBe('Rate exceeded');
    const statuses = accounts.sts.assumeRoleCalls().map((call) => call.status);
    expect(statuses).toEqual([200, 200, 400]);

    accounts.sts.setAssumeRoleRate(undefined);
    expect((await assume()).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });
});
