import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';

const COMMANDS: [string, string][] = [
  ['/keys list [USER]', 'Access keys of USER (default: yours): status, age, last use.'],
  ['/keys last-used KEY_ID', 'Who owns a key and when it was last used.'],
  ['/keys create [USER]', 'A new key; the secret is shown once, only to its owner.'],
  ['/keys activate KEY_ID', 'Turn a key back on.'],
  ['/keys deactivate KEY_ID', 'Turn a key off (it can be turned on again).'],
  ['/keys delete KEY_ID [reason]', 'Ask to delete a key; someone else must approve.'],
  ['/keys rotate [USER]', 'Guided rotation: new key, see it used, retire the old one.'],
  ['/keys stale', 'Old and unused keys across the account (admins).'],
  ['/keys approvals', 'Pending deletion requests.'],
  ['/keys audit [USER | KEY_ID]', 'Recent changes, page by page (admins).'],
  [
    '/keys audit export [DAYS]',
    'Every audit event of the last DAYS days (1-400, default 30) as a CSV file in your DM (admins). ' +
      'An IAM user named "export" is audited as `export@ACCOUNT`.',
  ],
  [
    '/keys exposed KEY_ID [reason]',
    'A key leaked: deactivate it, post the incident card, tell its owner (admins).',
  ],
  ['/keys activity KEY_ID [DAYS]', 'What a key did, from CloudTrail (1-90 days, default 7; admins).'],
];

export function helpBlocks(): Reply {
  const lines = COMMANDS.map(([command, what]) => `\`${command}\`  ${what}`).join('\n');
  return {
    text: 'Keywarden: manage AWS IAM access keys from Slack.',
    blocks: [
      header('Keywarden'),
      section(lines),
      context('USER is an IAM user name or a @mention. Deleting a key always needs a second person.'),
    ],
  };
}
