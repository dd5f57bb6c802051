import type { Access } from '../../../platform/access/access';
import type { ApprovalService } from '../domain/approval-service';
import type { Logger } from '../../../platform/logger';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { decisionText, WITHDRAWN } from './approval-texts';
import { NO_SUCH_REQUEST, refusalText } from '../../../platform/slack/blocks/texts';
import { buttonAction } from '../../../platform/bolt/button-action';

export interface ApprovalActionDeps {
  access: Access;
  approvals: ApprovalService;
  log: Logger;
}

const REQUEST_ID = /^[0-9a-f-]{36}$/;

/** Approve / Reject on a request message; the click must come from the request's own message. */
export function approvalAction(verb: 'approve' | 'reject', deps: ApprovalActionDeps) {
  return buttonAction(`approval.${verb}`, deps, async ({ actor, value, clickedOn }) => {
    if (!REQUEST_ID.test(value)) return plainReply(NO_SUCH_REQUEST);
    const outcome = await deps.approvals[verb](actor, value, clickedOn);
    return plainReply(outcome.ok ? decisionText(verb, outcome.value) : refusalText(outcome.refusal));
  });
}

/** Withdraw on a request message: only the requester; the service checks and audits. */
export function withdrawAction(deps: ApprovalActionDeps) {
  return buttonAction('approval.withdraw', deps, async ({ actor, value, clickedOn }) => {
    if (!REQUEST_ID.test(value)) return plainReply(NO_SUCH_REQUEST);
    const outcome = await deps.approvals.withdraw(actor, value, clickedOn);
    return plainReply(outcome.ok ? WITHDRAWN : refusalText(outcome.refusal));
  });
}
