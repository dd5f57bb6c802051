import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallLog } from '../iam/call-log';
import { TokenBucket } from '../iam/rate-limit';
import { type Caller, callerArn, type CredentialRegistry } from '../iam/credential-registry';
import { newRequestId } from '../iam/ids';
import { QueryApiError } from '../query-api/errors';
import { BodyTooLarge, closeServer, listen, type Params, readParams, sendXml } from '../query-api/http';
import { signingKeyOf } from '../query-api/signing-key';
import { errorXml, successXml, type XmlElement } from '../query-api/xml';
import { type StsContext, STS_ACTIONS } from './actions';
import { type AssumeRoleRecord, assumeRoleRecord, type StsCall } from './call-log';
import {
  actionMissing,
  DEFAULT_MESSAGES,
  type MissingActionStyle,
  notAuthorizedToAssume,
  StsError,
} from './errors';
import { type StsFault, stsFaultPlan } from './faults';
import { parseRoleArn, type StsRole } from './roles';

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The account GetAccessKeyInfo names for a key no account here holds: one the sandbox does not have. */
export const FOREIGN_ACCOUNT_ID = '999999999999';

export interface StsServer {
  /** e.g. http://127.0.0.1:PORT, for the STSClient's `endpoint` or AWS_ENDPOINT_URL_STS. */
  url: string;
  credentials: CredentialRegistry;
  calls(action?: string): StsCall[];
  /** Every AssumeRole, refused ones included, in arrival order: what a test counts. */
  assumeRoleCalls(): AssumeRoleRecord[];
  clearCalls(): void;
  onCall(listener: (call: StsCall) => void): () => void;
  /** Adds or replaces a role. */
  setRole(roleArn: string, role: StsRole): void;
  injectFault(fault: StsFault): void;
  clearFaults(): void;
  /** Added to every request, answered or not. */
  setLatency(ms: number): void;
  /**
   * A token bucket over AssumeRole, as STS's request quota: above it, Throttling (HTTP 400, Sender,
   * "Rate exceeded"), as real STS answers. undefined turns it off.
   */
  setAssumeRoleRate(perSecond: number | undefined): void;
  /** Make GetAccessKeyInfo answer as an emulator that lacks it; 'supported' restores it. */
  setGetAccessKeyInfo(mode: 'supported' | MissingActionStyle): void;
  close(): Promise<void>;
}

export interface StartStsServerOptions {
  /** Shared with the IAM stand-in: STS registers what it issues there, and knows callers from it. */
  credentials: CredentialRegistry;
  /** roleArn -> its trust policy. */
  roles?: Record<string, StsRole>;
  /** For GetAccessKeyInfo: the account of a key the registry does not hold; pass IamServer.accountOfKey. */
  accountOfKey?: (accessKeyId: string) => string | undefined;
  /** Default FOREIGN_ACCOUNT_ID. */
  foreignAccountId?: string;
  getAccessKeyInfo?: 'supported' | MissingActionStyle;
  host?: string;
  port?: number;
  latencyMs?: number;
  /** See StsServer.setAssumeRoleRate. */
  assumeRolePerSecond?: number;
}

type Outcome = { result: XmlElement } | { error: QueryApiError } | 'drop';

function checkRoles(roles: Record<string, StsRole>): void {
  for (const [arn, role] of Object.entries(roles)) {
    const parsed = parseRoleArn(arn);
    if (!parsed) throw new Error(`roles: ${arn} is not a role ARN`);
    if (role.accountId !== undefined && role.accountId !== parsed.accountId) {
      throw new Error(`roles: ${arn} is in account ${parsed.accountId}, not ${role.accountId}`);
    }
  }
}

function faultError(fault: StsFault, caller: Caller, action: string, params: Params): QueryApiError {
  const code = fault.code ?? 'InternalFailure';
  if (code !== 'AccessDenied') return new StsError(code, DEFAULT_MESSAGES[code]);
  if (action === 'AssumeRole') return notAuthorizedToAssume(callerArn(caller), params['RoleArn'] ?? '*');
  return new StsError(
    'AccessDenied',
    `User: ${callerArn(caller)} is not authorized to perform: sts:${action}`,
  );
}

function asQueryError(error: unknown): QueryApiError {
  if (error instanceof QueryApiError) return error;
  console.error('sandbox STS: unexpected error', error);
  return new StsError('InternalFailure', DEFAULT_MESSAGES.InternalFailure);
}

/**
 * A local STS Query-API endpoint for the real @aws-sdk/client-sts and the credential providers built on
 * it (fromTemporaryCredentials): AssumeRole against configured trust policies, GetAccessKeyInfo and
 * GetCallerIdentity, with STS's errors, faults and latency. What it issues goes into the registry it
 * shares with the IAM stand-in, so IAM calls made with those credentials land in the role's account.
 */
