import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  asJsonApiError,
  JsonApiError,
  jsonApiServer,
  parseJsonObject,
  readBody,
  sendJson,
  sendJsonError,
} from '../json-api/wire';
import { closeServer, listen } from '../query-api/http';
import { signingKeyOf } from '../query-api/signing-key';
import { waitUntil } from '../query-api/wait-until';
import { FaultControls } from '../query-api/fault-controls';
import { type EventBridgeFault, eventBridgeFaultPlan } from './faults';

const JSON_11 = 'application/x-amz-json-1.1';
type Outage = 'server-error' | 'throttling' | 'connection-reset';
const PUT_EVENTS_TARGET = 'AWSEvents.PutEvents';
export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_BODY_BYTES = 2 * MAX_REQUEST_BYTES;

/** One event the bus took, as a rule's target would see it. */
export interface BusEvent {
  id: string;
  eventBusName: string;
  source: string;
  detailType: string;
  /** The parsed Detail. */
  detail: Record<string, unknown>;
  /** The Detail exactly as sent. */
  rawDetail: string;
  time?: Date;
  resources: string[];
}

/** Every request, answered or not. */
export interface EventBridgeCall {
  target: string;
  status: number;
  errorCode?: string;
  entries: number;
  failedEntryCount?: number;
  accessKeyId?: string;
}

export interface EventBridgeServer {
  /** e.g. http://127.0.0.1:PORT, for the client's `endpoint` or AWS_ENDPOINT_URL_EVENTBRIDGE. */
  url: string;
  events(): BusEvent[];
  calls(): EventBridgeCall[];
  /** Resolves once `count` events have been taken in all, or rejects after timeoutMs. */
  waitForEvents(count: number, timeoutMs?: number): Promise<BusEvent[]>;
  onCall(listener: (call: EventBridgeCall) => void): () => void;
  injectFault(fault: EventBridgeFault): void;
  /** Until called again with undefined, every PutEvents fails this way. */
  setOutage(kind: 'server-error' | 'throttling' | 'connection-reset' | undefined): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface WireEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
  Resources?: unknown;
}

/** Time, Source, DetailType, Detail and Resources count towards the 256 KB, as EventBridge counts them. */
function entrySize(entry: WireEntry): number {
  const text = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  const resources = Array.isArray(entry.Resources)
    ? entry.Resources.reduce((n: number, r) => n + text(r), 0)
    : 0;
  return 14 + text(entry.Source) + text(entry.DetailType) + text(entry.Detail) + resources;
}

export interface StartEventBridgeServerOptions {
  host?: string;
  port?: number;
}

/**
 * A local EventBridge endpoint for the real @aws-sdk/client-eventbridge: PutEvents over AWS JSON 1.1
 * (POST, X-Amz-Target: AWSEvents.PutEvents), its limits (10 entries, 256 KB), its per-entry errors
 * and its faults: 5xx, throttling, dropped connections and partly failed batches.
 */
