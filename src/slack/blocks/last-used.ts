import type { KeyLastUseView } from '../../keys/key-queries';
import { accountText, code, formatLastUse } from './format';
import { fields, type Reply } from './primitives';

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
