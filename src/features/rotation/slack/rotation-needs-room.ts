import type { AnyRefusal } from '../../../kernel/outcome';
import type { AccessKey } from '../../../kernel/types';
import type { RotationRefusal } from '../domain/refusals';
import { KEY_DEACTIVATE_ACTION, KEY_DELETE_ACTION } from '../../keys';
import { code, formatDate } from '../../../platform/slack/blocks/format';
import type { Button } from '@slack/types';
import { actions, button, section, type Reply } from '../../../platform/slack/blocks/primitives';
import { refusalReply } from '../../../platform/slack/blocks/outcome-reply';
import './texts';

type NeedsRoom = Extract<RotationRefusal, { reason: 'rotation-needs-room' }>;

function needsRoom(refusal: AnyRefusal): refusal is NeedsRoom {
  return refusal.reason === 'rotation-needs-room';
}

/** The older of a user's two keys: the one a rotation retires first. */
export function olderKey(keys: readonly AccessKey[]): AccessKey | undefined {
  return [...keys].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}

/**
 * A rotation refused at two keys, with the way on as buttons instead of commands to type: retire
 * the older key first (Deactivate, Request deletion). They are the buttons of `/keys list`, so the
 * same listeners, rights and modals apply (the reason where the policy wants a ticket, "Deactivate
 * now" in it). Any other refusal is its words alone.
 */
export function rotationRefusalReply(refusal: AnyRefusal, options: { deletionButton: boolean }): Reply {
  const reply = refusalReply(refusal);
  if (!needsRoom(refusal)) return reply;
  const older = olderKey(refusal.keys);
  if (!older) return reply;
  const value = older.keyId;
  const buttons: Button[] = [];
  if (older.status === 'Active') {
    buttons.push(
      button({
        text: 'Deactivate older key',
        actionId: KEY_DEACTIVATE_ACTION,
        value,
        confirm: {
          title: 'Deactivate the older key?',
          text: `${code(older.keyId)} stops working at once. It can be activated again.`,
          confirm: 'Deactivate',
        },
      }),
    );
  }
  if (options.deletionButton) {
    buttons.push(button({ text: 'Request deletion of older key', actionId: KEY_DELETE_ACTION, value }));
  }
  const next =
    `To go on, retire the older key first: ${code(older.keyId)}, created ${formatDate(older.createdAt)}, ` +
    `${older.status.toLowerCase()}. Then start the rotation again.`;
  return {
    ...reply,
    blocks: [...(reply.blocks ?? []), section(next), ...(buttons.length > 0 ? [actions(buttons)] : [])],
  };
}
