import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Attributes that can carry what a person typed, a stored item or a capability URL: a DynamoDB
 * statement or item keys (Slack ids, IAM user names, key ids), a response_url or upload URL.
 */
export const CONTENT_ATTRIBUTES = [
  'db.query.text',
  'db.statement',
  'aws.dynamodb.item_collection_metrics',
  'url.full',
  'url.path',
  'url.query',
  'http.url',
  'http.target',
] as const;

/** What an exception event keeps: its type. Messages name IAM users and keys ("The user with name alice..."). */
const EXCEPTION_KEEPS = new Set(['exception.type']);

interface MutableSpan {
  attributes: Record<string, unknown>;
  events: { name: string; attributes?: Record<string, unknown> }[];
  status: { code: number; message?: string };
}

/** Strips a finished span of messages and content attributes, in place, before any exporter sees it. */
export function scrubSpan(span: ReadableSpan): void {
  const mutable = span as unknown as MutableSpan;
  for (const key of CONTENT_ATTRIBUTES) delete mutable.attributes[key];
  if (mutable.status.message !== undefined) mutable.status = { code: mutable.status.code };
  for (const event of mutable.events) {
    if (!event.attributes) continue;
    for (const key of Object.keys(event.attributes)) {
      if (event.name !== 'exception' || !EXCEPTION_KEEPS.has(key)) delete event.attributes[key];
    }
  }
}

/**
 * A span processor that scrubs each span and then hands it to the one that exports it. The
 * instrumentations set error messages as the status and as exception events (an IAM or Slack error
 * message can name a user or a key): those never leave the process.
 */
export class ScrubbingSpanProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    scrubSpan(span);
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
