import { createRotationDomain } from './domain/create-rotation';
import type { KeyRotation } from './domain/key-rotation';
import { isRotationId } from './domain/rotation';
import { rotationStepButton } from './slack/rotation-buttons';
import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_REACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REFRESH_ACTION,
  ROTATION_STEP_DONE_TEXT,
} from './slack/rotation-guide';
import { SlackRotationGuide } from './slack/slack-rotation-guide';
import { rotationCodec, rotationDeletionCodec } from './store/rotation-codec';
import type { KeysApi } from '../keys';
import type { CreationApi } from '../creation';
import type { ApprovalsApi } from '../approvals';
import { outcomeNotice } from '../../platform/slack/blocks/outcome-reply';
import { DynamoVersionedStore } from '../../platform/store/dynamo-versioned-store';
import type { FeatureContext, SlackSurfaces } from '../../platform/feature-context';

export interface RotationApi {
  rotation: KeyRotation;
}

/**
 * Guided rotation: a new key, seen in use, then the old one retired. It continues where creation
 * (an invitation accepted) and the Request deletion modal (a reason given) leave off.
 */
export function install(
  slack: SlackSurfaces,
  context: FeatureContext,
  lower: { keys: KeysApi; creation: CreationApi; approvals: ApprovalsApi },
): RotationApi {
  const { accounts, people, store, client, audit, clock, log } = context;
  const { rotation } = createRotationDomain({
    accounts,
    people,
    creation: lower.creation.creation,
    commands: lower.keys.commands,
    approvals: lower.approvals.service,
    rotations: new DynamoVersionedStore(store.doc, store.tableName, rotationCodec),
    deletions: new DynamoVersionedStore(store.doc, store.tableName, rotationDeletionCodec),
    guide: new SlackRotationGuide(client, clock),
    audit,
    clock,
    log,
  });
  slack.buttons.on(ROTATION_REFRESH_ACTION, rotationStepButton('refresh', rotation, lower.approvals));
  slack.buttons.on(
    ROTATION_DEACTIVATE_ACTION,
    rotationStepButton('deactivateOld', rotation, lower.approvals),
  );
  slack.buttons.on(
    ROTATION_REACTIVATE_ACTION,
    rotationStepButton('reactivateOld', rotation, lower.approvals),
  );
  slack.buttons.on(
    ROTATION_DELETE_ACTION,
    rotationStepButton('requestOldKeyDeletion', rotation, lower.approvals),
  );
  lower.creation.onInvitationAccepted(async (actor, invitation, keyId) => {
    if (invitation.rotationId) await rotation.invitationAccepted(actor, invitation.rotationId, keyId);
  });
  lower.approvals.onDeletionRequested('rotation', {
    accepts: isRotationId,
    // The guide, updated in place, is the answer; a line only where there is no guide to show it.
    request: async (actor, rotationId, reason) =>
      outcomeNotice(await rotation.requestOldKeyDeletion(actor, rotationId, reason), (view) =>
        view.rotation.message ? '' : (ROTATION_STEP_DONE_TEXT.requestOldKeyDeletion ?? ''),
      ),
  });
  // The guide ends with who deleted the old key (or goes back to step 4 when the request did not).
  lower.approvals.onRequestEnded((request) => rotation.deletionEnded(request));
  return { rotation };
}

export type { KeyRotation } from './domain/key-rotation';
export { rotationRefusalReply, type RetireButtons } from './slack/rotation-needs-room';
export type { RotationRefusal } from './domain/refusals';
