import type { KnownBlock } from '@slack/types';
import type { RotationView } from '../domain/ports/rotation-guide';
import type { RotationStep } from '../domain/rotation';
import type { LastUse } from '../../../kernel/types';
import { code, formatDateTime, formatLastUse } from '../../../platform/slack/blocks/format';
import {
  actions,
  button,
  context,
  header,
  section,
  type Reply,
} from '../../../platform/slack/blocks/primitives';

export const ROTATION_REFRESH_ACTION = 'rotate.refresh';
export const ROTATION_DEACTIVATE_ACTION = 'rotate.deactivate-old';
export const ROTATION_DELETE_ACTION = 'rotate.request-deletion';
export const ROTATION_REACTIVATE_ACTION = 'rotate.reactivate-old';

const STEPS: Record<RotationView['rotation']['state'], number> = {
  WAITING_FOR_OWNER: 1,
  NEW_KEY_DELIVERED: 2,
  OLD_KEY_DEACTIVATED: 3,
  DELETION_REQUESTED: 4,
};

function use(lastUse: LastUse | undefined, now: Date): string {
  return lastUse ? formatLastUse(lastUse, now) : '_unknown_';
}

/** Four steps, each ticked as it is done; the next step's button only once it makes sense. */
export function rotationGuideBlocks(view: RotationView, now: Date): Reply {
  const { rotation } = view;
  const step = STEPS[rotation.state];
  const tick = (n: number) =>
    step > n ? ':white_check_mark:' : step === n ? ':arrow_right:' : ':white_circle:';
  const newKey = rotation.newKeyId ? code(rotation.newKeyId) : '_not yet made_';
  const lines = [
    `${tick(1)} *1. New key* ${newKey} made and its secret shown to you once.`,
    `${tick(2)} *2. Switch your systems to the new key.* New key last used: ${use(view.newKeyUse, now)}. Old key ${code(
      rotation.oldKeyId,
    )} last used: ${use(view.oldKeyUse, now)}. _Checked ${formatDateTime(now)}._`,
    `${tick(3)} *3. Deactivate the old key* once the new one is in use.`,
    `${tick(4)} *4. Request deletion of the old key*; an approver confirms.`,
  ];
  const value = rotation.id;
  const buttons = [button({ text: 'Refresh', actionId: ROTATION_REFRESH_ACTION, value })];
  if (rotation.state === 'NEW_KEY_DELIVERED' && view.newKeyUse?.at) {
    buttons.push(
      button({
        text: 'Deactivate old key',
        actionId: ROTATION_DEACTIVATE_ACTION,
        value,
        style: 'danger',
        confirm: {
          title: 'Deactivate the old key?',
          text: `${code(rotation.oldKeyId)} stops working at once. It can be activated again.`,
          confirm: 'Deactivate',
        },
      }),
    );
  }
  if (rotation.state === 'OLD_KEY_DEACTIVATED') {
    // Something broke after all: one click puts the old key back while the new one is fixed.
    buttons.push(
      button({
        text: 'Reactivate old key',
        actionId: ROTATION_REACTIVATE_ACTION,
        value,
        confirm: {
          title: 'Reactivate the old key?',
          text: `${code(rotation.oldKeyId)} works again at once; the guide goes back to step 2.`,
          confirm: 'Reactivate',
          style: 'primary',
        },
      }),
    );
    buttons.push(
      button({
        text: 'Request deletion of old key',
        actionId: ROTATION_DELETE_ACTION,
        value,
        style: 'danger',
      }),
    );
  }
  const blocks: KnownBlock[] = [
    header(`Rotating the access key of ${rotation.owner}`),
    section(lines.join('\n')),
  ];
  if (rotation.state !== 'DELETION_REQUESTED') blocks.push(actions(buttons, `rotation:${rotation.id}`));
  blocks.push(context(`Rotation ${code(rotation.id)}`));
  return { text: `Rotating the access key of ${rotation.owner}: step ${step} of 4`, blocks };
}

export type { RotationStep };

/** What the driver is told after each step; refresh updates the guide in place instead. */
export const ROTATION_STEP_DONE_TEXT: Record<RotationStep, string | undefined> = {
  refresh: undefined,
  deactivateOld:
    'The old key is now inactive. When nothing broke, request its deletion from the guide; if something did, Reactivate old key undoes it.',
  reactivateOld:
    'The old key is active again. Switch what still used it to the new key, then deactivate the old one.',
  requestOldKeyDeletion: 'Deletion of the old key is requested; an approver will confirm it.',
};

/** What the Request deletion modal opened from the guide is about. */
export const ROTATION_OLD_KEY_ABOUT =
  'The old key of the rotation in this guide (its id is on the guide, step 2).';
