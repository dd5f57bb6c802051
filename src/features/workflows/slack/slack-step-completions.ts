import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { CompletionAnswer, StepCompletions } from '../domain/ports/step-completions';

/** Slack's answers for a run it no longer has running: completed before (a retried call) or gone. */
const GONE = new Set(['execution_not_in_running_state', 'function_execution_not_found']);

/**
 * Later completions go through the app's client, with the bot token: functions.completeSuccess needs no
 * scope and takes the bot token as well as the run's `bot_access_token`, which is short-lived, a credential
 * (never stored), and gone after a restart. Bolt's own `complete()` / `fail()` (the run's token, from the
 * event) answer at once in the listeners.
 */
export class SlackStepCompletions implements StepCompletions {
  constructor(private readonly client: WebClient) {}

  async succeed(executionId: string, outputs: Record<string, string>): Promise<CompletionAnswer> {
    try {
      await this.client.functions.completeSuccess({ function_execution_id: executionId, outputs });
      return 'completed';
    } catch (error) {
      if (error instanceof WebAPIPlatformError && GONE.has(error.data.error)) return 'gone';
      throw error;
    }
  }
}
