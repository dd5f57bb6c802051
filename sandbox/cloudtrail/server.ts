import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenBucket } from '../iam/rate-limit';
import { ACCOUNT_ID } from '../iam/state';
import {
  asJsonApiError,
  jsonApiServer,
  parseJsonObject,
  readBody,
  sendJson,
  sendJsonError,
} from '../json-api/wire';
import { FaultControls } from '../query-api/fault-controls';
import { closeServer, listen } from '../query-api/http';
import { signingKeyOf, signingRegionOf } from '../query-api/signing-key';
import { CloudTrailError } from './errors';
import { type CloudTrailFault, type CloudTrailOutage, cloudTrailFaultPlan } from './faults';
import { lookupEvents, parseLookup } from './lookup';
import { Trail, type TrailEvent } from './trail';

const JSON_11 = 'application/x-amz-json-1.1';
/**
 * The SDK v3 sends the service's short target (its serviceTarget, CloudTrail_20131101); older clients
 * and the service model name it in full. Both reach LookupEvents.
 */
const LOOKUP_EVENTS_TARGETS = new Set([
  'CloudTrail_20131101.LookupEvents',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
]);
const MAX_BODY_BYTES = 64 * 1024;
/** LookupEvents' quota: 2 calls a second per account and region. */
const DEFAULT_RATE = 2;

/** Every request, answered or not. */
export interface CloudTrailCall {
  /** When the request arrived. */
  at: Date;
  action: string;
  /** 0 when the connection was dropped instead of answered. */
  status: number;
  errorCode?: string;
  /** The account searched: accountOf(the signing key). */
  account?: string;
  /** The region signed for (SigV4 credential scope). */
  region: string;
  /** The AccessKeyId looked up, when the lookup attribute is AccessKeyId. */
  accessKeyId?: string;
  /** The lookup attribute's key (AccessKeyId, EventName, ...), if any. */
  attribute?: string;
  /** Whether the call asked for a further page (NextToken). */
  nextPage?: boolean;
  /** Events answered. */
  events?: number;
  /** The key that signed the request. */
  callerKeyId?: string;
}

export interface CloudTrailServer {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_CLOUDTRAIL or the client's `endpoint`; serves every region. */
  url: string;
  /** Adds management events to one account's event history in one region. */
  addEvents(account: string, region: string, events: TrailEvent[]): void;
  calls(): CloudTrailCall[];
  onCall(listener: (call: CloudTrailCall) => void): () => void;
  injectFault(fault: CloudTrailFault): void;
  /** Until called again with undefined, every request (to that region, or to all) fails this way. */
  setOutage(kind: CloudTrailOutage | undefined, region?: string): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface StartCloudTrailServerOptions {
  port?: number;
  host?: string;
  /** LookupEvents a second per account and region, ThrottlingException beyond; default 2; Infinity: no limit. */
  ratePerSecond?: number;
  /** The account of a signing key (the sandbox: the STS stand-in's registry); default 123456789012. */
  accountOf?: (accessKeyId: string) => string | undefined;
}

function faultError(kind: CloudTrailFault['kind'], account: string): CloudTrailError | 'drop' {
  switch (kind) {
    case 'connection-reset':
      return 'drop';
    case 'throttling':
      return new CloudTrailError('ThrottlingException', 'Rate exceeded');
    case 'access-denied':
      return new CloudTrailError(
        'AccessDeniedException',
        `User: arn:aws:sts::${account}:assumed-role/keywarden/keywarden is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
      );
    case 'server-error':
      return new CloudTrailError('InternalFailure', 'An internal error occurred.');
  }
}

/**
 * A local CloudTrail for the real @aws-sdk/client-cloudtrail: LookupEvents over AWS JSON 1.1, one server
 * for every region (told apart by the SigV4 scope) and account (by the signing key), with CloudTrail's
 * paging, limits, its 2-a-second quota per account and region, and faults to order.
 */
export async function startCloudTrailServer(
  options: StartCloudTrailServerOptions = {},
): Promise<CloudTrailServer> {
  const trail = new Trail();
  const controls = new FaultControls<CloudTrailCall, CloudTrailFault, CloudTrailOutage>(
    cloudTrailFaultPlan(),
  );
  const buckets = new Map<string, TokenBucket>();
  const rate = options.ratePerSecond ?? DEFAULT_RATE;
  const accountOf = options.accountOf ?? (() => ACCOUNT_ID);

  const record = (call: CloudTrailCall) => controls.log.record(call);

  function bucketOf(account: string, region: string): TokenBucket {
    const key = `${account}/${region}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket();
      if (Number.isFinite(rate)) bucket.setRate(rate);
      buckets.set(key, bucket);
    }
    return bucket;
  }

  async function answer(req: IncomingMessage, res: ServerResponse, call: CloudTrailCall): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES);
    if (req.method !== 'POST' || call.action !== 'LookupEvents') {
      throw new CloudTrailError('UnknownOperationException', 'The action or operation requested is invalid.');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) {
      throw new CloudTrailError('SerializationException', `Content-Type must be ${JSON_11}.`);
    }
    const input = parseJsonObject(body);
    if (!input) throw new CloudTrailError('SerializationException', 'The request body is not a JSON object.');
    const query = parseLookup(input, new Date());
    if (query.attribute) call.attribute = query.attribute.key;
    if (query.attribute?.key === 'AccessKeyId') call.accessKeyId = query.attribute.value;
    if (query.nextToken !== undefined) call.nextPage = true;
    const account = call.account ?? ACCOUNT_ID;
    // The quota counts every call, failed ones too, as AWS's does.
    if (!bucketOf(account, call.region).tryTake()) throw faultError('throttling', account);
    const fault = controls.next('LookupEvents', call.region)?.kind;
    const failed = fault ? faultError(fault, account) : undefined;
    if (failed === 'drop') {
      req.socket.destroy();
      return record({ ...call, status: 0, errorCode: 'ConnectionReset' });
    }
    if (failed) throw failed;
    const found = lookupEvents(trail, account, call.region, query);
    sendJson(res, JSON_11, 200, found.output);
    record({ ...call, status: 200, events: found.events });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const callerKeyId = signingKeyOf(req)?.accessKeyId;
    const call: CloudTrailCall = {
      at: new Date(),
      action: LOOKUP_EVENTS_TARGETS.has(target) ? 'LookupEvents' : target,
      status: 0,
      region: signingRegionOf(req) ?? 'us-east-1',
      ...(callerKeyId ? { callerKeyId, account: accountOf(callerKeyId) ?? ACCOUNT_ID } : {}),
    };
    try {
      await answer(req, res, call);
    } catch (error) {
      const e = asJsonApiError(
        error,
        () => new CloudTrailError('InternalFailure', 'An internal error occurred.'),
        'CloudTrail',
      );
      record({ ...call, status: e.status, errorCode: e.code });
      sendJsonError(res, JSON_11, e);
    }
  }

  const server = jsonApiServer('CloudTrail', handle);
  const url = await listen(server, options.host, options.port);

  return {
    url,
    addEvents: (account, region, events) => trail.add(account, region, events),
    ...controls.api(),
    close: () => closeServer(server),
  };
}
