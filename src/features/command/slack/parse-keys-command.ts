/**
 * The `/keys` grammar as Slack sends it: Slack's escaping, mentions (`<@U..|name>`), words. The
 * domain receives the typed command (src/features/command/domain/command.ts) and never sees Slack's text.
 */
import { DEFAULT_EXPORT_DAYS, MAX_EXPORT_DAYS } from '../../audit';
import { MAX_ACTIVITY_DAYS } from '../../exposure';
import type { CommandKind, KeysCommand, UserRef } from '../domain/command';
import { asIamUserName, asKeyId, asSlackUserId, type KeyId } from '../../../kernel/types';
import { MAX_REASON_LENGTH, userTextProblem } from '../../../kernel/user-text';
import { suggestSubcommand } from './suggest-subcommand';

export type UsageProblem =
  | { problem: 'too-long' }
  | { problem: 'control-characters' }
  | { problem: 'unknown-subcommand'; word: string; suggestion?: string }
  | { problem: 'missing-argument'; expected: 'KEY_ID' }
  | { problem: 'bad-user'; text: string }
  | { problem: 'bad-key-id'; text: string }
  | { problem: 'too-many-arguments'; subcommand: CommandKind }
  | { problem: 'reason-too-long' }
  | { problem: 'bad-days'; text: string }
  | { problem: 'bad-activity-days'; text: string };

export type ParseResult = { ok: true; command: KeysCommand } | { ok: false; usage: UsageProblem };

export const MAX_COMMAND_LENGTH = 500;

// Slack sends a mention as <@U123> or <@U123|name> when the command escapes user names.
const MENTION = /^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$/;
// The policy's account names (config.ts holds the same rule).
const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;
// Long-term access key ids are upper-case letters and digits; anything else is taken as a user name.
const LOOKS_LIKE_KEY = /^[A-Z0-9]{16,128}$/;
// A key id typed in lower case (copied from a lower-cased log, typed on a phone) is still the key
// id: IAM's ids are upper case, so a word shaped like one in any case is read as its upper case.
const KEY_SHAPED = /^[A-Za-z0-9]{16,128}$/;
// Where a word can be a user name or a key id (`/keys audit WORD`), only a lower-case word with a
// key id's prefix is taken as a key: `serviceaccount0123` stays a user name.
const KEY_PREFIX = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/i;

function asTypedKeyId(word: string): KeyId | undefined {
  return asKeyId(KEY_SHAPED.test(word) ? word.toUpperCase() : word);
}

function fail(usage: UsageProblem): ParseResult {
  return { ok: false, usage };
}

function ok(command: KeysCommand): ParseResult {
  return { ok: true, command };
}

/** Slack escapes &, < and > in command text; undo it so the renderer can escape once, correctly. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function parseBareUser(word: string): UserRef | UsageProblem {
  const mention = MENTION.exec(word);
  if (mention?.[1]) {
    const slackUser = asSlackUserId(mention[1]);
    if (slackUser) return { slackUser };
  }
  const iamUser = asIamUserName(word);
  return iamUser ? { iamUser } : { problem: 'bad-user', text: word };
}

/**
 * USER or USER@ACCOUNT. IAM user names may hold an `@` (`bob@example.com`), so only a last part
 * that can be an account name (`[a-z0-9-]{1,32}`: no dot) is read as one; the rest stays a name.
 */
function parseUser(word: string): UserRef | UsageProblem {
  const at = word.lastIndexOf('@');
  const account = at > 0 ? word.slice(at + 1) : '';
  if (ACCOUNT_NAME.test(account)) {
    const user = parseBareUser(word.slice(0, at));
    if (!isProblem(user)) return { ...user, account };
  }
  return parseBareUser(word);
}

function parseKey(word: string | undefined): KeyId | UsageProblem {
  if (word === undefined) return { problem: 'missing-argument', expected: 'KEY_ID' };
  return asTypedKeyId(word) ?? { problem: 'bad-key-id', text: word };
}