export async function startStsServer(options: StartStsServerOptions): Promise<StsServer> {
  const registry = options.credentials;
  const roles = new Map(Object.entries(options.roles ?? {}));
  checkRoles(options.roles ?? {});
  const log = new CallLog<StsCall>();
  const faults = stsFaultPlan();
  const principalIds = new Map<string, string>();
  let latencyMs = options.latencyMs ?? 0;
  let accessKeyInfo = options.getAccessKeyInfo ?? 'supported';
  const assumeRoleBucket = new TokenBucket();
  assumeRoleBucket.setRate(options.assumeRolePerSecond);

  async function outcome(action: string, params: Params, context: StsContext): Promise<Outcome> {
    if (action === 'AssumeRole' && !assumeRoleBucket.tryTake()) {
      return { error: new StsError('Throttling', DEFAULT_MESSAGES.Throttling) };
    }
    const taken = faults.take(action);
    if (taken?.delayMs) await sleep(taken.delayMs);
    const fault = taken?.code || taken?.dropConnection ? taken : undefined;
    if (fault && !fault.afterApplying) {
      return fault.dropConnection ? 'drop' : { error: faultError(fault, context.caller, action, params) };
    }
    if (action === 'GetAccessKeyInfo' && accessKeyInfo !== 'supported') {
      return { error: actionMissing(action, accessKeyInfo) };
    }
    const handler = STS_ACTIONS.get(action);
    if (!handler) return { error: actionMissing(action, 'InvalidAction') };
    let result: XmlElement;
    try {
      result = handler(params, context);
    } catch (e) {
      if (!fault) return { error: asQueryError(e) };
      result = {};
    }
    if (fault)
      return fault.dropConnection ? 'drop' : { error: faultError(fault, context.caller, action, params) };
    return { result };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const at = registry.now();
    const key = signingKeyOf(req);
    const resolved = registry.resolve(key);
    let params: Params = {};
    let unreadable: QueryApiError | undefined;
    try {
      params = await readParams(req);
    } catch (e) {
      unreadable = new StsError(
        'ValidationError',
        e instanceof BodyTooLarge ? e.message : 'Malformed request.',
      );
    }
    const { Action: action = '', Version: _version, ...callParams } = params;
    let context: StsContext | undefined;
    if (latencyMs > 0) await sleep(latencyMs);

    let answer: Outcome;
    if ('refused' in resolved) {
      answer = { error: new StsError(resolved.refused, DEFAULT_MESSAGES[resolved.refused]) };
    } else if (unreadable) {
      answer = { error: unreadable };
    } else {
      context = {
        caller: resolved.caller,
        registry,
        roles,
        accountOfKey: options.accountOfKey ?? (() => undefined),
        foreignAccountId: options.foreignAccountId ?? FOREIGN_ACCOUNT_ID,
        principalIds,
      };
      answer = await outcome(action, params, context);
    }

    const record = (status: number, errorCode?: string): void =>
      log.record({
        action,
        params: callParams,
        status,
        at,
        ...(errorCode ? { errorCode } : {}),
        ...(key ? { callerAccessKeyId: key.accessKeyId } : {}),
        ...('caller' in resolved ? { callerAccountId: resolved.caller.accountId } : {}),
        ...(context?.issued ? { issuedAccessKeyId: context.issued } : {}),
      });
    if (answer === 'drop') {
      record(0, 'ConnectionDropped');
      req.socket.destroy();
    } else if ('error' in answer) {
      record(answer.error.status, answer.error.code);
      sendXml(res, answer.error.status, errorXml(STS_XMLNS, answer.error, requestId), requestId);
    } else {
      record(200);
      sendXml(res, 200, successXml(STS_XMLNS, action, answer.result, requestId), requestId);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('sandbox STS: request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const url = await listen(server, options.host, options.port);

  return {
    url,
    credentials: registry,
    calls: (action) => log.calls(action),
    assumeRoleCalls: () => log.calls('AssumeRole').map(assumeRoleRecord),
    clearCalls: () => log.clear(),
    onCall: (listener) => log.onCall(listener),
    setRole: (roleArn, role) => {
      checkRoles({ [roleArn]: role });
      roles.set(roleArn, role);
    },
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setAssumeRoleRate: (perSecond) => assumeRoleBucket.setRate(perSecond),
    setGetAccessKeyInfo: (mode) => {
      accessKeyInfo = mode;
    },
    close: () => closeServer(server),
  };
}