export async function startEventBridgeServer(
  options: StartEventBridgeServerOptions = {},
): Promise<EventBridgeServer> {
  const taken: BusEvent[] = [];
  const eventWaiters = new Set<() => void>();
  const controls = new FaultControls<EventBridgeCall, EventBridgeFault & { action?: string }, Outage>(
    eventBridgeFaultPlan(),
  );
  const record = (call: EventBridgeCall) => controls.log.record(call);

  function failure(fault: EventBridgeFault): JsonApiError | 'drop' | undefined {
    if (fault.kind === 'connection-reset') return 'drop';
    if (fault.kind === 'throttling') return new JsonApiError(400, 'ThrottlingException', 'Rate exceeded');
    if (fault.kind === 'server-error') {
      return fault.status === 503
        ? new JsonApiError(503, 'ServiceUnavailable', 'Service is unavailable. Try again later.')
        : new JsonApiError(500, 'InternalException', 'An internal error occurred.');
    }
    return undefined;
  }

  function putEvents(body: string, partial: Extract<EventBridgeFault, { kind: 'partial' }> | undefined) {
    const request = parseJsonObject(body) as { Entries?: unknown } | undefined;
    if (!request)
      throw new JsonApiError(
        400,
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    const entries = request.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new JsonApiError(
        400,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
      );
    }
    const size = (entries as WireEntry[]).reduce((n, entry) => n + entrySize(entry), 0);
    if (size > MAX_REQUEST_BYTES) {
      throw new JsonApiError(
        400,
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
    }
    const results = (entries as WireEntry[]).map((entry, index) => {
      if (partial?.failed.includes(index)) {
        const code = partial.code ?? 'InternalFailure';
        return {
          ErrorCode: code,
          ErrorMessage: code === 'ThrottlingException' ? 'Rate exceeded' : 'Internal Failure',
        };
      }
      if (
        typeof entry.Source !== 'string' ||
        typeof entry.DetailType !== 'string' ||
        typeof entry.Detail !== 'string'
      ) {
        return {
          ErrorCode: 'InvalidArgument',
          ErrorMessage: 'Parameter(s) Source, DetailType, or Detail is not valid.',
        };
      }
      const detail = parseJsonObject(entry.Detail);
      if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      const id = randomUUID();
      taken.push({
        id,
        eventBusName: typeof entry.EventBusName === 'string' ? entry.EventBusName : 'default',
        source: entry.Source,
        detailType: entry.DetailType,
        detail,
        rawDetail: entry.Detail,
        // AWS JSON 1.1 sends timestamps as epoch seconds.
        ...(typeof entry.Time === 'number' ? { time: new Date(entry.Time * 1000) } : {}),
        resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      });
      return { EventId: id };
    });
    for (const wake of [...eventWaiters]) wake();
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const accessKeyId = signingKeyOf(req)?.accessKeyId;
    const call = (status: number, extra: Partial<EventBridgeCall> = {}) =>
      record({ target, status, entries: 0, ...(accessKeyId ? { accessKeyId } : {}), ...extra });
    let body: string;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      const e =
        error instanceof JsonApiError
          ? error
          : new JsonApiError(400, 'SerializationException', 'Unreadable body.');
      call(e.status, { errorCode: e.code });
      return sendJsonError(res, JSON_11, e);
    }
    const entries = (parseJsonObject(body) as { Entries?: unknown[] } | undefined)?.Entries?.length ?? 0;
    try {
      if (req.method !== 'POST' || target !== PUT_EVENTS_TARGET) {
        throw new JsonApiError(
          400,
          'UnknownOperationException',
          'The action or operation requested is invalid.',
        );
      }
      if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) {
        throw new JsonApiError(400, 'SerializationException', `Content-Type must be ${JSON_11}.`);
      }
      const fault: EventBridgeFault | undefined = controls.next('PutEvents');
      const failed = fault ? failure(fault) : undefined;
      if (failed === 'drop') {
        call(0, { errorCode: 'ConnectionReset', entries });
        req.socket.destroy();
        return;
      }
      if (failed) throw failed;
      const answer = putEvents(body, fault?.kind === 'partial' ? fault : undefined);
      call(200, { entries, failedEntryCount: answer.FailedEntryCount });
      sendJson(res, JSON_11, 200, answer);
    } catch (error) {
      const e = asJsonApiError(
        error,
        () => new JsonApiError(500, 'InternalException', 'An internal error occurred.'),
        'EventBridge',
      );
      call(e.status, { errorCode: e.code, entries });
      sendJsonError(res, JSON_11, e);
    }
  }

  const server = jsonApiServer('EventBridge', handle);
  const url = await listen(server, options.host, options.port);

  return {
    url,
    events: () => [...taken],
    waitForEvents(count, timeoutMs = 10_000) {
      return waitUntil(
        (wake) => {
          eventWaiters.add(wake);
          return () => eventWaiters.delete(wake);
        },
        () => (taken.length >= count ? [...taken] : undefined),
        timeoutMs,
        () => `EventBridge stand-in: ${taken.length} of ${count} events`,
      );
    },
    ...controls.api(),
    close: () => closeServer(server),
  };
}
