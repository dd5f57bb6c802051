import type { Account } from '../../../kernel/accounts';
import type { NewKey } from '../../../kernel/ports/iam';
import { accountText, code } from '../../../platform/slack/blocks/format';
import {
  actions,
  button,
  context,
  header,
  section,
  type Reply,
} from '../../../platform/slack/blocks/primitives';

export const HIDE_SECRET_ACTION = 'secret.hide';
export const HIDE_SECRET_TEXT = 'Copied, hide it';

export const SHOWN_ONCE =
  'This secret is shown once, only to you. Copy it now: Keywarden keeps no copy and cannot show it again.';

/**
 * The only builder that reveals a secret. Its output goes to chat.postEphemeral in the
 * recipient's DM and nowhere else (security rule 1).
 */
export function secretBlocks(newKey: NewKey, account: Account): Reply {
  const secret = newKey.secret.reveal();
  const { keyId, owner } = newKey.key;
  const where = accountText(account);
  const profile = profileName(account.name, owner);
  return {
    text: `New access key for ${owner} in ${where}: ${keyId}. ${SHOWN_ONCE}`,
    blocks: [
      header(`New access key for ${owner} in ${where}`),
      section(`*Access key ID*\n${code(keyId)}\n*Secret access key*\n\`\`\`${secret}\`\`\``),
      section(
        `*As environment variables*\n\`\`\`export AWS_ACCESS_KEY_ID=${keyId}\nexport AWS_SECRET_ACCESS_KEY=${secret}\`\`\`\n` +
          `*As an AWS CLI profile*\n\`\`\`aws configure set aws_access_key_id ${keyId} --profile ${profile}\n` +
          `aws configure set aws_secret_access_key ${secret} --profile ${profile}\`\`\``,
      ),
      context(`:lock: ${SHOWN_ONCE}`),
      actions([
        button({ text: HIDE_SECRET_TEXT, actionId: HIDE_SECRET_ACTION, value: 'hide', style: 'primary' }),
      ]),
    ],
  };
}

/**
 * The CLI profile the snippet names: the account and the user, in the characters a profile name and
 * a shell word take without quoting (IAM names may hold `+=,@`).
 */
function profileName(account: string, owner: string): string {
  return `${account}-${owner}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64);
}
