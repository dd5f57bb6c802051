import type { KnownBlock } from '@slack/types';
import type { EveryAccountListing, KeyListing } from '../domain/key-queries';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import type { KeyWithUse } from '../../../kernel/types';
import {
  accountText,
  code,
  formatAge,
  formatDate,
  formatLastUse,
} from '../../../platform/slack/blocks/format';
import {
  actions,
  button,
  context,
  divider,
  fields,
  header,
  section,
  withinBlockLimit,
  type Reply,
} from '../../../platform/slack/blocks/primitives';

export const KEY_ACTIVATE_ACTION = 'key.activate';
export const KEY_DEACTIVATE_ACTION = 'key.deactivate';
export const KEY_DELETE_ACTION = 'key.request-deletion';

export interface KeyListOptions {
  /** Request deletion needs an approvals channel in the policy. */
  deletionButton: boolean;
}

/** The buttons act on this one key id; the click is checked again on the server. */
function keyButtons(key: KeyWithUse, options: KeyListOptions): KnownBlock {
  const value = key.keyId;
  const buttons = [
    key.status === 'Active'
      ? button({
          text: 'Deactivate',
          actionId: KEY_DEACTIVATE_ACTION,
          value,
          confirm: {
            title: 'Deactivate this key?',
            text: `${code(key.keyId)} stops working at once. It can be activated again.`,
            confirm: 'Deactivate',
          },
        })
      : button({ text: 'Activate', actionId: KEY_ACTIVATE_ACTION, value }),
  ];
  if (options.deletionButton) {
    buttons.push(button({ text: 'Request deletion', actionId: KEY_DELETE_ACTION, value, style: 'danger' }));
  }
  return actions(buttons, `key:${key.keyId}`);
}

function keyRow(key: KeyWithUse, now: Date, options: KeyListOptions): KnownBlock[] {
  const status = key.status === 'Active' ? ':large_green_circle: Active' : ':white_circle: Inactive';
  return [
    fields(
      `*Key*\n${code(key.keyId)}`,
      `*Status*\n${status}`,
      `*Created*\n${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})`,
      `*Last used*\n${formatLastUse(key.lastUse, now)}`,
    ),
    keyButtons(key, options),
    divider(),
  ];
}

export function keyListBlocks(listing: KeyListing, now: Date, options: KeyListOptions): Reply {
  if (listing.keys.length === 0) {
    return {
      text: `${listing.owner} has no access keys in ${accountText(listing.account)}.`,
      blocks: [section(`${code(listing.owner)} has no access keys in ${accountText(listing.account)}.`)],
    };
  }
  const count = listing.keys.length === 1 ? '1 access key' : `${listing.keys.length} access keys`;
  const blocks = [
    header(`Access keys of ${listing.owner}`),
    context(`${count} · account ${accountText(listing.account)} · dates in UTC`),
    ...listing.keys.flatMap((key) => keyRow(key, now, options)),
  ];
  return {
    text: `${listing.owner} has ${count}.`,
    blocks: withinBlockLimit(blocks, 'More keys than fit here.'),
  };
}

/** The accounts where the user does not exist, named once under the list, as the Home names them. */
export function absentFromLine(owner: string, accounts: string[]): string {
  return `No IAM user ${code(owner)} in: ${accounts.join(', ')}.`;
}

/**
 * `/keys list` without `@ACCOUNT`: the user's keys in every managed account, each group named by
 * its account (a key id alone does not say where it lives); accounts that could not be read are
 * said so, never left out silently.
 */
export function everyAccountListBlocks(
  listing: EveryAccountListing,
  now: Date,
  options: KeyListOptions,
): Reply {
  const { owner, listings, unreadable, absentFrom } = listing;
  const notes = [
    ...unreadable.map(({ account, refusal }) => `:warning: ${accountText(account)}: ${refusalText(refusal)}`),
    ...(absentFrom.length > 0 && listings.length > 0
      ? [absentFromLine(owner, absentFrom.map(accountText))]
      : []),
  ];
  const [only] = listings;
  if (only && listings.length === 1 && notes.length === 0) return keyListBlocks(only, now, options);
  const total = listings.reduce((sum, { keys }) => sum + keys.length, 0);
  const count = total === 1 ? '1 access key' : `${total} access keys`;
  const blocks: KnownBlock[] = [
    header(`Access keys of ${owner}`),
    context(
      `${count} in ${listings.length === 1 ? '1 account' : `${listings.length} accounts`} · dates in UTC`,
    ),
    ...(notes.length > 0 ? [context(...notes)] : []),
  ];
  for (const { account, keys } of listings) {
    blocks.push(section(`*${accountText(account)}*${keys.length === 0 ? ': no access keys' : ''}`));
    blocks.push(...keys.flatMap((key) => keyRow(key, now, options)));
  }
  return { text: `${owner} has ${count}.`, blocks: withinBlockLimit(blocks, 'More keys than fit here.') };
}
