import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { APPROVE_ACTION, REJECT_ACTION } from '../../blocks/approval-request';
import { approvalAction, type ApprovalActionDeps } from './approval';

export type ActionDeps = ApprovalActionDeps;

export function registerActions(app: App, deps: ActionDeps): void {
  app.action<BlockAction<ButtonAction>>(APPROVE_ACTION, approvalAction('approve', deps));
  app.action<BlockAction<ButtonAction>>(REJECT_ACTION, approvalAction('reject', deps));
}
