import type { Account } from '../../../kernel/accounts';
import { code } from '../../../platform/slack/blocks/format';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';

interface CommandHelp {
  usage: string;
  what: string;
  /** Shown only to admins: anyone else would be refused it. */
  adminOnly?: boolean;
}

const COMMANDS: CommandHelp[] = [
  { usage: '/keys list [USER]', what: 'Access keys of USER (default: yours): status, age, last use.' },
  { usage: '/keys last-used KEY_ID', what: 'Who owns a key and when it was last used.' },
  { usage: '/keys create [USER]', what: 'A new key; the secret is shown once, only to its owner.' },
  { usage: '/keys activate KEY_ID', what: 'Turn a key back on.' },
  { usage: '/keys deactivate KEY_ID', what: 'Turn a key off (it can be turned on again).' },
  { usage: '/keys delete KEY_ID [reason]', what: 'Ask to delete a key; someone else must approve.' },
  { usage: '/keys rotate [USER]', what: 'Guided rotation: new key, see it used, retire the old one.' },
  { usage: '/keys approvals', what: 'Pending deletion requests (yours; approvers and admins see all).' },
  { usage: '/keys stale', what: 'Old and unused keys across the accounts.', adminOnly: true },
  { usage: '/keys audit [USER | KEY_ID]', what: 'Recent changes, page by page.', adminOnly: true },
  {
    usage: '/keys audit export [DAYS]',
    what:
      'Every audit event of the last DAYS days (1-400, default 30) as a CSV file in your DM. ' +
      'An IAM user named "export" is audited as `export@ACCOUNT`.',
    adminOnly: true,
  },
  {
    usage: '/keys exposed KEY_ID [reason]',
    what: 'A key leaked: deactivate it, post the incident card, tell its owner.',
    adminOnly: true,
  },
  {
    usage: '/keys activity KEY_ID [DAYS]',
    what: 'What a key did, from CloudTrail (1-90 days, default 7).',
    adminOnly: true,
  },
  {
    usage: '/keys accounts',
    what: 'The managed AWS accounts: id, OU, reachable or why not, last reported on.',
    adminOnly: true,
  },
  {
    usage: '/keys accounts refresh',
    what: 'List the AWS organization now and say what changed (added, renamed, dropped).',
    adminOnly: true,
  },
];

export const HELP_TEXT = 'Keywarden: manage AWS IAM access keys from Slack.';

/** More account names than this are counted, not listed: help stays one screen. */
const NAMED_ACCOUNTS = 12;

export interface HelpContext {
  isAdmin: boolean;
  /** The managed accounts, the default first. */
  accounts: readonly Account[];
  /** Whether a deletion needs a reason, and the rule in words (`approvals.reason.hint`). */
  reasonRule?: { hint?: string };
}

function accountsLine(accounts: readonly Account[]): string {
  const [first] = accounts;
  if (!first || accounts.length === 1) return '';
  const named = accounts.slice(0, NAMED_ACCOUNTS).map((account) => code(account.name));
  const more = accounts.length - named.length;
  return (
    `USER@ACCOUNT names a user in another account (\`/keys list alice@${accounts[1]?.name ?? first.name}\`); ` +
    `a bare USER is in ${code(first.name)}. The accounts: ${named.join(', ')}${more > 0 ? `, and ${more} more` : ''}.`
  );
}

function reasonLine(rule: HelpContext['reasonRule']): string {
  if (!rule) return 'Deleting a key always needs a second person.';
  return `Deleting a key always needs a second person, and a reason.${rule.hint ? ` ${rule.hint}` : ''}`;
}

/** `/keys help`: what the person may run, how to name users and accounts, and the reason rule. */
export function helpBlocks(help: HelpContext): Reply {
  const shown = COMMANDS.filter((command) => help.isAdmin || !command.adminOnly);
  const lines = shown.map(({ usage, what }) => `\`${usage}\`  ${what}`).join('\n');
  const naming = ['USER is an IAM user name or a @mention.', accountsLine(help.accounts)].filter(Boolean);
  return {
    text: HELP_TEXT,
    blocks: [
      header('Keywarden'),
      section(lines),
      context(naming.join(' ')),
      context(reasonLine(help.reasonRule)),
    ],
  };
}
