import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { invalidParameter, SqsError } from './errors';

/** One message as the queue holds it. */
interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Visible when this is <= now; in flight while it is in the future and a receipt handle is out. */
  visibleAt: number;
  /** The handle of the latest receive: only it deletes or changes the message, as in SQS. */
  receiptHandle?: string;
  /** When the latest receive took it: its visibility may be extended to 12 hours from then, no further. */
  receivedAt?: number;
}

/** A message as ReceiveMessage hands it out. */
export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, string>;
}

export interface QueueOptions {
  account: string;
  name: string;
  url: string;
  region: string;
  visibilityTimeoutSeconds?: number;
  now?: () => number;
}

export const MAX_VISIBILITY_TIMEOUT_SECONDS = 12 * 60 * 60;

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * A standard SQS queue: messages in order of sending, visibility timeouts, receive counts, receipt
 * handles that change with each receive. Time is read from the clock, not from timers: a message
 * whose visibility has run out is simply visible at the next look.
 */
export class Queue {
  readonly account: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly createdAt: number;
  visibilityTimeoutSeconds: number;
  private readonly now: () => number;
  private messages: StoredMessage[] = [];
  private readonly deleted: string[] = [];
  private readonly availableListeners = new Set<() => void>();
  private readonly deletedListeners = new Set<() => void>();
  private readonly pollerListeners = new Set<() => void>();
  private polling = 0;

  constructor(options: QueueOptions) {
    this.account = options.account;
    this.name = options.name;
    this.url = options.url;
    this.arn = `arn:aws:sqs:${options.region}:${options.account}:${options.name}`;
    this.now = options.now ?? Date.now;
    this.createdAt = this.now();
    this.visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 30;
  }

  send(body: string): string {
    const messageId = randomUUID();
    const sentAt = this.now();
    this.messages.push({ messageId, body, md5OfBody: md5(body), sentAt, receiveCount: 0, visibleAt: sentAt });
    this.notify(this.availableListeners);
    return messageId;
  }

  /** Up to `max` visible messages, now in flight for `visibilitySeconds` (default the queue's). */
  receive(max: number, visibilitySeconds = this.visibilityTimeoutSeconds): ReceivedMessage[] {
    const now = this.now();
    const taken = this.messages.filter((m) => m.visibleAt <= now).slice(0, max);
    return taken.map((message) => {
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilitySeconds * 1000;
      message.receivedAt = now;
      message.receiptHandle = encodeHandle(this.name, message.messageId);
      return {
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        body: message.body,
        md5OfBody: message.md5OfBody,
        attributes: {
          SentTimestamp: String(message.sentAt),
          ApproximateReceiveCount: String(message.receiveCount),
          ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
          SenderId: 'AIDASANDBOXSENDER',
        },
      };
    });
  }

  /**
   * As SQS: a handle of an earlier receive succeeds but deletes nothing (someone else holds the message
   * now), and a message already deleted is deleted again without complaint.
   */
  delete(receiptHandle: string): 'deleted' | 'stale' | 'already-deleted' {
    const messageId = this.messageIdOf(receiptHandle);
    const message = this.messages.find((m) => m.messageId === messageId);
    if (!message) return 'already-deleted';
    if (message.receiptHandle !== receiptHandle) return 'stale';
    this.messages = this.messages.filter((m) => m !== message);
    this.deleted.push(messageId);
    this.notify(this.deletedListeners);
    return 'deleted';
  }

  changeVisibility(receiptHandle: string, seconds: number): void {
    const messageId = this.messageIdOf(receiptHandle);
    const message = this.messages.find((m) => m.messageId === messageId);
    const now = this.now();
    if (!message || message.receiptHandle !== receiptHandle || message.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', 'The message referred to is not in flight.');
    }
    // As SQS: a heartbeat cannot keep a message past 12 hours from its receive.
    if (now + seconds * 1000 - (message.receivedAt ?? now) > MAX_VISIBILITY_TIMEOUT_SECONDS * 1000) {
      throw invalidParameter(
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT_SECONDS} seconds]`,
      );
    }
    message.visibleAt = now + seconds * 1000;
    if (seconds === 0) this.notify(this.availableListeners);
  }

  visible(): number {
    const now = this.now();
    return this.messages.filter((m) => m.visibleAt <= now).length;
  }

  inFlight(): number {
    const now = this.now();
    return this.messages.filter((m) => m.visibleAt > now).length;
  }

  /** When the next in-flight message becomes visible again, if any is in flight. */
  nextVisibleAt(): number | undefined {
    const now = this.now();
    const times = this.messages.map((m) => m.visibleAt).filter((at) => at > now);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** A crashed consumer's redelivery, without waiting out the timeout. */
  expireVisibility(): void {
    const now = this.now();
    for (const message of this.messages) message.visibleAt = Math.min(message.visibleAt, now);
    this.notify(this.availableListeners);
  }

  deletedIds(): string[] {
    return [...this.deleted];
  }

  onAvailable(listener: () => void): () => void {
    this.availableListeners.add(listener);
    return () => this.availableListeners.delete(listener);
  }

  onDeleted(listener: () => void): () => void {
    this.deletedListeners.add(listener);
    return () => this.deletedListeners.delete(listener);
  }

  /** Long polls waiting on this queue now. */
  pollers(): number {
    return this.polling;
  }

  /** A long poll starts (+1) or ends (-1) its wait. */
  trackPoller(delta: 1 | -1): void {
    this.polling += delta;
    this.notify(this.pollerListeners);
  }

  onPollers(listener: () => void): () => void {
    this.pollerListeners.add(listener);
    return () => this.pollerListeners.delete(listener);
  }

  private messageIdOf(receiptHandle: string): string {
    const decoded = decodeHandle(receiptHandle);
    if (!decoded || decoded.queue !== this.name) {
      throw new SqsError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`,
      );
    }
    return decoded.messageId;
  }

  private notify(listeners: Set<() => void>): void {
    for (const listener of [...listeners]) listener();
  }
}

const HANDLE_PREFIX = 'kwsqs1';

/** Opaque to the client, as SQS's are; a fresh nonce makes each receive's handle differ. */
function encodeHandle(queue: string, messageId: string): string {
  const nonce = randomBytes(6).toString('hex');
  return Buffer.from(`${HANDLE_PREFIX}|${queue}|${messageId}|${nonce}`, 'utf8').toString('base64url');
}

function decodeHandle(handle: string): { queue: string; messageId: string } | undefined {
  const parts = Buffer.from(handle, 'base64url').toString('utf8').split('|');
  const [prefix, queue, messageId, nonce] = parts;
  if (parts.length !== 4 || prefix !== HANDLE_PREFIX || !queue || !messageId || !nonce) return undefined;
  return { queue, messageId };
}
