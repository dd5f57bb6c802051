import { IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { setTimeout as sleep } from 'node:timers/promises';
import { IamState, startIamServer, type IamServer } from '../../../sandbox/iam';

export const NOW = new Date('2026-01-02T03:04:05Z');

/** A state on a clock the test moves by hand. */
export function fixedClockState(options: { callerUserName?: string } = {}): {
  state: IamState;
  clock: { now: Date };
} {
  const clock = { now: NOW };
  return { state: new IamState({ ...options, now: () => clock.now }), clock };
}

/** The real SDK client pointed at the sandbox; one attempt unless a test is about the SDK's retries. */
export function iamClient(server: IamServer, config: Partial<IAMClientConfig> = {}): IAMClient {
  return new IAMClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
    ...config,
  });
}

export async function startWith(state: IamState): Promise<{ server: IamServer; iam: IAMClient }> {
  const server = await startIamServer({ state });
  return { server, iam: iamClient(server) };
}

/** Runs `call` expecting it to fail, and returns the error for assertions. */
export async function failure(call: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

export async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
