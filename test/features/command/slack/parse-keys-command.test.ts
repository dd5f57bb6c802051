import type { KeysCommand } from '../../../../src/features/command/domain/command';
import {
  MAX_COMMAND_LENGTH,
  parseKeysCommand,
  type UsageProblem,
} from '../../../../src/features/command/slack/parse-keys-command';

const KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('parseKeysCommand: the grammar', () => {
  const forms: [string, KeysCommand][] = [
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['list', { kind: 'list' }],
    ['list alice', { kind: 'list', user: { iamUser: 'alice' as never } }],
    // USER@ACCOUNT: a last part that can be an account name is one...
    [
      'list  ci+deploy=x,y.z@corp-1 ',
      { kind: 'list', user: { iamUser: 'ci+deploy=x,y.z' as never, account: 'corp-1' } },
    ],
    ['rotate <@U0BOB|bob>@prod', { kind: 'rotate', user: { slackUser: 'U0BOB' as never, account: 'prod' } }],
    // ...and one that cannot (a dot) leaves an IAM user name with an @ whole.
    ['list bob@example.com', { kind: 'list', user: { iamUser: 'bob@example.com' as never } }],
    [
      'list alice@example.com@prod',
      { kind: 'list', user: { iamUser: 'alice@example.com' as never, account: 'prod' } },
    ],
    ['list <@U0ALICE|alice>', { kind: 'list', user: { slackUser: 'U0ALICE' as never } }],
    ['list <@U0ALICE>', { kind: 'list', user: { slackUser: 'U0ALICE' as never } }],
    [`last-used ${KEY}`, { kind: 'last-used', keyId: KEY as never }],
    ['create', { kind: 'create' }],
    ['create bob', { kind: 'create', user: { iamUser: 'bob' as never } }],
    [`activate ${KEY}`, { kind: 'activate', keyId: KEY as never }],
    [`deactivate ${KEY}`, { kind: 'deactivate', keyId: KEY as never }],
    [`delete ${KEY}`, { kind: 'delete', keyId: KEY as never }],
    [
      `delete ${KEY} leaked in a   public repo`,
      { kind: 'delete', keyId: KEY as never, reason: 'leaked in a   public repo' },
    ],
    [`delete ${KEY} a &lt;b&gt; &amp; c`, { kind: 'delete', keyId: KEY as never, reason: 'a <b> & c' }],
    ['rotate', { kind: 'rotate' }],
    ['rotate alice', { kind: 'rotate', user: { iamUser: 'alice' as never } }],
    ['stale', { kind: 'stale' }],
    ['approvals', { kind: 'approvals' }],
    ['audit', { kind: 'audit' }],
    ['audit alice', { kind: 'audit', target: { iamUser: 'alice' as never } }],
    [`audit ${KEY}`, { kind: 'audit', target: { keyId: KEY as never } }],
    ['audit export', { kind: 'audit-export', days: 30 }],
    ['audit export 90', { kind: 'audit-export', days: 90 }],
    ['Audit EXPORT 1', { kind: 'audit-export', days: 1 }],
    ['audit export 400', { kind: 'audit-export', days: 400 }],
    // The one casualty of `audit export`: an IAM user named "export" is named with its account.
    ['audit export@default', { kind: 'audit', target: { iamUser: 'export' as never, account: 'default' } }],
    ['audit exporter', { kind: 'audit', target: { iamUser: 'exporter' as never } }],
    // A key id typed in lower case is the key id it is (IAM's ids are upper case)...
    [`deactivate ${KEY.toLowerCase()}`, { kind: 'deactivate', keyId: KEY as never }],
    [
      `delete ${KEY.toLowerCase()} lost laptop`,
      { kind: 'delete', keyId: KEY as never, reason: 'lost laptop' },
    ],
    [`audit ${KEY.toLowerCase()}`, { kind: 'audit', target: { keyId: KEY as never } }],
    // ...but where a word may be a user, only one with a key id's prefix is read as a key.
    ['audit serviceaccount0123', { kind: 'audit', target: { iamUser: 'serviceaccount0123' as never } }],
  ];

  it.each(forms)('%j parses', (text, expected) => {
    expect(parseKeysCommand(text)).toEqual({ ok: true, command: expected });
  });
});

