import type { PagePosition, Positioned, SliceReader } from '../../../kernel/page';
import type { AccountLine } from './accounts-view';

/**
 * The accounts in name order, as a list page.ts can page: the accounts are in memory, so every
 * position has the same instant and the name as its id (names are [a-z0-9-], as positions allow).
 */
const SAME_INSTANT = '1970-01-01T00:00:00.000Z';

export function accountPosition(name: string): PagePosition {
  return `${SAME_INSTANT}#${name}` as PagePosition;
}

export function accountSlices(lines: readonly AccountLine[]): SliceReader<AccountLine> {
  const sorted = [...lines].sort((a, b) => (a.account.name < b.account.name ? -1 : 1));
  const positioned: Positioned<AccountLine>[] = sorted.map((item) => ({
    item,
    position: accountPosition(item.account.name),
  }));
  return async (order, from, limit) => {
    const name = from?.slice(from.indexOf('#') + 1);
    if (order === 'forward') {
      return positioned
        .filter((entry) => name === undefined || entry.item.account.name > name)
        .slice(0, limit);
    }
    return positioned
      .filter((entry) => name === undefined || entry.item.account.name < name)
      .reverse()
      .slice(0, limit);
  };
}
