import type { Access } from '../../../platform/access/access';
import type { ApprovalService } from '../../approvals/domain/approval-service';
import type { StaleKeyActions } from '../domain/stale-key-actions';
import type { Logger } from '../../../platform/logger';
import { requestOpenedBlocks } from '../../approvals/slack/approval-request';
import { plainReply } from '../../../platform/slack/blocks/primitives';
import { outcomeReply } from '../../../platform/slack/blocks/outcome-reply';
import { parseReportButtonValue } from './report-button';
import { BAD_REPORT_BUTTON } from './stale-texts';
import { statusChangeBlocks } from '../../keys/slack/status-change';
import { askedForReason } from '../../approvals/slack/ask-reason';
import { buttonAction } from '../../../platform/bolt/button-action';

export interface StaleReportActionDeps {
  access: Access;
  staleActions: StaleKeyActions;
  approvals: Pick<ApprovalService, 'personReasonRule'>;
  approvalsChannel?: string;
  log: Logger;
}

/**
 * Deactivate / Request deletion on a stale-key report. The button names a key by owner and creation
 * time; the domain finds it again, checks it is still stale, and the services check the clicker's rights.
 */
export function staleReportAction(verb: 'deactivate' | 'request-deletion', deps: StaleReportActionDeps) {
  return buttonAction(`stale.${verb}`, deps, async ({ actor, value, channel, openModal }) => {
    const key = parseReportButtonValue(value);
    if (!key) return plainReply(BAD_REPORT_BUTTON);
    if (verb === 'deactivate')
      return outcomeReply(await deps.staleActions.deactivate(actor, key), statusChangeBlocks);
    if (await askedForReason(deps.approvals, openModal, { source: 'report', target: value, channel })) {
      return undefined;
    }
    return outcomeReply(await deps.staleActions.requestDeletion(actor, key), (request) =>
      requestOpenedBlocks(request, deps.approvalsChannel ?? ''),
    );
  });
}
