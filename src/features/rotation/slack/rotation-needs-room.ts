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
 * The buttons that retire a key where the rotation was asked: the action ids and values of that
 * surface's own Deactivate and Request deletion, so their listeners answer there (a message's
 * response_url; the Home, which has none, republished).
 */
export interface RetireButtons {
  deactivate: string;
  requestDeletion: string;
  value(key: AccessKey): string;
}

/** `/keys list`'s buttons (a message's, answered by response_url): the key id is the value. */
const KEY_LIST_BUTTONS: RetireButtons = {
  deactivate: KEY_DEACTIVATE_ACTION,
  requestDeletion: KEY_DELETE_ACTION,
  value: (key) => key.keyId,
};

/**
 * A rotation refused at two keys, with the way on as buttons instead of commands to type: retire
 * the older key first (Deactivate, Request deletion). By default they are the buttons of
 * `/keys list` (for a message: `/keys rotate`'s answer, an owner's nudge), so the same listeners,
 * rights and modals apply (the reason where the policy wants a ticket, "Deactivate now" in it); the
 * Home passes its own key buttons. Any other refusal is its words alone.
 */
export function rotationRefusalReply(
  refusal: AnyRefusal,
  options: { deletionButton: boolean; buttons?: RetireButtons },
): Reply {
  const reply = refusalReply(refusal);
  if (!needsRoom(refusal)) return reply;
  const older = olderKey(refusal.keys);
  if (!older) return reply;
  const ids = options.buttons ?? KEY_LIST_BUTTONS;
  const value = ids.value(older);
  const buttons: Button[] = [];
  if (older.status === 'Active') {
    buttons.push(
      button({
        text: 'Deactivate older key',
        actionId: ids.deactivate,
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
    buttons.push(button({ text: 'Request deletion of older key', actionId: ids.requestDeletion, value }));
  }
  const next =
    `To go on, retire the older key first: ${code(older.keyId)}, created ${formatDate(older.createdAt)}, ` +
    `${older.status.toLowerCase()}. Then start the rotation again.`;
  return {
    ...reply,
    blocks: [...(reply.blocks ?? []), section(next), ...(buttons.length > 0 ? [actions(buttons)] : [])],
  };
}
