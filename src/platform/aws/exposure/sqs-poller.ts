import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger';
import { Heartbeats } from '../../../kernel/heartbeat';
import { keepInvisible, VISIBILITY_TIMEOUT_SECONDS } from './sqs-visibility';

/** One queue message as a handler sees it: its id (what logs name) and body (never logged). */
export interface QueueMessage {
  messageId: string;
  body: string;
}

export interface SqsPollerOptions {
  client: SQSClient;
  queueUrl: string;
  /**
   * Resolves when the message may leave the queue (its work is stored, or it is to be ignored);
   * throws to keep it, so SQS delivers it again after its visibility timeout.
   */
  handle(message: QueueMessage): Promise<void>;
  /** Each message's work is tracked (InFlight), so a stop drains it. */
  track<T>(work: () => Promise<T>): Promise<T>;
  log: Logger;
  /** ReceiveMessage's long poll; 20 (SQS's longest) unless a test shortens it. */
  waitTimeSeconds?: number;
  /** The pause after the first failed receive, doubled per failure in a row up to maxBackoffMs (full jitter). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /** Asked for on each receive and renewed every third of it while a message is handled; default 60. */
  visibilityTimeoutSeconds?: number;
  /** The visibility renewals run here, so a drain that gives up can end them; default its own. */
  heartbeats?: Heartbeats;
}

const MAX_MESSAGES = 10;

/**
 * The long-poll loop: ReceiveMessage (up to 10 in hand, waiting up to 20 s), each message handled on
 * its own (a failing or slow one never holds back the others), kept invisible to the other replicas while it is
 * handled (`keepInvisible`), deleted once its handler resolved. Calls that keep failing (the SDK's
 * three attempts each) are spaced out with backoff. `stop()` aborts the pending long poll at once
 * and resolves when the loop has ended; the renewals of messages still in hand go on while they
 * drain, and end with them (or with `Heartbeats.stopAll` when the drain gives up).
 */
export class SqsPoller {
  private readonly abort = new AbortController();
  private readonly aborted = new Promise<void>((resolve) =>
    this.abort.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  private loop: Promise<void> | undefined;
  /** The messages being handled now. */
  private readonly inHand = new Set<Promise<void>>();
  private readonly heartbeats: Heartbeats;
  private readonly visibilityTimeoutSeconds: number;

  constructor(private readonly options: SqsPollerOptions) {
    this.heartbeats = options.heartbeats ?? new Heartbeats();
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? VISIBILITY_TIMEOUT_SECONDS;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    const { client, queueUrl, log } = this.options;
    let failures = 0;
    while (!this.stopped) {
      const room = MAX_MESSAGES - this.inHand.size;
      if (room === 0) {
        await Promise.race([...this.inHand, this.aborted]);
        continue;
      }
      let messages;
      try {
        const answer = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: room,
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
            VisibilityTimeout: this.visibilityTimeoutSeconds,
          }),
          { abortSignal: this.abort.signal },
        );
        messages = answer.Messages ?? [];
        failures = 0;
      } catch (error) {
        if (this.stopped) break;
        failures++;
        const pause = this.backoff(failures);
        log.warn(
          { err: error, failures, pauseMs: pause },
          'the exposure queue could not be read; trying again',
        );
        await sleep(pause, undefined, { signal: this.abort.signal }).catch(() => undefined);
        continue;
      }
      // At most 10 in hand; the next poll goes out at once, so a slow response (IAM throttled, Slack
      // rate-limited, its message kept for minutes) never holds back another key's. A stop does not
      // wait for them here: their work is tracked, and the stop's drain waits for it with its own bound.
      for (const message of messages) {
        const work: Promise<void> = this.options
          .track(() => this.process(message))
          .finally(() => this.inHand.delete(work));
        this.inHand.add(work);
      }
    }
  }

  private async process(message: {
    MessageId?: string;
    Body?: string;
    ReceiptHandle?: string;
  }): Promise<void> {
    const { client, queueUrl, log } = this.options;
    const messageId = message.MessageId ?? 'unknown';
    // Hidden from the other replicas for as long as this one works on it, however slow IAM or Slack is.
    const kept = message.ReceiptHandle
      ? keepInvisible(
          {
            client,
            queueUrl,
            log,
            heartbeats: this.heartbeats,
            visibilityTimeoutSeconds: this.visibilityTimeoutSeconds,
          },
          { messageId, receiptHandle: message.ReceiptHandle },
        )
      : undefined;
    try {
      try {
        await this.options.handle({ messageId, body: message.Body ?? '' });
      } catch (error) {
        log.warn({ err: error, messageId }, 'an exposure message was not handled; SQS will deliver it again');
        return;
      }
      await this.remove(messageId, message.ReceiptHandle);
    } finally {
      kept?.stop();
    }
  }

  private async remove(messageId: string, receiptHandle: string | undefined): Promise<void> {
    const { client, queueUrl, log } = this.options;
    try {
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    } catch (error) {
      // Its work is stored: the redelivery meets it and changes nothing.
      log.warn(
        { err: error, messageId },
        'a handled exposure message could not be deleted; its redelivery is harmless',
      );
    }
  }

  private backoff(failures: number): number {
    const base = this.options.baseBackoffMs ?? 1_000;
    const ceiling = Math.min(this.options.maxBackoffMs ?? 60_000, base * 2 ** (failures - 1));
    return Math.round((this.options.random ?? Math.random)() * ceiling);
  }
}
