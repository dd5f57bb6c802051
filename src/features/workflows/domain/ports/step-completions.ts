/** How a run's completion went: `gone` when Slack no longer has it running (completed before, or ended). */
export type CompletionAnswer = 'completed' | 'gone';

/**
 * Completes a run after its `function_executed` is long answered (a request decided hours later, the
 * sweep after a restart), with the bot's own token. Throws when Slack could not be asked (a fault):
 * the run stays waiting and the sweep asks again.
 */
export interface StepCompletions {
  succeed(executionId: string, outputs: Record<string, string>): Promise<CompletionAnswer>;
}
