import fc from 'fast-check';
import {
  MAX_REASON_LENGTH,
  type KeysCommand,
  type UserRef,
} from '../../../../src/features/command/domain/command';
import { parseKeysCommand } from '../../../../src/features/command/slack/parse-keys-command';

// DESIGN's validation rules, written out here rather than imported, so the parser is held to them.
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
const KEY_ID = /^\w{16,128}$/;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

const SUBCOMMANDS = [
  'help',
  'list',
  'last-used',
  'create',
  'activate',
  'deactivate',
  'delete',
  'rotate',
  'stale',
  'approvals',
  'audit',
  'LIST',
  'Delete',
];

/** Words that are nearly right: names and ids with one wrong character, mentions, escapes. */
const word = fc.oneof(
  fc.stringMatching(/^[\w+=,.@-]{1,70}$/),
  fc.stringMatching(/^[A-Z0-9]{10,140}$/),
  fc.stringMatching(/^[\w+=,.@-]{0,20}[^\w+=,.@\s-][\w+=,.@-]{0,20}$/),
  fc.constantFrom(
    '<@U0ALICE>',
    '<@U0ALICE|alice>',
    '<@u0alice>',
    '<@U0ALICE|x> y',
    '&lt;@U0ALICE&gt;',
    '<!channel>',
    '<#C0APPROVALS>',
    '<http://evil|runbook>',
    '&amp;',
    'alice\u200b',
    'ａｌｉｃｅ',
    'AKIAIOSFODNN7EXAMPLE',
    'AKIAIOSFODNN7EXAMPL',
    'akiaiosfodnn7example',
    'export',
    'EXPORT',
    '400',
    '401',
    '0',
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const spaces = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000', ' \n ');
const nearlyACommand = fc
  .tuple(fc.constantFrom(...SUBCOMMANDS), fc.array(fc.tuple(spaces, word), { maxLength: 4 }))
  .map(([sub, rest]) => sub + rest.map(([space, w]) => space + w).join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 600 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  nearlyACommand,
);

function expectValidUser(user: UserRef | { keyId: string } | undefined) {
  if (user === undefined) return;
  if ('iamUser' in user) expect(user.iamUser).toMatch(IAM_USER_NAME);
  else if ('slackUser' in user) expect(user.slackUser).toMatch(SLACK_USER_ID);
  else expect(user.keyId).toMatch(KEY_ID);
}

function expectValid(command: KeysCommand) {
  switch (command.kind) {
    case 'list':
    case 'create':
    case 'rotate':
      expectValidUser(command.user);
      break;
    case 'audit':
      expectValidUser(command.target);
      break;
    case 'audit-export':
      expect(Number.isInteger(command.days)).toBe(true);
      expect(command.days).toBeGreaterThanOrEqual(1);
      expect(command.days).toBeLessThanOrEqual(400);
      break;
    case 'last-used':
    case 'activate':
    case 'deactivate':
      expect(command.keyId).toMatch(KEY_ID);
      break;
    case 'delete':
      expect(command.keyId).toMatch(KEY_ID);
      if (command.reason !== undefined) {
        expect(command.reason.length).toBeGreaterThan(0);
        expect(command.reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
        expect(command.reason).toBe(command.reason.trim());
      }
      break;
    default:
      break;
  }
}

describe('parseKeysCommand, for any text', () => {
  it('never throws, and answers a command or a usage problem', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseKeysCommand(text);
        expect(typeof parsed.ok).toBe('boolean');
        if (!parsed.ok) expect(typeof parsed.usage.problem).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('never yields a user name, Slack user or key id that fails DESIGN’s rules', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseKeysCommand(text);
        if (parsed.ok) expectValid(parsed.command);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds real commands among the generated ones, so the rules above are exercised', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(nearlyACommand, (text) => {
        const parsed = parseKeysCommand(text);
        if (
          parsed.ok &&
          ('user' in parsed.command || 'keyId' in parsed.command || 'target' in parsed.command)
        )
          kinds.add(parsed.command.kind);
      }),
      { numRuns: 2000 },
    );
    expect([...kinds].sort()).toEqual(
      ['activate', 'audit', 'create', 'deactivate', 'delete', 'last-used', 'list', 'rotate'].sort(),
    );
  });
});
