import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { Logger } from '../../logger';

export const AUDIT_EVENT_SOURCE = 'keywarden';
export const AUDIT_EVENT_DETAIL_TYPE = 'Keywarden Audit Event';
/** PutEvents takes 10 entries a call, and 256 KB an entry and a call. */
export const MAX_BATCH_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;
/** How many events wait for the bus during an outage; beyond it, new events are dropped (and counted). */
export const DEFAULT_MAX_QUEUE = 10_000;
/** An entry the bus refuses for what it is (not throttling, not its own failure) is tried this often. */
const MAX_REFUSED_ATTEMPTS = 5;
const RETRYABLE_ENTRY_ERRORS = new Set(['InternalFailure', 'InternalException', 'ThrottlingException']);

export interface AuditStreamBackoff {
  baseMs: number;
  maxMs: number;
}

export interface EventBridgeAuditStreamOptions {
  client: EventBridgeClient;
  busName: string;
  log: Logger;
  maxQueue?: number;
  backoff?: AuditStreamBackoff;
  /** Called once per event dropped (queue full, or refused by the bus for good): a metric's inc. */
  onDropped?: (reason: 'queue-full' | 'too-large' | 'refused') => void;
}

interface Queued {
  entry: PutEventsRequestEntry;
  bytes: number;
  attempts: number;
}

/**
 * PutEvents counts an entry's Time, Source, DetailType, Detail and Resources, UTF-8, towards the limits.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
function entrySize(entry: PutEventsRequestEntry): number {
  return (
    14 +
    Buffer.byteLength(entry.Source ?? '') +
    Buffer.byteLength(entry.DetailType ?? '') +
    Buffer.byteLength(entry.Detail ?? '')
  );
}

/**
 * Audit events on their way to an EventBridge bus: queued at once (publish never waits), sent in the
 * background in batches of up to 10, and sent again with backoff after a failed call or for the
 * entries a call did not take. An outage only lengthens the queue, which is bounded; what does not
 * fit is dropped, counted and logged (the DynamoDB trail still holds it).
 */
export class EventBridgeAuditStream {
  private readonly queue: Queued[] = [];
  private readonly maxQueue: number;
  private readonly backoff: AuditStreamBackoff;
  private pumping: Promise<void> | undefined;
  private failures = 0;
  private wake: (() => void) | undefined;
  private stopping = false;
  private closed = false;
  private droppedCount = 0;
  private sentCount = 0;

  constructor(private readonly options: EventBridgeAuditStreamOptions) {
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.backoff = options.backoff ?? { baseMs: 200, maxMs: 30_000 };
  }

  /** Events waiting to be sent (the one in flight included). */
  get pending(): number {
    return this.queue.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get sent(): number {
    return this.sentCount;
  }

  publish(detail: object): void {
    const entry: PutEventsRequestEntry = {
      Source: AUDIT_EVENT_SOURCE,
      DetailType: AUDIT_EVENT_DETAIL_TYPE,
      Detail: JSON.stringify(detail),
      EventBusName: this.options.busName,
      Time: new Date(),
    };
    const bytes = entrySize(entry);
    if (bytes > MAX_REQUEST_BYTES) return this.drop('too-large', entry);
    if (this.queue.length >= this.maxQueue) return this.drop('queue-full', entry);
    this.queue.push({ entry, bytes, attempts: 0 });
    this.pump();
  }

  /**
   * On a graceful stop: sends what is queued, retrying without waiting out the backoff, for up to
   * timeoutMs. True when nothing was left unsent.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      if (this.queue.length > 0) await Promise.race([this.pump(), timedOut]);
    } finally {
      clearTimeout(timer);
      // Whatever is still trying gives up at its next turn: the client is about to be closed.
      this.closed = true;
      this.wake?.();
    }
    if (this.queue.length > 0) {
      this.options.log.warn(
        { unsent: this.queue.length, dropped: this.droppedCount },
        'audit stream stopped with events unsent (the audit trail in the store holds them)',
      );
    }
    return this.queue.length === 0;
  }

  private drop(
    reason: 'queue-full' | 'too-large' | 'refused',
    entry: PutEventsRequestEntry,
    code?: string,
  ): void {
    this.droppedCount += 1;
    this.options.onDropped?.(reason);
    this.options.log.warn(
      { reason, ...(code ? { code } : {}), event: summaryOf(entry), dropped: this.droppedCount },
      'audit event dropped from the event bus stream (the audit trail in the store still holds it)',
    );
  }

  private pump(): Promise<void> {
    this.pumping ??= this.run().finally(() => {
      this.pumping = undefined;
    });
    return this.pumping;
  }

  private async run(): Promise<void> {
    // Events published in the same turn (one action audits several) go in one call.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0 && !this.closed) {
      const batch = this.nextBatch();
      const ok = await this.send(batch);
      if (ok) {
        if (this.failures > 0)
          this.options.log.info({ pending: this.queue.length }, 'audit stream: the event bus answers again');
        this.failures = 0;
      } else {
        this.failures += 1;
        await this.pause(this.delay());
      }
    }
  }

  /** The oldest events, up to 10 and under the request limit; they stay queued until the bus takes them. */
  private nextBatch(): Queued[] {
    const batch: Queued[] = [];
    let bytes = 0;
    for (const queued of this.queue) {
      if (batch.length === MAX_BATCH_ENTRIES || bytes + queued.bytes > MAX_REQUEST_BYTES) break;
      batch.push(queued);
      bytes += queued.bytes;
    }
    return batch;
  }

  /** True when every entry was taken or settled for good. */
  private async send(batch: Queued[]): Promise<boolean> {
    let answer;
    try {
      answer = await this.options.client.send(new PutEventsCommand({ Entries: batch.map((q) => q.entry) }));
    } catch (error) {
      if (this.failures === 0 || this.stopping) {
        this.options.log.warn(
          { err: error, pending: this.queue.length },
          'audit stream: the event bus did not answer; events stay queued and are sent when it does',
        );
      }
      return false;
    }
    const results = answer.Entries ?? [];
    let retry = false;
    batch.forEach((queued, index) => {
      const result = results[index];
      const code = result?.ErrorCode;
      queued.attempts += 1;
      if (result && !code) {
        this.sentCount += 1;
        this.remove(queued);
      } else if (code && !RETRYABLE_ENTRY_ERRORS.has(code) && queued.attempts >= MAX_REFUSED_ATTEMPTS) {
        this.remove(queued);
        this.drop('refused', queued.entry, code);
      } else {
        retry = true;
      }
    });
    if (retry) {
      this.options.log.warn(
        { failed: answer.FailedEntryCount, pending: this.queue.length },
        'audit stream: the event bus refused some entries; they are sent again',
      );
    }
    return !retry;
  }

  private remove(queued: Queued): void {
    const index = this.queue.indexOf(queued);
    if (index >= 0) this.queue.splice(index, 1);
  }

  /** Exponential with jitter; while draining, the shortest, since the stop will not wait long. */
  private delay(): number {
    if (this.stopping) return this.backoff.baseMs;
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.min(this.failures - 1, 20));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      // A waiting retry must not keep the process alive on its own.
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}

/** What a log line may say of an event: its kind and when, never the people and keys it names. */
function summaryOf(entry: PutEventsRequestEntry): Record<string, unknown> {
  try {
    const detail = JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>;
    const metadata = detail['metadata'] as { uid?: string } | undefined;
    return {
      uid: metadata?.uid,
      activity: detail['activity_name'],
      status: detail['status'],
      time: detail['time'],
    };
  } catch {
    return {};
  }
}
