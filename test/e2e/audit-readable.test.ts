import { DynamoAuditLog } from '../../src/features/audit/store/dynamo-audit-log';
import { NOT_ALLOWED } from '../../src/platform/slack/blocks/texts';
import { PEOPLE, POLICY_YAML, startBot, type Bot, commandReply as command } from '../support/bot';
import { BOT, startAccounts, threeAccountsYaml, type Accounts } from '../sandbox/sts/fixture';

/** Issue 26, item 6: every refusal is audited, and the trail reads as sentences, never codes. */
describe('refused commands in an audit people can read', () => {
  let aws: Accounts;
  let bot: Bot;

  beforeAll(async () => {
    aws = await startAccounts();
    aws.home.addUser('alice');
    aws.home.addKey('alice');
    aws.prod.addUser('bob');
    aws.prod.addKey('bob');
    bot = await startBot({
      iam: aws.iam,
      awsCredentials: BOT,
      stsUrl: aws.sts.url,
      policyYaml: `${POLICY_YAML}\n${threeAccountsYaml()}`,
    });
  });
  afterAll(async () => {
    await bot.stop();
    await aws.close();
  });

  it("a stranger's audit, list and create, and alice's list of bob@prod: refused, each in the trail", async () => {
    const mutations = () =>
      aws.iam.calls().filter((call) => /^(Create|Update|Delete)AccessKey$/.test(call.action)).length;
    const before = mutations();
    for (const text of ['audit', 'list alice', 'create'])
      expect(await command(bot, text, PEOPLE.stranger)).toContain(NOT_ALLOWED);
    expect(await command(bot, 'list bob@prod', PEOPLE.alice)).toContain(NOT_ALLOWED);
    expect(mutations()).toBe(before);

    const trail = new DynamoAuditLog(bot.keywarden.store.doc, bot.keywarden.store.tableName, {
      now: () => new Date(),
    });
    const refusals = (await trail.recent({ limit: 100 }))
      .filter((event) => event.outcome === 'refused')
      .map((event) => [event.actor, event.action, event.owner ?? '', event.account ?? '', event.detail]);
    // The stored items keep their codes: only how they are shown changes.
    expect(refusals).toEqual(
      expect.arrayContaining([
        [PEOPLE.stranger, 'audit', '', '', 'not-allowed'],
        [PEOPLE.stranger, 'list', 'alice', '', 'not-allowed'],
        [PEOPLE.stranger, 'create', '', '', 'not-allowed'],
        [PEOPLE.alice, 'list', 'bob', 'prod', 'not-allowed'],
      ]),
    );
  });

  it('/keys audit shows them as sentences: who did what to whom, and why it was refused', async () => {
    const page = await command(bot, 'audit', PEOPLE.admin);
    expect(page).toContain(`<@${PEOPLE.alice}> listed \`bob\`'s keys in prod`);
    expect(page).toMatch(/listed `bob`'s keys in prod[^:]*: refused, not theirs\./);
    expect(page).toContain(`<@${PEOPLE.stranger}> listed \`alice\`'s keys`);
    expect(page).toContain(`<@${PEOPLE.stranger}> read the audit trail: refused, admins only.`);
    expect(page).toContain(`<@${PEOPLE.stranger}> asked to create a key: refused, not permitted.`);
    expect(page).not.toContain('not-allowed');
    expect(page).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/);
    expect(page).not.toMatch(/\*(list|create|audit)\*/);
  });
});
