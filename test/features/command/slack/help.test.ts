import { helpBlocks } from '../../../../src/features/command/slack/help';
import { blockErrors } from '../../../../sandbox/slack/block-limits';

const text = (reply: { blocks: unknown[] }) => JSON.stringify(reply.blocks);

describe('/keys help', () => {
  it('names the accounts and how to reach one with USER@ACCOUNT', () => {
    const reply = helpBlocks({
      isAdmin: false,
      accounts: [{ name: 'home' }, { name: 'prod', id: '111111111111' }],
    });
    expect(text(reply)).toContain('USER@ACCOUNT');
    expect(text(reply)).toContain('`/keys list alice@prod`');
    expect(text(reply)).toContain('a bare USER is in `home`');
    expect(blockErrors(reply.blocks)).toEqual([]);
  });

  it('says nothing of accounts where there is only one', () => {
    expect(text(helpBlocks({ isAdmin: true, accounts: [{ name: 'default' }] }))).not.toContain(
      'USER@ACCOUNT',
    );
  });

  it('counts the accounts past a dozen instead of listing them all', () => {
    const accounts = Array.from({ length: 40 }, (_, i) => ({ name: `acct-${i}` }));
    const shown = text(helpBlocks({ isAdmin: true, accounts }));
    expect(shown).toContain('and 28 more');
    expect(shown).not.toContain('acct-39');
  });

  it('gives the reason rule in words where the policy asks for one', () => {
    const hint = 'Start with the incident or change ticket, then say why.';
    const shown = text(helpBlocks({ isAdmin: false, accounts: [{ name: 'default' }], reasonRule: { hint } }));
    expect(shown).toContain(`a reason. ${hint}`);
  });

  it('shows admin-only commands to admins alone', () => {
    const person = text(helpBlocks({ isAdmin: false, accounts: [{ name: 'default' }] }));
    const admin = text(helpBlocks({ isAdmin: true, accounts: [{ name: 'default' }] }));
    for (const command of ['/keys stale', '/keys audit', '/keys audit export']) {
      expect(person).not.toContain(command);
      expect(admin).toContain(command);
    }
  });
});
