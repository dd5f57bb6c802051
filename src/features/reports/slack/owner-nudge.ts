import type { KnownBlock } from '@slack/types';
import type { StaleKey } from '../domain/classify';
import type { OwnerNudge } from '../domain/ports/owner-notifier';
import {
  code,
  formatAge,
  formatDate,
  formatDateTime,
  formatLastUse,
} from '../../../platform/slack/blocks/format';
import {
  actions,
  button,
  context,
  header,
  LIMITS,
  section,
  type Reply,
} from '../../../platform/slack/blocks/primitives';
import { reportButtonValue } from './report-button';
import { dataAsOf, findingText, keyIdsMissingText } from './stale-texts';
import { snoozeButtonValue } from './snooze-button';
import { inlineUserText } from '../../../platform/slack/blocks/user-text';

export const NUDGE_ROTATE_ACTION = 'nudge.rotate';
export const NUDGE_DEACTIVATE_ACTION = 'nudge.deactivate';
export const NUDGE_SNOOZE_ACTION = 'nudge.snooze';

/** Keys shown with their buttons, two blocks each, within Block Kit's 50 with the rest. */
export const MAX_NUDGE_KEYS = 20;

export const NUDGE_TITLE = 'Your stale access keys';
export const NUDGE_INTRO =
  'These access keys of yours break the key policy. Rotate or deactivate each one, or snooze it with a reason.';

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

function keyRow(key: StaleKey, index: number, nudge: OwnerNudge, now: Date): KnownBlock[] {
  const which = key.keyId ? code(key.keyId) : `access key ${key.slot ?? '?'}`;
  const findings = key.reasons.map((reason) => findingText(reason, nudge.thresholds)).join(' · ');
  const accountId = key.account ? nudge.accountIds?.get(key.account) : undefined;
  const reported = {
    owner: key.owner,
    account: key.account,
    ...(accountId ? { accountId } : {}),
    createdAt: key.createdAt,
    reportIndex: nudge.reportIndex,
  };
  const value = reportButtonValue(reported);
  return [
    section(
      `*${inlineUserText(key.account ?? 'default')}* · ${code(key.owner)} · ${which} · created ${formatDate(key.createdAt)} (${formatAge(key.createdAt, now)})\n` +
        `Last used: ${formatLastUse(key.lastUse, now)}\n_${findings}_`,
    ),
    actions(
      [
        button({ text: 'Rotate', actionId: NUDGE_ROTATE_ACTION, value, style: 'primary' }),
        button({
          text: 'Deactivate',
          actionId: NUDGE_DEACTIVATE_ACTION,
          value,
          style: 'danger',
          confirm: {
            title: 'Deactivate this key?',
            text: `The key of ${code(key.owner)} created ${formatDateTime(key.createdAt)} stops working at once. You can activate it again.`,
            confirm: 'Deactivate',
          },
        }),
        button({
          text: 'Snooze',
          actionId: NUDGE_SNOOZE_ACTION,
          value: snoozeButtonValue(reported, key.keyId),
        }),
      ],
      `nudge:${index}`,
    ),
  ];
}

/** One owner's DM of one run: their stale keys, each with Rotate, Deactivate and Snooze. */
export function ownerNudgeBlocks(nudge: OwnerNudge, now: Date): Reply {
  const shown = nudge.keys.slice(0, MAX_NUDGE_KEYS);
  const blocks: KnownBlock[] = [
    header(NUDGE_TITLE),
    section(NUDGE_INTRO),
    context(
      dataAsOf(nudge.generatedAt, nudge.source, now),
      ...(nudge.keyIdsMissing ? [`:warning: ${keyIdsMissingText(nudge.keyIdsMissing)}`] : []),
    ),
    ...shown.flatMap((key, index) => keyRow(key, index, nudge, now)),
  ];
  const more = nudge.keys.length - shown.length;
  if (more > 0) blocks.push(context(`…and ${plural(more, 'more key')}: see \`/keys list\`.`));
  return {
    text: `You have ${plural(nudge.keys.length, 'stale access key')} to rotate, deactivate or snooze.`,
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}
