import type { FailureSpec } from './types';

export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/** Failures a test has asked for, taken in order, per Web API method. */
export class FailurePlan {
  private readonly planned = new Map<string, { failure: FailureSpec; left: number }[]>();

  failNext(method: string, failure: FailureSpec): void {
    const queue = this.planned.get(method) ?? [];
    queue.push({ failure, left: failure.times ?? 1 });
    this.planned.set(method, queue);
  }

  take(method: string): FailureSpec | undefined {
    const queue = this.planned.get(method);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.left -= 1;
    if (next.left <= 0) queue.shift();
    return next.failure;
  }
}

/** A failure that only answers late keeps the method's own answer. */
export function onlyDelays(failure: FailureSpec): boolean {
  return (
    failure.delayMs !== undefined &&
    failure.error === undefined &&
    failure.status === undefined &&
    failure.retryAfterSeconds === undefined &&
    !failure.dropConnection
  );
}

/** What the call log records for a call whose connection was dropped: there was no answer. */
export const DROPPED: HttpAnswer = { status: 0, body: { ok: false, error: 'connection_dropped' } };

/** How Slack answers each kind of failure on the wire. */
export function failureAnswer(failure: FailureSpec): HttpAnswer {
  if (failure.retryAfterSeconds !== undefined) {
    return {
      status: 429,
      headers: { 'retry-after': String(failure.retryAfterSeconds) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  if (failure.status !== undefined) {
    return { status: failure.status, body: { ok: false, error: failure.error ?? 'internal_error' } };
  }
  return { status: 200, body: { ok: false, error: failure.error ?? 'internal_error' } };
}
