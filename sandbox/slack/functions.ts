import { randomBytes } from 'node:crypto';

/** How a custom step's run stands, as functions.completeSuccess / completeError leave it. */
export interface FunctionExecution {
  executionId: string;
  workflowExecutionId: string;
  callbackId: string;
  inputs: Record<string, unknown>;
  /** The short-lived token Slack puts in `function_executed` (`bot_access_token`); good while it runs. */
  token: string;
  state: 'running' | 'completed' | 'failed';
  outputs?: Record<string, unknown>;
  error?: string;
  startedAt: Date;
  endedAt?: Date;
}

/** A Slack `{ok:false}` reason of functions.complete*. */
export class FunctionRefusal extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

/**
 * Workflow Builder's side of custom steps: each run has an execution id and a token of its own, is
 * completed once (functions.completeSuccess or functions.completeError), and is then done: a second
 * completion is `execution_not_in_running_state`, an id Slack never issued `function_execution_not_found`.
 */
export class FunctionExecutions {
  private readonly byId = new Map<string, FunctionExecution>();
  private readonly listeners = new Set<(execution: FunctionExecution) => void>();

  start(callbackId: string, inputs: Record<string, unknown>): FunctionExecution {
    const execution: FunctionExecution = {
      executionId: `Fx${hex(6)}`,
      workflowExecutionId: `Wx${hex(6)}`,
      callbackId,
      inputs: structuredClone(inputs),
      token: `xwfp-${hex(4)}-${hex(12)}`,
      state: 'running',
      startedAt: new Date(),
    };
    this.byId.set(execution.executionId, execution);
    return { ...execution };
  }

  /** Whether this is the token of a run still in progress: Slack revokes it when the run ends. */
  isRunningToken(token: string): boolean {
    return [...this.byId.values()].some((e) => e.token === token && e.state === 'running');
  }

  complete(executionId: unknown, outcome: { outputs: Record<string, unknown> } | { error: string }): void {
    const execution = typeof executionId === 'string' ? this.byId.get(executionId) : undefined;
    if (!execution) throw new FunctionRefusal('function_execution_not_found');
    if (execution.state !== 'running') throw new FunctionRefusal('execution_not_in_running_state');
    if ('outputs' in outcome) {
      execution.state = 'completed';
      execution.outputs = outcome.outputs;
    } else {
      execution.state = 'failed';
      execution.error = outcome.error;
    }
    execution.endedAt = new Date();
    for (const listener of this.listeners) listener({ ...execution });
  }

  get(executionId: string): FunctionExecution | undefined {
    const execution = this.byId.get(executionId);
    return execution && structuredClone(execution);
  }

  list(): FunctionExecution[] {
    return [...this.byId.values()].map((execution) => structuredClone(execution));
  }

  /** Resolves when the run has ended (at once if it has), with how. */
  ended(executionId: string, timeoutMs = 15_000): Promise<FunctionExecution> {
    const now = this.get(executionId);
    if (now && now.state !== 'running') return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`the step ${executionId} did not complete within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (execution: FunctionExecution) => {
        if (execution.executionId !== executionId) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(execution);
      };
      this.listeners.add(listener);
    });
  }
}
