import type { Button, KnownBlock } from '@slack/types';
import type { HomeKey, MyKeysSection } from '../domain/home-state';
import type { StaleReason } from '../../reports/domain';
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
  fields,
  header,
  section,
  truncate,
} from '../../../platform/slack/blocks/primitives';
import { refusalText } from '../../../platform/slack/blocks/refusal-texts';
import { HOME_DEACTIVATE_ACTION, HOME_DELETE_ACTION, HOME_ROTATE_ACTION } from './home-actions';
import {
  absentFromText,
  IDENTITY_UNCONFIRMED_HOME,
  moreKeysText,
  MY_KEYS_HEADER,
  noKeysText,
  UNMAPPED_HOME,
} from './home-texts';

/** A key is a fields section and its buttons. */
const BLOCKS_PER_KEY = 2;

/** What a key's buttons carry: the key and its account, both checked again on the server. */
export interface HomeKeyValue {
  account: string;
  keyId: string;
}

const STALE_WORDS: Record<StaleReason, string> = {
  'too-old': 'too old',
  unused: 'unused',
  'never-used': 'never used',
  'more-than-one-active': 'one of two active keys',
};

function keyRow(key: HomeKey, now: Date, soleInAccount: boolean, deletionEnabled: boolean): KnownBlock[] {
  const stale =
    key.stale.length > 0
      ? ` · :warning: stale: ${key.stale.map((reason) => STALE_WORDS[reason]).join(', ')}`
      : '';
  const status = key.status === 'Active' ? ':large_green_circle: Active' : ':white_circle: Inactive';
  const value = JSON.stringify({ account: key.account.name, keyId: key.keyId } satisfies HomeKeyValue);
  const buttons: Button[] = [];
  // Rotation needs room for the new key: only a user's sole key in an account can be rotated.
  if (key.status === 'Active' && soleInAccount) {
    buttons.push(button({ text: 'Rotate', actionId: HOME_ROTATE_ACTION, value, style: 'primary' }));
  }
  if (key.status === 'Active') {
    buttons.push(
      button({
        text: 'Deactivate',
        actionId: HOME_DEACTIVATE_ACTION,
        value,
        confirm: {
          title: 'Deactivate this key?',
          text: `${code(key.keyId)} stops working at once. It can be activated again.`,
          confirm: 'Deactivate',
        },
      }),
    );
  }
  if (deletionEnabled) {
    buttons.push(
      button({
        text: 'Request deletion',
        actionId: HOME_DELETE_ACTION,
        value,
        style: 'danger',
        confirm: {
          title: 'Request deletion?',
          text: `An approver must agree before ${code(key.keyId)} is deleted. A deleted key cannot be restored.`,
          confirm: 'Request',
        },
      }),
    );
  }
  const rows: KnownBlock[] = [
    fields(
      `*Key*\n${code(key.keyId)}`,
      `*Account*\n${accountText(key.account)}`,
      `*Status*\n${status}${stale}`,
      `*Created*\n${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})`,
      `*Last used*\n${formatLastUse(key.lastUse, now)}`,
    ),
  ];
  if (buttons.length > 0)
    rows.push(actions(buttons, truncate(`home-key:${key.account.name}:${key.keyId}`, 255)));
  return rows;
}

/** The person's keys, worst first, as many as fit in `room` blocks, with a count of those left out. */
export function keysSection(
  keys: MyKeysSection,
  now: Date,
  deletionEnabled: boolean,
  room: number,
): KnownBlock[] {
  const blocks: KnownBlock[] = [header(MY_KEYS_HEADER)];
  if (keys.kind === 'identity-unconfirmed') return [...blocks, section(IDENTITY_UNCONFIRMED_HOME)];
  if (keys.kind === 'unmapped') return [...blocks, section(UNMAPPED_HOME)];
  if (keys.kind === 'refused') return [...blocks, section(refusalText(keys.refusal))];
  const { owner, keys: all, unreadable, absentFrom } = keys.value;
  const notes = [
    ...unreadable.map(({ account, refusal }) => `:warning: ${accountText(account)}: ${refusalText(refusal)}`),
    ...(absentFrom.length > 0 ? [absentFromText(absentFrom.map(accountText))] : []),
  ];
  // No keys: one sentence (and any account that could not be read), not a count of none, a list of
  // accounts without the user and "no keys" besides, which read as three different answers.
  if (all.length === 0) {
    const unread = notes.slice(0, unreadable.length);
    return [...blocks, section(noKeysText(owner)), ...(unread.length > 0 ? [context(...unread)] : [])];
  }
  const count = all.length === 1 ? '1 access key' : `${all.length} access keys`;
  blocks.push(context(`${count} of ${code(owner)} · worst first · dates in UTC`));
  if (notes.length > 0) blocks.push(context(...notes));
  const perAccount = new Map<string, number>();
  for (const key of all) perAccount.set(key.account.name, (perAccount.get(key.account.name) ?? 0) + 1);
  // What is left of the Home after the fixed blocks, less one for the "more" line when it is needed.
  const fitting = Math.max(0, Math.floor((room - blocks.length - 1) / BLOCKS_PER_KEY));
  const shown =
    all.length <= Math.floor((room - blocks.length) / BLOCKS_PER_KEY) ? all : all.slice(0, fitting);
  for (const key of shown) {
    blocks.push(...keyRow(key, now, perAccount.get(key.account.name) === 1, deletionEnabled));
  }
  if (shown.length < all.length) blocks.push(context(moreKeysText(all.length - shown.length)));
  return blocks;
}
