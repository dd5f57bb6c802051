import type { KnownBlock } from '@slack/types';
import type { RotationView } from '../domain/ports/rotation-guide';
import type { Rotation, RotationStep } from '../domain/rotation';
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
  COMPLETED: 5,
};

const NOT_DONE_WORDS: Record<NonNullable<Rotation['deletionNotDone']>['state'], string> = {
  REJECTED: 'was rejected',
  EXPIRED: 'expired without approval',
  WITHDRAWN: 'was withdrawn',
  FAILED: 'failed',
};

/** People as mentions: "<@A>", "<@A> and <@B>"; Keywarden when nobody is stored. */
function people(ids: readonly string[] | undefined): string {
  const named = (ids ?? []).map((id) => `<@${id}>`);
  if (named.length === 0) return 'Keywarden';
  return named.length === 1 ? (named[0] as string) : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** What step 2 says it saw, and when it looked: the check people wait on. */
function checked(view: RotationView, now: Date): string {
  const when = formatDateTime(now);
  return view.newKeyUse?.at ? `_Checked ${when}._` : `_Checked ${when}: the new key is not used yet._`;
}

/** Under step 3 and 4: what was done there, so the guide itself is the answer to each click. */
function stepNotes(rotation: Rotation): { three: string; four: string } {
  const { state } = rotation;
  const three =
    state === 'OLD_KEY_DEACTIVATED'
      ? ' _Done: the old key is inactive. If something broke, *Reactivate old key* undoes it._'
      : state === 'DELETION_REQUESTED' || state === 'COMPLETED'
        ? ' _Done: the old key is inactive._'
        : '';
  const notDone = rotation.deletionNotDone;
  const four =
    state === 'DELETION_REQUESTED'
      ? ` _Requested${rotation.approvalRequestId ? ` (request ${code(rotation.approvalRequestId)})` : ''}: waiting for an approver._`
      : state === 'COMPLETED'
        ? ` _Done: deleted by ${people(rotation.deletedBy)}._`
        : state === 'OLD_KEY_DEACTIVATED' && notDone
          ? ` _The last request ${NOT_DONE_WORDS[notDone.state]}${notDone.by ? ` (${people([notDone.by])})` : ''}; request it again when ready._`
          : '';
  return { three, four };
}

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
  const notes = stepNotes(rotation);
  const lines = [
    `${tick(1)} *1. New key* ${newKey} made and its secret shown to you once.`,
    `${tick(2)} *2. Switch your systems to the new key.* New key last used: ${use(view.newKeyUse, now)}. Old key ${code(
      rotation.oldKeyId,
    )} last used: ${rotation.state === 'COMPLETED' ? '_deleted_' : use(view.oldKeyUse, now)}. ${checked(view, now)}`,
    `${tick(3)} *3. Deactivate the old key* once the new one is in use.${notes.three}`,
    `${tick(4)} *4. Request deletion of the old key*; an approver confirms.${notes.four}`,
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
  if (rotation.state === 'COMPLETED') blocks.push(section(completeText(rotation)));
  else if (rotation.state !== 'DELETION_REQUESTED') blocks.push(actions(buttons, `rotation:${rotation.id}`));
  blocks.push(context(`Rotation ${code(rotation.id)}`));
  const text =
    rotation.state === 'COMPLETED'
      ? `Rotating the access key of ${rotation.owner}: complete`
      : `Rotating the access key of ${rotation.owner}: step ${step} of 4`;
  return { text, blocks };
}

/** The guide's last words, once the old key's deletion was executed. */
export function completeText(rotation: Rotation): string {
  return `:tada: *Rotation complete*: the old key ${code(rotation.oldKeyId)} was deleted by ${people(rotation.deletedBy)}.`;
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

/** The same, naming the old key where the rotation could be read in time. */
export function rotationOldKeyAbout(oldKeyId: string | undefined): string {
  return oldKeyId
    ? `Access key ${code(oldKeyId)}: the old key of the rotation in this guide.`
    : ROTATION_OLD_KEY_ABOUT;
}
