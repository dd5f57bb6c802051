import type { Logger } from '../../logger';
import { createEventBridgeClient, type EventBridgeClientOptions } from './event-bridge-client';
import { EventBridgeAuditStream, type AuditStreamBackoff } from './event-bridge-audit-stream';

export {
  AUDIT_EVENT_DETAIL_TYPE,
  AUDIT_EVENT_SOURCE,
  DEFAULT_MAX_QUEUE,
  EventBridgeAuditStream,
} from './event-bridge-audit-stream';
export type { EventBridgeClientOptions } from './event-bridge-client';

export interface AuditStreamOptions extends EventBridgeClientOptions {
  maxQueue?: number;
  backoff?: AuditStreamBackoff;
}

export interface OpenAuditStream {
  stream: EventBridgeAuditStream;
  /** Sends what is queued for up to timeoutMs, then closes the client. */
  close(timeoutMs: number): Promise<void>;
}

/** KEYWARDEN_AUDIT_EVENT_BUS: the audit events' copy on that EventBridge bus. Nothing is called until an event. */
export function openAuditStream(
  busName: string,
  log: Logger,
  options: AuditStreamOptions & { onDropped?: () => void } = {},
): OpenAuditStream {
  const { maxQueue, backoff, onDropped, ...clientOptions } = options;
  const client = createEventBridgeClient(clientOptions);
  const stream = new EventBridgeAuditStream({
    client,
    busName,
    log: log.child({ component: 'audit-stream' }),
    ...(maxQueue !== undefined ? { maxQueue } : {}),
    ...(backoff ? { backoff } : {}),
    ...(onDropped ? { onDropped } : {}),
  });
  return {
    stream,
    async close(timeoutMs) {
      await stream.drain(timeoutMs);
      client.destroy();
    },
  };
}
