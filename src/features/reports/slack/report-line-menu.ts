import type { Overflow } from '@slack/types';
import type { ReportedKey } from '../domain/stale-key-actions';
import { IAM_USER_NAME, type IamUserName } from '../../../kernel/types';
import type { OverflowChoice } from '../../../platform/bolt/action-router';
import {
  reportButtonValue,
  STALE_DEACTIVATE_ACTION,
  STALE_NUDGE_OWNER_ACTION,
  STALE_REQUEST_DELETION_ACTION,
} from './report-button';
import { NUDGE_ROTATE_ACTION } from './owner-nudge';
import { code, formatDateTime } from '../../../platform/slack/blocks/format';

/** The one overflow menu of a report line; each option goes to the action its button had (see lineChoice). */
export const STALE_LINE_MENU_ACTION = 'stale.line';

/** What a line's menu offers, by the short name its option value starts with. */
const CHOICES = {
  r: { text: 'Rotate', actionId: NUDGE_ROTATE_ACTION },
  d: { text: 'Deactivate', actionId: STALE_DEACTIVATE_ACTION },
  x: { text: 'Request deletion', actionId: STALE_REQUEST_DELETION_ACTION },
  n: { text: 'Nudge owner', actionId: STALE_NUDGE_OWNER_ACTION },
} as const;
type Choice = keyof typeof CHOICES;

/**
 * An option's value: Slack allows 150 characters, where a button's value had 2000, so it is
 * `choice|report|account|account id|created ms|user`: at most 1+5+32+12+14+64 characters and five
 * bars, 133. Menus posted before the account id was carried have no account id field; still read.
 */
function optionValue(choice: Choice, key: ReportedKey): string {
  return [
    choice,
    key.reportIndex,
    key.account ?? '',
    key.accountId ?? '',
    key.createdAt.getTime(),
    key.owner,
  ].join('|');
}

const OPTION_VALUE = /^([rdxn])\|(-?\d{1,4})\|([a-z0-9-]{0,32})\|(?:(\d{12})?\|)?(\d{1,14})\|(.{1,64})$/;

/**
 * The action and button value an option stands for, so the buttons' listeners (which check the key
 * and the clicker again) serve the menu too; undefined for a value the menu could not have sent.
 */
export function lineChoice(value: string): OverflowChoice | undefined {
  const match = OPTION_VALUE.exec(value);
  if (!match) return undefined;
  const [, choice, report, account, accountId, created, owner] = match;
  if (!owner || !IAM_USER_NAME.test(owner)) return undefined;
  const key: ReportedKey = {
    owner: owner as IamUserName,
    ...(account ? { account } : {}),
    ...(accountId ? { accountId } : {}),
    createdAt: new Date(Number(created)),
    reportIndex: Number(report),
  };
  return { actionId: CHOICES[choice as Choice].actionId, value: reportButtonValue(key) };
}

/**
 * Rotate, Deactivate, Request deletion, Nudge owner. Slack puts a confirm on the whole menu, not on one option: it
 * names the key and says what the one option that acts at once (Deactivate) does; Request deletion asks
 * approvers, and Rotate makes a new key first.
 */
export function lineMenu(key: ReportedKey & { keyId?: string }): Overflow {
  const which = key.keyId ? code(key.keyId) : `the key created ${formatDateTime(key.createdAt)}`;
  return {
    type: 'overflow',
    action_id: STALE_LINE_MENU_ACTION,
    options: (Object.keys(CHOICES) as Choice[]).map((choice) => ({
      text: { type: 'plain_text', text: CHOICES[choice].text, emoji: true },
      value: optionValue(choice, key),
    })),
    confirm: {
      title: { type: 'plain_text', text: 'Act on this key?' },
      text: {
        type: 'mrkdwn',
        text:
          `${which} of ${code(key.owner)}. *Deactivate* stops it at once (it can be activated again); ` +
          '*Request deletion* asks the approvers; *Rotate* makes a new key first; *Nudge owner* sends its owner a DM.',
      },
      confirm: { type: 'plain_text', text: 'Go on' },
      deny: { type: 'plain_text', text: 'Cancel' },
      style: 'danger',
    },
  };
}