describe('parseKeysCommand: hostile and malformed input', () => {
  const bad: [string, string, UsageProblem['problem']][] = [
    ['too long', `list ${'a'.repeat(MAX_COMMAND_LENGTH)}`, 'too-long'],
    ['a NUL byte', 'list ali\u0000ce', 'control-characters'],
    ['an escape sequence', 'list \u001b[31malice', 'control-characters'],
    ['a zero-width space', 'list ali\u200bce', 'control-characters'],
    ['a right-to-left override', 'list \u202eecila', 'control-characters'],
    ['an unknown subcommand', 'destroy everything', 'unknown-subcommand'],
    ['a Cyrillic lookalike user', 'list аlice', 'bad-user'],
    ['a full-width lookalike user', 'list ａlice', 'bad-user'],
    ['quotes', `list "alice"`, 'bad-user'],
    ['a shell injection', 'list alice;rm', 'bad-user'],
    ['a @channel mention', 'list <!channel>', 'bad-user'],
    ['a user name over 64 characters', `list ${'a'.repeat(65)}`, 'bad-user'],
    ['a short key id', 'deactivate AKIA123', 'bad-key-id'],
    ['a key id with punctuation', 'activate AKIA-IOSFODNN7EXAMPLE', 'bad-key-id'],
    ['a missing key id', 'deactivate', 'missing-argument'],
    ['two users', 'list alice bob', 'too-many-arguments'],
    ['an argument to stale', 'stale now', 'too-many-arguments'],
    ['a key and extra words to activate', `activate ${KEY} please`, 'too-many-arguments'],
    ['a reason that is too long', `delete ${KEY} ${'x'.repeat(301)}`, 'reason-too-long'],
    ['a mention of a channel as user', 'list <#C0123|general>', 'bad-user'],
    ['an export period that is not a number', 'audit export abc', 'bad-days'],
    ['an export period of no days', 'audit export 0', 'bad-days'],
    ['an export period over 400 days', 'audit export 401', 'bad-days'],
    ['a negative export period', 'audit export -5', 'bad-days'],
    ['a fractional export period', 'audit export 1.5', 'bad-days'],
    ['an export period and more', 'audit export 30 days', 'too-many-arguments'],
  ];

  it.each(bad)('%s is a usage error', (_name, text, problem) => {
    const result = parseKeysCommand(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.usage.problem).toBe(problem);
  });

  it('`audit-export` is not a subcommand of its own: it is spelled `audit export`', () => {
    expect(parseKeysCommand('audit-export')).toEqual({
      ok: false,
      usage: { problem: 'unknown-subcommand', word: 'audit-export' },
    });
  });

  it.each([
    ['lsit', 'list'],
    ['LIST', undefined],
    ['aprovals', 'approvals'],
    ['rotte', 'rotate'],
    ['deativate', 'deactivate'],
    ['stael', 'stale'],
  ])('a mistyped %j suggests %j', (word, suggestion) => {
    const result = parseKeysCommand(`${word} alice`);
    if (suggestion === undefined) return expect(result.ok).toBe(true);
    expect(result).toEqual({ ok: false, usage: { problem: 'unknown-subcommand', word, suggestion } });
  });

  it.each(['ls', 'destroy', 'xyzzy'])('%j is too far from every subcommand for a guess', (word) => {
    expect(parseKeysCommand(word)).toEqual({ ok: false, usage: { problem: 'unknown-subcommand', word } });
  });

  it('echoes at most a short prefix of an unknown subcommand', () => {
    const result = parseKeysCommand(`${'x'.repeat(400)}`);
    expect(result).toEqual({ ok: false, usage: { problem: 'unknown-subcommand', word: 'x'.repeat(40) } });
  });
});