function isProblem(value: unknown): value is UsageProblem {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

type Parser = (args: string[], rest: string) => ParseResult;

function noArguments(kind: 'help' | 'stale' | 'approvals'): Parser {
  return (args) =>
    args.length > 0 ? fail({ problem: 'too-many-arguments', subcommand: kind }) : ok({ kind });
}

function optionalUser(kind: 'list' | 'create' | 'rotate'): Parser {
  return (args) => {
    if (args.length > 1) return fail({ problem: 'too-many-arguments', subcommand: kind });
    if (args[0] === undefined) return ok({ kind });
    const user = parseUser(args[0]);
    return isProblem(user) ? fail(user) : ok({ kind, user });
  };
}

function oneKey(kind: 'last-used' | 'activate' | 'deactivate'): Parser {
  return (args) => {
    if (args.length > 1) return fail({ problem: 'too-many-arguments', subcommand: kind });
    const keyId = parseKey(args[0]);
    return isProblem(keyId) ? fail(keyId) : ok({ kind, keyId });
  };
}

/** `KEY_ID [reason]`: the reason is the rest of the text, as typed. */
function keyAndReason(kind: 'delete' | 'exposed'): Parser {
  return (args, rest) => {
    const keyId = parseKey(args[0]);
    if (isProblem(keyId)) return fail(keyId);
    const reason = rest.slice(rest.indexOf(args[0] as string) + (args[0] as string).length).trim();
    // The whole text has passed the user-text rule's characters already; the reason has its own length.
    if (userTextProblem(reason, MAX_REASON_LENGTH)) return fail({ problem: 'reason-too-long' });
    return ok(reason ? { kind, keyId, reason } : { kind, keyId });
  };
}

/** `activity KEY_ID [DAYS]`: CloudTrail keeps 90 days of events. */
const parseActivity: Parser = (args) => {
  if (args.length > 2) return fail({ problem: 'too-many-arguments', subcommand: 'activity' });
  const keyId = parseKey(args[0]);
  if (isProblem(keyId)) return fail(keyId);
  const text = args[1];
  if (text === undefined) return ok({ kind: 'activity', keyId });
  const days = DAYS.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= MAX_ACTIVITY_DAYS)) {
    return fail({ problem: 'bad-activity-days', text: text.slice(0, 20) });
  }
  return ok({ kind: 'activity', keyId, days });
};

/** `audit export [DAYS]`: the word is taken before any user name, so a user named "export" needs @ACCOUNT. */
const EXPORT_WORD = 'export';
const DAYS = /^\d{1,3}$/;

function parseExport(args: string[]): ParseResult {
  if (args.length > 1) return fail({ problem: 'too-many-arguments', subcommand: 'audit-export' });
  const text = args[0];
  if (text === undefined) return ok({ kind: 'audit-export', days: DEFAULT_EXPORT_DAYS });
  const days = DAYS.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= MAX_EXPORT_DAYS)) return fail({ problem: 'bad-days', text: text.slice(0, 20) });
  return ok({ kind: 'audit-export', days });
}

const parseAudit: Parser = (args) => {
  if (args[0]?.toLowerCase() === EXPORT_WORD) return parseExport(args.slice(1));
  if (args.length > 1) return fail({ problem: 'too-many-arguments', subcommand: 'audit' });
  const word = args[0];
  if (word === undefined) return ok({ kind: 'audit' });
  if (LOOKS_LIKE_KEY.test(word) || KEY_PREFIX.test(word)) {
    return ok({ kind: 'audit', target: { keyId: word.toUpperCase() as KeyId } });
  }
  const user = parseUser(word);
  return isProblem(user) ? fail(user) : ok({ kind: 'audit', target: user });
};

/** `accounts [refresh]`. */
const parseAccounts: Parser = (args) => {
  if (args.length === 0) return ok({ kind: 'accounts' });
  if (args.length === 1 && args[0]?.toLowerCase() === 'refresh') return ok({ kind: 'accounts-refresh' });
  return fail({ problem: 'too-many-arguments', subcommand: 'accounts' });
};

/** The first words of `/keys`; `audit-export` is spelled `audit export`, `accounts-refresh` `accounts refresh`. */
type Subcommand = Exclude<CommandKind, 'audit-export' | 'accounts-refresh'>;

const PARSERS: Record<Subcommand, Parser> = {
  help: noArguments('help'),
  list: optionalUser('list'),
  'last-used': oneKey('last-used'),
  create: optionalUser('create'),
  activate: oneKey('activate'),
  deactivate: oneKey('deactivate'),
  delete: keyAndReason('delete'),
  exposed: keyAndReason('exposed'),
  activity: parseActivity,
  rotate: optionalUser('rotate'),
  stale: noArguments('stale'),
  approvals: noArguments('approvals'),
  audit: parseAudit,
  accounts: parseAccounts,
};

function isSubcommand(word: string): word is Subcommand {
  return Object.prototype.hasOwnProperty.call(PARSERS, word);
}

/** Turns the text after `/keys` into a typed command, or says what is wrong with it. */
export function parseKeysCommand(text: string): ParseResult {
  // The one rule for text people type (src/kernel/user-text.ts), as the modals apply it.
  const problem = userTextProblem(text, MAX_COMMAND_LENGTH);
  if (problem) return fail({ problem });
  const plain = unescapeSlack(text).trim();
  const [first, ...args] = plain.split(/\s+/).filter((word) => word.length > 0);
  if (first === undefined) return ok({ kind: 'help' });
  const word = first.toLowerCase();
  if (!isSubcommand(word)) {
    const suggestion = suggestSubcommand(word, Object.keys(PARSERS));
    return fail({
      problem: 'unknown-subcommand',
      word: first.slice(0, 40),
      ...(suggestion ? { suggestion } : {}),
    });
  }
  const rest = plain.slice(first.length);
  return PARSERS[word](args, rest);
}
