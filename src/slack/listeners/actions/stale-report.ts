import type { Access } from '../../../access/access';
import type { ApprovalService } from '../../../keys/approvals/approval-service';
import type { StaleKeyActions } from '../../../keys/stale/stale-key-actions';
import type { Logger } from '../../../logger';
import { requestOpenedBlocks } from '../../blocks/approval-request';
import { plainReply } from '../../blocks/primitives';
import { outcomeReply } from '../../blocks/outcome-reply';
import { parseReportButtonValue } from '../../blocks/report-button';
import { BAD_REPORT_BUTTON } from '../../blocks/stale-texts';
import { statusChangeBlocks } from '../../blocks/status-change';
import { askedForReason } from './ask-reason';
import { buttonAction } from './button-action';

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
