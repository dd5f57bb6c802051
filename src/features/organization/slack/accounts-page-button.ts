import type { ButtonListener } from '../../../platform/bolt/action-router';
import { replacement } from '../../../platform/bolt/answer';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import { BAD_PAGE_BUTTON } from '../../../platform/slack/blocks/texts';
import { pageCursor } from '../../../platform/slack/page-button';
import type { OrganizationService } from '../domain';
import { accountsBlocks } from './accounts-reply';
import { decodeAccountsPage } from './accounts-page-value';

/** Next / Previous under `/keys accounts`: the clicker is checked again (admins only) on every page. */
export function accountsPageButton(
  direction: 'next' | 'previous',
  service: OrganizationService,
): ButtonListener {
  return async function turnAccountsPage({ actor, value, log }) {
    const at = decodeAccountsPage(value);
    if (!at) {
      log.warn('a page button whose value Keywarden did not write');
      return plainReply(BAD_PAGE_BUTTON);
    }
    const outcome = await service.accounts(await actor(), pageCursor(direction, at));
    if (!outcome.ok) return refusalReply(outcome.refusal);
    return replacement(accountsBlocks(outcome.value));
  };
}
