import { PEOPLE, startBot, type Bot, commandReply as command } from '../support/bot';

/** Without an organization: block, /keys accounts shows the policy's own list, and nothing is listed. */
describe('/keys accounts without discovery', () => {
  let bot: Bot;

  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(() => bot.stop());

  it('lists the policy’s accounts and says they are the listed ones', async () => {
    const answer = await command(bot, 'accounts', PEOPLE.admin);
    expect(answer).toContain('*default');
    expect(answer).toContain('The accounts are the ones the policy lists');
  });

  it('a refresh says there is no organization to list, and changes nothing', async () => {
    const answer = await command(bot, 'accounts refresh', PEOPLE.admin);
    expect(answer).toContain('no organization: block');
    expect(await command(bot, 'accounts', PEOPLE.admin)).toContain('1 account(s)');
  });
});
