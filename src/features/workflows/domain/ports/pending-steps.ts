import type { SlackUserId } from '../../../../kernel/types';

/**
 * A `request_key_deletion` run waiting for its request to end, stored beside the request (keyed by its
 * id), so that whichever replica sees the end, after any restart, completes the run. Never its token:
 * the run's short-lived `bot_access_token` is a credential, and the bot token completes it as well.
 */
export interface PendingStep {
  requestId: string;
  /** Slack's `function_execution_id` of the run. */
  executionId: string;
  requestedBy: SlackUserId;
  createdAt: Date;
}

export interface PendingSteps {
  /** Stores the run beside its request; a lost answer's repeat finds its own item and succeeds. */
  add(step: PendingStep): Promise<void>;
  /** The run still waiting on this request, if any. */
  waitingOn(requestId: string): Promise<PendingStep | undefined>;
  /** Runs still waiting, oldest first, up to `limit`. */
  waiting(limit?: number): Promise<PendingStep[]>;
  /** Records that the run was completed; false when it was not waiting any more (another replica did it). */
  close(requestId: string, outcome: string, at: Date): Promise<boolean>;
}
