import { CredentialRegistry, IamState, startIamServer, type IamServer } from '../../sandbox/iam';
import { startStsServer, type StsServer } from '../../sandbox/sts';
import { HOME_BLOCK_LIMIT, HOME_DEACTIVATE_ACTION } from '../../src/features/home/slack/home';
import { moreKeysText } from '../../src/features/home/slack/home-texts';
import { PEOPLE, POLICY_YAML, startBot, type Bot } from '../support/bot';
import { buttons, openHome, viewText } from '../support/home';
import { BOT, HOME } from '../sandbox/sts/fixture';

/** IAM allows two keys a user, so 60 keys of one person take 30 accounts: the home account and 29 roles. */
const ROLE_ACCOUNTS = 29;
const DAY = 86_400_000;
const accountId = (n: number) => String(300_000_000_000 + n);
const roleArn = (n: number) => `arn:aws:iam::${accountId(n)}:role/keywarden`;
const LOCKED_ROLE = roleArn(99);

describe('a Home with 60 keys', () => {
  let iam: IamServer;
  let sts: StsServer;
  let bot: Bot;
  const oldest: string[] = [];

  beforeAll(async () => {
    const registry = new CredentialRegistry({ base: { [BOT.accessKeyId]: HOME } });
    const home = new IamState();
    const members: Record<string, IamState> = {};
    for (let n = 1; n <= ROLE_ACCOUNTS; n++)
      members[accountId(n)] = new IamState({ accountId: accountId(n) });
    const states = [home, ...Object.values(members)];
    states.forEach((state, index) => {
      state.addUser('alice');
      // One old key per account, ages spread so the worst is clear; one fresh key beside it.
      const old = state.addKey('alice', { createDate: new Date(Date.now() - (100 + index * 3) * DAY) });
      state.addKey('alice', {
        createDate: new Date(Date.now() - DAY),
        lastUsed: { date: new Date(), serviceName: 's3', region: 'eu-west-1' },
      });
      oldest.push(old.accessKeyId);
    });
    iam = await startIamServer({ state: home, accounts: members, credentials: registry });
    sts = await startStsServer({
      credentials: registry,
      roles: {
        ...Object.fromEntries(
          Array.from({ length: ROLE_ACCOUNTS }, (_, i) => [roleArn(i + 1), { trusts: [HOME] }]),
        ),
        // An account whose role does not trust Keywarden: it cannot be read, the others still are.
        [LOCKED_ROLE]: { trusts: ['999999999999'] },
      },
      accountOfKey: iam.accountOfKey,
    });
    const accounts = Array.from(
      { length: ROLE_ACCOUNTS },
      (_, i) => `  - name: acct-${i + 1}\n    roleArn: ${roleArn(i + 1)}`,
    );
    accounts.push(`  - name: locked\n    roleArn: ${LOCKED_ROLE}`);
    const policyYaml = `${POLICY_YAML}\naccounts:\n  - name: home\n${accounts.join('\n')}\n`;
    bot = await startBot({ iam, awsCredentials: BOT, stsUrl: sts.url, policyYaml });
  }, 60_000);
  afterAll(async () => {
    await bot.stop();
    await sts.close();
    await iam.close();
  });

  it('stays within 100 blocks, shows the worst first, counts the rest and names the account it could not read', async () => {
    const view = await openHome(bot, PEOPLE.alice);
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCK_LIMIT);
    expect(viewText(view)).toContain('60 access keys');
    expect(viewText(view)).toMatch(/:warning: locked \(300000000099\): [^"]*role cannot be assumed/);
    const shown = buttons(view)
      .filter((element) => element.action_id === HOME_DEACTIVATE_ACTION)
      .map((element) => (JSON.parse(element.value ?? '{}') as { keyId: string }).keyId);
    // The Home is used to its limit, less a block or two, and some keys do not fit.
    expect(view.blocks.length).toBeGreaterThan(HOME_BLOCK_LIMIT - 3);
    expect(shown.length).toBeGreaterThan(30);
    expect(shown.length).toBeLessThan(60);
    // The 30 stale keys come first, the oldest first; the fresh keys after them.
    expect(shown.slice(0, 30)).toEqual([...oldest].reverse());
    expect(viewText(view)).toContain(JSON.stringify(moreKeysText(60 - shown.length)).slice(1, -1));
  }, 60_000);
});
