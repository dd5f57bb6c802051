import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeServer, listen } from '../query-api/http';
import {
  asJsonApiError,
  JsonApiError,
  jsonApiServer,
  parseJsonObject,
  readBody,
  sendJson,
  sendJsonError,
} from '../json-api/wire';
import { ACTIONS, MAX_MESSAGE_BYTES } from './actions';
import { SqsError } from './errors';
import { type SqsAction, type SqsFault, sqsFaultPlan } from './faults';
import { QueueRegistry } from './registry';
import { waitUntil } from '../query-api/wait-until';
import { FaultControls } from '../query-api/fault-controls';

const JSON_10 = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AmazonSQS.';
/** A message of 1 MiB and its JSON envelope, with room to spare; more is refused unread. */
const MAX_BODY_BYTES = MAX_MESSAGE_BYTES + 64 * 1024;

/** Every request, answered or not. */
export interface SqsCall {
  action: string;
  /** 0 when the connection was dropped instead of answered. */
  status: number;
  errorCode?: string;
  queueUrl?: string;
  /** ReceiveMessage: messages handed out; DeleteMessage(Batch): messages deleted; SendMessage: 1. */
  messages?: number;
}

export interface SqsServer {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_SQS or the client's `endpoint`. */
  url: string;
  /** Idempotent for a name; returns the queue URL the SDK uses (on this server's origin). */
  createQueue(name: string, opts?: { visibilityTimeoutSeconds?: number }): string;
  /** Enqueues (a control, not the wire); returns the MessageId. */
  send(queueUrl: string, body: string): string;
  /** Messages waiting. */
  visible(queueUrl: string): number;
  /** Received, not deleted, visibility not expired. */
  inFlight(queueUrl: string): number;
  /** MessageIds deleted over the wire, in order. */
  deletedIds(queueUrl: string): string[];
  /** Every in-flight message visible again now (a crashed consumer's redelivery), no waiting. */
  expireVisibility(queueUrl: string): void;
  calls(): SqsCall[];
  /** Resolves with the deleted ids once `count` messages of the queue are deleted; rejects after timeoutMs. */
  waitForDeleted(queueUrl: string, count: number, timeoutMs?: number): Promise<string[]>;
  /** Resolves once `count` long polls wait on the queue (e.g. the bot's poller is parked); rejects after timeoutMs. */
  waitForPollers(queueUrl: string, count: number, timeoutMs?: number): Promise<number>;
  onCall(listener: (call: SqsCall) => void): () => void;
  injectFault(fault: SqsFault): void;
  /** Until called again with undefined, every request fails this way. */
  setOutage(kind: 'server-error' | 'throttling' | 'connection-reset' | undefined): void;
  clearFaults(): void;
  /** Ends pending long polls at once (they answer no messages), then closes. */
  close(): Promise<void>;
}

export interface StartSqsServerOptions {
  port?: number;
  host?: string;
  /** The region in queue ARNs; default us-east-1. */
  region?: string;
}

function faultError(kind: SqsFault['kind']): SqsError | 'drop' {
  if (kind === 'connection-reset') return 'drop';
  if (kind === 'throttling') return new SqsError('RequestThrottled', 'Rate exceeded.');
  return new SqsError('InternalError', 'We encountered an internal error. Please try again.');
}

function isAction(name: string): name is SqsAction {
  return ACTIONS.has(name as SqsAction);
}

/**
 * A local SQS for the real @aws-sdk/client-sqs: AWS JSON 1.0 (POST, `X-Amz-Target: AmazonSQS.<Action>`,
 * the SDK's `x-amzn-query-mode` answered with `x-amzn-query-error`), standard queues with visibility
 * timeouts and long polls, SQS's error codes, and faults to order.
 */
export async function startSqsServer(options: StartSqsServerOptions = {}): Promise<SqsServer> {
  const controls = new FaultControls<SqsCall, SqsFault, SqsFault['kind']>(sqsFaultPlan());
  const closing = new AbortController();
  const record = (call: SqsCall) => controls.log.record(call);

  async function answer(req: IncomingMessage, res: ServerResponse, action: string): Promise<SqsCall> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (req.method !== 'POST' || !isAction(action)) {
      throw new SqsError(
        'UnsupportedOperation',
        `The action ${action || '(none)'} is not valid for this endpoint.`,
      );
    }
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_10)) {
      throw new JsonApiError(400, 'SerializationException', `Content-Type must be ${JSON_10}.`);
    }
    const input = parseJsonObject(body);
    if (!input)
      throw new JsonApiError(400, 'SerializationException', 'The request body is not a JSON object.');
    const fault = controls.next(action)?.kind;
    const failed = fault ? faultError(fault) : undefined;
    if (failed === 'drop') {
      req.socket.destroy();
      return { action, status: 0, errorCode: 'ConnectionReset' };
    }
    if (failed) throw failed;
    // A long poll ends when the client aborts (its socket closes) or the server closes.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) gone.abort();
    });
    const signal = AbortSignal.any([gone.signal, closing.signal]);
    const result = await ACTIONS.get(action)?.(input, { queues, signal });
    if (!result) throw new SqsError('UnsupportedOperation', `The action ${action} is not valid.`);
    const clientGone = gone.signal.aborted;
    if (!clientGone) sendJson(res, JSON_10, 200, result.output);
    return {
      action,
      status: clientGone ? 0 : 200,
      ...(clientGone ? { errorCode: 'ClientClosed' } : {}),
      ...(result.queueUrl ? { queueUrl: result.queueUrl } : {}),
      ...(result.messages !== undefined ? { messages: result.messages } : {}),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    try {
      record(await answer(req, res, action));
    } catch (error) {
      const e = asJsonApiError(
        error,
        () => new SqsError('InternalError', 'We encountered an internal error. Please try again.'),
        'SQS',
      );
      record({ action, status: e.status, errorCode: e.code });
      if (!res.destroyed) sendJsonError(res, JSON_10, e);
    }
  }

  const server = jsonApiServer('SQS', handle);
  const url = await listen(server, options.host, options.port);
  const queues = new QueueRegistry(url, options.region ?? 'us-east-1');

  return {
    url,
    createQueue: (name, opts = {}) => queues.create(name, opts).url,
    send: (queueUrl, body) => queues.byUrl(queueUrl).send(body),
    visible: (queueUrl) => queues.byUrl(queueUrl).visible(),
    inFlight: (queueUrl) => queues.byUrl(queueUrl).inFlight(),
    deletedIds: (queueUrl) => queues.byUrl(queueUrl).deletedIds(),
    expireVisibility: (queueUrl) => queues.byUrl(queueUrl).expireVisibility(),
    waitForDeleted(queueUrl, count, timeoutMs = 10_000) {
      const queue = queues.byUrl(queueUrl);
      return waitUntil(
        (wake) => queue.onDeleted(wake),
        () => (queue.deletedIds().length >= count ? queue.deletedIds() : undefined),
        timeoutMs,
        () => `SQS stand-in: ${queue.deletedIds().length} of ${count} messages deleted`,
      );
    },
    waitForPollers(queueUrl, count, timeoutMs = 10_000) {
      const queue = queues.byUrl(queueUrl);
      return waitUntil(
        (wake) => queue.onPollers(wake),
        () => (queue.pollers() >= count ? queue.pollers() : undefined),
        timeoutMs,
        () => `SQS stand-in: ${queue.pollers()} of ${count} long polls waiting`,
      );
    },
    ...controls.api(),
    async close() {
      closing.abort();
      // Let the ended long polls write their empty answers before the connections go.
      await new Promise((resolve) => setImmediate(resolve));
      await closeServer(server);
    },
  };
}
