import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { APPROVE_ACTION, REJECT_ACTION } from '../../blocks/approval-request';
import { ACCEPT_INVITATION_ACTION } from '../../blocks/invitation';
import { KEY_ACTIVATE_ACTION, KEY_DEACTIVATE_ACTION, KEY_DELETE_ACTION } from '../../blocks/key-list';
import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REFRESH_ACTION,
} from '../../blocks/rotation-guide';
import { STALE_DEACTIVATE_ACTION, STALE_REQUEST_DELETION_ACTION } from '../../blocks/report-button';
import {
  HOME_DEACTIVATE_ACTION,
  HOME_DELETE_ACTION,
  HOME_OPEN_REQUEST_ACTION,
  HOME_ROTATE_ACTION,
  HOME_RUN_REPORT_ACTION,
  HOME_WITHDRAW_ACTION,
} from '../../blocks/home';
import { approvalAction, type ApprovalActionDeps } from './approval';
import { acceptInvitationAction, type CreationActionDeps } from './creation';
import {
  homeKeyAction,
  homeLinkAction,
  homeRunReportAction,
  homeWithdrawAction,
  type HomeActionDeps,
} from './home';
import { keyDeletionButton, keyStatusButton, type KeyButtonDeps } from './key-buttons';
import { rotationAction, type RotationActionDeps } from './rotation';
import { staleReportAction, type StaleReportActionDeps } from './stale-report';

export type ActionDeps = ApprovalActionDeps &
  KeyButtonDeps &
  CreationActionDeps &
  RotationActionDeps &
  StaleReportActionDeps &
  HomeActionDeps;

export function registerActions(app: App, deps: ActionDeps): void {
  const on = (actionId: string, listener: ReturnType<typeof approvalAction>) =>
    app.action<BlockAction<ButtonAction>>(actionId, listener);
  on(APPROVE_ACTION, approvalAction('approve', deps));
  on(REJECT_ACTION, approvalAction('reject', deps));
  on(KEY_ACTIVATE_ACTION, keyStatusButton('Active', deps));
  on(KEY_DEACTIVATE_ACTION, keyStatusButton('Inactive', deps));
  on(KEY_DELETE_ACTION, keyDeletionButton(deps));
  on(ACCEPT_INVITATION_ACTION, acceptInvitationAction(deps));
  on(ROTATION_REFRESH_ACTION, rotationAction('refresh', deps));
  on(ROTATION_DEACTIVATE_ACTION, rotationAction('deactivateOld', deps));
  on(ROTATION_DELETE_ACTION, rotationAction('requestOldKeyDeletion', deps));
  on(STALE_DEACTIVATE_ACTION, staleReportAction('deactivate', deps));
  on(STALE_REQUEST_DELETION_ACTION, staleReportAction('request-deletion', deps));
  on(HOME_ROTATE_ACTION, homeKeyAction('rotate', deps));
  on(HOME_DEACTIVATE_ACTION, homeKeyAction('deactivate', deps));
  on(HOME_DELETE_ACTION, homeKeyAction('request-deletion', deps));
  on(HOME_WITHDRAW_ACTION, homeWithdrawAction(deps));
  on(HOME_RUN_REPORT_ACTION, homeRunReportAction(deps));
  app.action(HOME_OPEN_REQUEST_ACTION, homeLinkAction());
}
