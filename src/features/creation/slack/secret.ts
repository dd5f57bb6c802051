import type { Account } from '../../../kernel/accounts';
import type { NewKey } from '../../../kernel/ports/iam';
import { accountText, code } from '../../../platform/slack/blocks/format';
import { context, header, section, type Reply } from '../../../platform/slack/blocks/primitives';

export const SHOWN_ONCE =
  'This secret is shown once, only to you. Copy it now: Keywarden keeps no copy and cannot show it again.';

/**
 * The only builder that reveals a secret. Its output goes to chat.postEphemeral in the
 * recipient's DM and nowhere else (security rule 1).
 */
export function secretBlocks(newKey: NewKey, account: Account): Reply {
  const secret = newKey.secret.reveal();
  const where = accountText(account);
  return {
    text: `New access key for ${newKey.key.owner} in ${where}: ${newKey.key.keyId}. ${SHOWN_ONCE}`,
    blocks: [
      header(`New access key for ${newKey.key.owner} in ${where}`),
      section(`*Access key ID*\n${code(newKey.key.keyId)}\n*Secret access key*\n\`\`\`${secret}\`\`\``),
      context(`:lock: ${SHOWN_ONCE}`),
    ],
  };
}
