import type { App } from '@slack/bolt';
import {
  APPROVE_ACTION,
  APPROVE_WITH_NOTE_ACTION,
  REJECT_ACTION,
  WITHDRAW_ACTION,
} from '../features/approvals/slack/approval-request';
import { AUDIT_NEXT_ACTION, AUDIT_PREVIOUS_ACTION } from '../features/audit/slack/audit';
import { ACCEPT_INVITATION_ACTION } from '../features/creation/slack/invitation';
import {
  KEY_ACTIVATE_ACTION,
  KEY_DEACTIVATE_ACTION,
  KEY_DELETE_ACTION,
} from '../features/keys/slack/key-list';
import {
  ROTATION_DEACTIVATE_ACTION,
  ROTATION_DELETE_ACTION,
  ROTATION_REFRESH_ACTION,
} from '../features/rotation/slack/rotation-guide';
import { APPROVALS_NEXT_ACTION, APPROVALS_PREVIOUS_ACTION } from '../features/approvals/slack/pending-page';
import {
  STALE_DEACTIVATE_ACTION,
  STALE_REQUEST_DELETION_ACTION,
} from '../features/reports/slack/report-button';
import {
  approvalAction,
  withdrawAction,
  type ApprovalActionDeps,
} from '../features/approvals/slack/approval-buttons';
import { decisionModalAction } from '../features/approvals/slack/decision-buttons';
import {
  NUDGE_DEACTIVATE_ACTION,
  NUDGE_ROTATE_ACTION,
  NUDGE_SNOOZE_ACTION,
} from '../features/reports/slack/owner-nudge';
import {
  nudgeAction,
  nudgeSnoozeAction,
  type NudgeActionDeps,
} from '../features/reports/slack/nudge-buttons';
import {
  HOME_APPROVE_ACTION,
  HOME_DEACTIVATE_ACTION,
  HOME_DELETE_ACTION,
  HOME_OPEN_REQUEST_ACTION,
  HOME_REJECT_ACTION,
  HOME_ROTATE_ACTION,
  HOME_RUN_REPORT_ACTION,
  HOME_WITHDRAW_ACTION,
} from '../features/home/slack/home';
import { acceptInvitationAction, type CreationActionDeps } from '../features/creation/slack/creation-buttons';
import {
  homeKeyAction,
  homeLinkAction,
  homeRunReportAction,
  homeWithdrawAction,
  type HomeActionDeps,
} from '../features/home/slack/home-buttons';
import { ActionRouter } from '../platform/bolt/action-router';
import { keyDeletionButton, keyStatusButton, type KeyButtonDeps } from '../features/keys/slack/key-buttons';
import {
  approvalsPageAction,
  auditPageAction,
  type PagingActionDeps,
} from '../features/command/slack/page-buttons-listener';
import { rotationAction, type RotationActionDeps } from '../features/rotation/slack/rotation-buttons';
import {
  staleReportAction,
  type StaleReportActionDeps,
} from '../features/reports/slack/stale-report-buttons';

export type ActionDeps = ApprovalActionDeps &
  KeyButtonDeps &
  CreationActionDeps &
  RotationActionDeps &
  StaleReportActionDeps &
  PagingActionDeps &
  NudgeActionDeps &
  HomeActionDeps;

export function registerActions(app: App, deps: ActionDeps): void {
  const router = new ActionRouter();
  const on = (actionId: string, listener: ReturnType<typeof approvalAction>) => router.on(actionId, listener);
  on(APPROVE_ACTION, approvalAction('approve', deps));
  on(REJECT_ACTION, decisionModalAction('reject', deps));
  on(APPROVE_WITH_NOTE_ACTION, decisionModalAction('approve', deps));
  on(WITHDRAW_ACTION, withdrawAction(deps));
  on(KEY_ACTIVATE_ACTION, keyStatusButton('Active', deps));
  on(KEY_DEACTIVATE_ACTION, keyStatusButton('Inactive', deps));
  on(KEY_DELETE_ACTION, keyDeletionButton(deps));
  on(ACCEPT_INVITATION_ACTION, acceptInvitationAction(deps));
  on(ROTATION_REFRESH_ACTION, rotationAction('refresh', deps));
  on(ROTATION_DEACTIVATE_ACTION, rotationAction('deactivateOld', deps));
  on(ROTATION_DELETE_ACTION, rotationAction('requestOldKeyDeletion', deps));
  on(STALE_DEACTIVATE_ACTION, staleReportAction('deactivate', deps));
  on(STALE_REQUEST_DELETION_ACTION, staleReportAction('request-deletion', deps));
  on(AUDIT_NEXT_ACTION, auditPageAction('next', deps));
  on(AUDIT_PREVIOUS_ACTION, auditPageAction('previous', deps));
  on(APPROVALS_NEXT_ACTION, approvalsPageAction('next', deps));
  on(APPROVALS_PREVIOUS_ACTION, approvalsPageAction('previous', deps));
  on(NUDGE_ROTATE_ACTION, nudgeAction('rotate', deps));
  on(NUDGE_DEACTIVATE_ACTION, nudgeAction('deactivate', deps));
  on(NUDGE_SNOOZE_ACTION, nudgeSnoozeAction(deps));
  on(HOME_ROTATE_ACTION, homeKeyAction('rotate', deps));
  on(HOME_DEACTIVATE_ACTION, homeKeyAction('deactivate', deps));
  on(HOME_DELETE_ACTION, homeKeyAction('request-deletion', deps));
  on(HOME_WITHDRAW_ACTION, homeWithdrawAction(deps));
  on(HOME_APPROVE_ACTION, decisionModalAction('approve', deps));
  on(HOME_REJECT_ACTION, decisionModalAction('reject', deps));
  on(HOME_RUN_REPORT_ACTION, homeRunReportAction(deps));
  on(HOME_OPEN_REQUEST_ACTION, homeLinkAction());
  router.register(app);
}
