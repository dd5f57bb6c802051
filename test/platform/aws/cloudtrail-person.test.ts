import { accountsWithoutPersonInCloudTrail } from '../../../src/platform/aws/iam-accounts';

describe('accountsWithoutPersonInCloudTrail', () => {
  it('names the accounts reached without a role: there CloudTrail shows the bot, not the person', () => {
    expect(
      accountsWithoutPersonInCloudTrail([
        { name: 'home' },
        { name: 'prod', roleArn: 'arn:aws:iam::111111111111:role/keywarden' },
      ]),
    ).toEqual(['home']);
  });

  it('names none where every account, the bot’s own included, has a role', () => {
    expect(
      accountsWithoutPersonInCloudTrail([
        { name: 'home', roleArn: 'arn:aws:iam::123456789012:role/keywarden' },
      ]),
    ).toEqual([]);
  });
});
