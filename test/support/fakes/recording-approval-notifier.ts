import type { ApprovalRequest, MessageRef } from '../../../src/features/approvals/domain/approval';
import type { ApprovalNotifier } from '../../../src/features/approvals/domain/ports/approval-notifier';
import type { SlackUserId } from '../../../src/kernel/types';
import { copy, Faults } from './faults';

export const FAKE_APPROVALS_CHANNEL = 'C0APPROVALS';

/** Records what would reach Slack, as it was at the moment of each call; fails on demand. */
export class RecordingApprovalNotifier implements ApprovalNotifier {
  readonly faults = new Faults<'post' | 'update' | 'tellRequester' | 'remind' | 'linkTo'>();
  readonly reminded: { request: ApprovalRequest; approvers: readonly SlackUserId[] }[] = [];
  readonly posted: ApprovalRequest[] = [];
  readonly updates: ApprovalRequest[] = [];
  readonly told: ApprovalRequest[] = [];

  async post(request: ApprovalRequest): Promise<MessageRef> {
    this.faults.check('post');
    this.posted.push(copy(request));
    return { channel: FAKE_APPROVALS_CHANNEL, ts: `${this.posted.length}.000100` };
  }

  async update(request: ApprovalRequest): Promise<void> {
    this.faults.check('update');
    this.updates.push(copy(request));
  }

  async tellRequester(request: ApprovalRequest): Promise<void> {
    this.faults.check('tellRequester');
    this.told.push(copy(request));
  }

  async remind(request: ApprovalRequest, approvers: readonly SlackUserId[]): Promise<void> {
    this.faults.check('remind');
    this.reminded.push({ request: copy(request), approvers: [...approvers] });
  }

  /** A permalink as Slack builds them, to a workspace of the fake's own. */
  async linkTo(message: MessageRef): Promise<string | undefined> {
    this.faults.check('linkTo');
    return `https://keywarden-test.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`;
  }
}
