import type { ApprovalRequest } from '../../approvals/domain';
import { asSlackUserId, type SlackUserId } from '../../../kernel/types';
import { nextRotation, type Rotation, type RotationState } from './rotation';

/**
 * A rotation whose old key's deletion request ended: executed, the rotation is complete and names who
 * deleted the key; ended otherwise, it is back at step 4 (the old key deactivated) saying why. The
 * next version, and the audit's words for it.
 */
export function rotationAfterDeletion(
  rotation: Rotation,
  request: ApprovalRequest,
  now: Date,
): { next: Rotation; detail: string } {
  const executed = request.state === 'EXECUTED';
  const state: RotationState = executed ? 'COMPLETED' : 'OLD_KEY_DEACTIVATED';
  const next = nextRotation(
    rotation,
    { ...(executed ? { deletedBy: deciders(request) } : { deletionNotDone: notDone(request) }), state },
    now,
  );
  const detail = executed ? 'rotation complete: old key deleted' : `deletion ${request.state.toLowerCase()}`;
  return { next, detail };
}

/** Whose approvals deleted the key (a 2-of-2 names both); the last decider where none is stored. */
function deciders(request: ApprovalRequest): SlackUserId[] {
  const approvers = request.approvals.map((approval) => approval.by);
  if (approvers.length > 0) return approvers;
  const by = request.outcome?.by === undefined ? undefined : asSlackUserId(request.outcome.by);
  return by ? [by] : [];
}

/** How a request ended without deleting the key, as the guide says it. */
function notDone(request: ApprovalRequest): Rotation['deletionNotDone'] {
  const state =
    request.state === 'REJECTED' && request.outcome?.kind === 'withdrawn'
      ? 'WITHDRAWN'
      : request.state === 'REJECTED' || request.state === 'EXPIRED' || request.state === 'WITHDRAWN'
        ? request.state
        : 'FAILED';
  const by = request.outcome?.by === undefined ? undefined : asSlackUserId(request.outcome.by);
  return { state, ...(by ? { by } : {}) };
}
