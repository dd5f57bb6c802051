import type { KeyLastUseView } from '../domain/key-queries';
import { accountText, code, formatLastUse } from '../../../platform/slack/blocks/format';
import { fields, type Reply } from '../../../platform/slack/blocks/primitives';

export function lastUsedBlocks(view: KeyLastUseView, now: Date): Reply {
  const lastUse = formatLastUse(view.lastUse, now);
  return {
    text: `${view.keyId} of ${view.owner}: last used ${view.lastUse.at ? view.lastUse.at.toISOString() : 'never'}`,
    blocks: [
      fields(
        `*Key*\n${code(view.keyId)}`,
        `*Owner*\n${code(view.owner)}`,
        `*Account*\n${accountText(view.account)}`,
        `*Last used*\n${lastUse}`,
      ),
    ],
  };
}
