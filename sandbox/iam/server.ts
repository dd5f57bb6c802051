import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ActionContext, ACTIONS } from './actions';
import { CallLog, type IamCall } from './call-log';
import { DEFAULT_MESSAGES, IamError } from './errors';
import { type Fault, FaultPlan, failsTheCall } from './faults';
import { newRequestId } from './ids';
import type { Params } from './params';
import { TokenBucket } from './rate-limit';
import { CredentialReports } from './report-generation';
import { IamState } from './state';
import { errorXml, successXml, type XmlElement } from './xml';

export interface IamServer {
  /** e.g. http://127.0.0.1:PORT, for the IAMClient's `endpoint`. */
  url: string;
  state: IamState;
  calls(action?: string): IamCall[];
  clearCalls(): void;
  onCall(listener: (call: IamCall) => void): () => void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Added to every request, answered or not. */
  setLatency(ms: number): void;
  /** A token bucket over all actions; above it, Throttling. undefined: no limit. */
  setRateLimit(perSecond: number | undefined): void;
  /** AccessDenied on GenerateCredentialReport and GetCredentialReport, as for a bot without those rights. */
  denyCredentialReport(deny: boolean): void;
  /** How long a credential report takes to generate (default 50 ms). */
  setReportGenerationMs(ms: number): void;
  close(): Promise<void>;
}

export interface StartIamServerOptions {
  state?: IamState;
  host?: string;
  port?: number;
  latencyMs?: number;
}

const MAX_BODY_BYTES = 1024 * 1024;

async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new IamError('ValidationError', 'Request body too large.');
    chunks.push(chunk);
  }
  // IAM also takes the Query API as a GET with a query string; both feed the same parameters.
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  return Object.fromEntries([...query, ...body]);
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': Buffer.byteLength(xml),
    // The SDK reads $metadata.requestId from this header, as from real IAM.
    'x-amzn-RequestId': requestId,
  });
  res.end(xml);
}

function faultError(
  fault: Fault & { code: NonNullable<Fault['code']> },
  state: IamState,
  action: string,
): IamError {
  if (fault.code === 'AccessDenied') {
    return new IamError(
      'AccessDenied',
      `User: arn:aws:iam::${state.accountId}:user/${state.callerUserName} is not authorized to perform: iam:${action}`,
    );
  }
  if (fault.code === 'LimitExceeded') {
    return new IamError('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
  }
  return new IamError(fault.code, DEFAULT_MESSAGES[fault.code]);
}

function asIamError(error: unknown): IamError {
  if (error instanceof IamError) return error;
  // A bug in the sandbox itself: answer as IAM would, but say so where a developer will see it.
  console.error('sandbox IAM: unexpected error', error);
  return new IamError('ServiceFailure', DEFAULT_MESSAGES.ServiceFailure);
}

type Outcome = { result: XmlElement | undefined } | { error: IamError } | 'drop';

function failedBy(fault: Fault, state: IamState, action: string): Outcome {
  if (fault.dropConnection || fault.code === undefined) return 'drop';
  return { error: faultError({ ...fault, code: fault.code }, state, action) };
}

/**
 * A local IAM Query-API endpoint for the real @aws-sdk/client-iam: form-encoded POST in, IAM's XML out,
 * IAM's error codes and statuses, with faults, latency and throttling to order. Signatures are not checked.
 */
export async function startIamServer(options: StartIamServerOptions = {}): Promise<IamServer> {
  const state = options.state ?? new IamState();
  const log = new CallLog();
  const faults = new FaultPlan();
  const bucket = new TokenBucket();
  const reports = new CredentialReports(state);
  const context: ActionContext = { state, reports, reportsDenied: false };
  let latencyMs = options.latencyMs ?? 0;
  const closing = new AbortController();

  // Order matters: the rate limit counts every request, a fault pre-empts the action unless it is
  // afterApplying, in which case the action's effect stays and only its answer is replaced.
  // A fault's delayMs is handed back for the caller to wait out before answering.
  function outcome(action: string, params: Params): { answer: Outcome; delayMs?: number } {
    if (!bucket.tryTake()) return { answer: { error: new IamError('Throttling', 'Rate exceeded') } };
    const taken = faults.take(action);
    const fault = taken && failsTheCall(taken) ? taken : undefined;
    return { answer: applied(action, params, fault), delayMs: taken?.delayMs };
  }

  function applied(action: string, params: Params, fault: Fault | undefined): Outcome {
    if (fault && !fault.afterApplying) return failedBy(fault, state, action);
    const handler = ACTIONS.get(action);
    if (!handler) {
      return {
        error: new IamError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`),
      };
    }
    let result: XmlElement | undefined;
    try {
      result = handler(params, context);
    } catch (e) {
      if (!fault) return { error: asIamError(e) };
    }
    if (fault) return failedBy(fault, state, action);
    return { result };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const at = state.now();
    let params: Params = {};
    let unreadable: IamError | undefined;
    try {
      params = await readParams(req);
    } catch (e) {
      unreadable = e instanceof IamError ? e : new IamError('ValidationError', 'Malformed request.');
    }
    const { Action: action = '', Version: _version, ...callParams } = params;
    const record = (status: number, errorCode?: string): void =>
      log.record({ action, params: callParams, status, at, ...(errorCode ? { errorCode } : {}) });

    if (latencyMs > 0) await sleep(latencyMs);
    const { answer, delayMs } = unreadable ? { answer: { error: unreadable } } : outcome(action, params);
    if (delayMs !== undefined) {
      // Given up on at close: nothing is sent, as if the answer never came.
      const waited = await sleep(delayMs, true, { signal: closing.signal }).catch(() => false);
      if (!waited) {
        record(0, 'ConnectionDropped');
        req.socket.destroy();
        return;
      }
    }

    if (answer === 'drop') {
      record(0, 'ConnectionDropped');
      req.socket.destroy();
    } else if ('error' in answer) {
      record(answer.error.status, answer.error.code);
      send(res, answer.error.status, errorXml(answer.error, requestId), requestId);
    } else {
      record(200);
      send(res, 200, successXml(action, answer.result, requestId), requestId);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('sandbox IAM: request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    state,
    calls: (action) => log.calls(action),
    clearCalls: () => log.clear(),
    onCall: (listener) => log.onCall(listener),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setRateLimit: (perSecond) => bucket.setRate(perSecond),
    denyCredentialReport: (deny) => {
      context.reportsDenied = deny;
    },
    setReportGenerationMs: (ms) => {
      reports.generationMs = ms;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        // The SDK keeps connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}
