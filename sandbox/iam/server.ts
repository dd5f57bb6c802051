import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyTooLarge, closeServer, listen, readParams, sendXml } from '../query-api/http';
import { Holds, type Hold } from '../query-api/holds';
import { signingKeyOf } from '../query-api/signing-key';
import { type ActionContext, ACTIONS, type Principal, statePrincipal } from './actions';
import { CallLog, type IamCall } from './call-log';
import { type BaseCredential, type Caller, CredentialRegistry } from './credential-registry';
import { DEFAULT_MESSAGES, IamError } from './errors';
import { type Fault, iamFaultPlan } from './faults';
import { newRequestId } from './ids';
import type { Params } from './params';
import { TokenBucket } from './rate-limit';
import { CredentialReports, GenerationCapacity } from './report-generation';
import { IamState } from './state';
import { errorXml, successXml, type XmlElement } from './xml';

export interface IamServer {
  /** e.g. http://127.0.0.1:PORT, for the IAMClient's `endpoint`. */
  url: string;
  /** The default account: the one requests act in when no credentials are configured. */
  state: IamState;
  /** Every account this server holds, by account id, the default one included. */
  accounts: ReadonlyMap<string, IamState>;
  /** One account's state; throws for an account the server does not hold. */
  account(accountId: string): IamState;
  /** The keys it accepts; undefined when it accepts any request (no credentials configured). */
  credentials: CredentialRegistry | undefined;
  /** The account holding an access key: an IAM user's key in any account, or a registered one. */
  accountOfKey(accessKeyId: string): string | undefined;
  calls(action?: string): IamCall[];
  /** TCP connections accepted so far: whether clients reuse theirs. */
  connectionsAccepted(): number;
  clearCalls(): void;
  onCall(listener: (call: IamCall) => void): () => void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /** Added to every request, answered or not. */
  setLatency(ms: number): void;
  /**
   * Answer every request with `Connection: close` and close the socket after it, as IAM servers of
   * other implementations do (HTTP/1.0 style): the client then opens a new connection for every call.
   */
  setCloseConnections(close: boolean): void;
  /** A token bucket over all actions of each account, as IAM throttles per account; above it, Throttling. */
  setRateLimit(perSecond: number | undefined): void;
  /**
   * AccessDenied on GenerateCredentialReport and GetCredentialReport, as for a bot without those rights;
   * in one account, or in all when none is named.
   */
  denyCredentialReport(deny: boolean, accountId?: string): void;
  /** How long a credential report takes to generate (default 50 ms), in every account. */
  setReportGenerationMs(ms: number): void;
  /**
   * Every report being generated is done now, its capacity slot freed: a test holds generation with a
   * long `setReportGenerationMs` and ends it on the event it waits for, never on a window of time.
   */
  finishReportGenerations(): void;
  /**
   * At most this many credential reports generating at once across the server; above it,
   * GenerateCredentialReport answers LimitExceeded ("no more capacity..."). undefined: no bound.
   */
  setReportGenerationCapacity(limit: number | undefined): void;
  /**
   * Cross-account mode: GetAccessKeyLastUsed, asked in one account, answers for a key of another
   * account this server holds (with that key's user name), as some emulators do; everything else,
   * ListAccessKeys included, stays per account. Off by default, as in IAM.
   */
  setCrossAccountLastUsed(on: boolean): void;
  /**
   * Holds every request of `action` before it is looked at (no effect yet) until `release()`: IAM as
   * slow as a story needs, e.g. a deactivation throttled and retried. Closing the server drops them.
   */
  hold(action: string): Hold;
  close(): Promise<void>;
}

export interface StartIamServerOptions {
  /** The default account (see IamServer.state); default a fresh IamState, or the first of `accounts`. */
  state?: IamState;
  /** Further accounts, by account id (which must be the state's own accountId). */
  accounts?: Record<string, IamState>;
  /**
   * With a registry (shared with the STS stand-in) or base credentials, every request must be signed
   * by a key they know, and acts in that key's account. With neither, any request acts in the default
   * account, as a single-account server always has.
   */
  credentials?: CredentialRegistry;
  /** Long-term keys, access key id -> account id (or credential), added to `credentials`. */
  baseCredentials?: Record<string, string | BaseCredential>;
  /** See IamServer.setCrossAccountLastUsed. */
  crossAccountLastUsed?: boolean;
  host?: string;
  port?: number;
  latencyMs?: number;
  /** See IamServer.setCloseConnections. */
  closeConnections?: boolean;
}

/** One account's share of the server: what it holds and how its requests are limited. */
interface Account {
  state: IamState;
  reports: CredentialReports;
  bucket: TokenBucket;
  reportsDenied: boolean;
}

interface Authenticated {
  account: Account;
  principal: Principal;
  caller?: Caller;
}

function faultError(fault: Fault, principal: Principal, action: string): IamError {
  if (fault.code === 'AccessDenied') {
    return new IamError('AccessDenied', `User: ${principal.arn} is not authorized to perform: iam:${action}`);
  }
  if (fault.code === 'LimitExceeded') {
    return new IamError('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
  }
  const code = fault.code ?? 'ServiceFailure';
  return new IamError(code, DEFAULT_MESSAGES[code]);
}

function asIamError(error: unknown): IamError {
  if (error instanceof IamError) return error;
  // A bug in the sandbox itself: answer as IAM would, but say so where a developer will see it.
  console.error('sandbox IAM: unexpected error', error);
  return new IamError('ServiceFailure', DEFAULT_MESSAGES.ServiceFailure);
}

function callerPrincipal(caller: Caller, state: IamState): Principal {
  if (caller.kind === 'assumed-role') return { arn: caller.assumedRoleArn, isRoleSession: true };
  return { arn: caller.arn ?? statePrincipal(state).arn, isRoleSession: false };
}

/** What the call log keeps of the caller: CloudTrail's userIdentity, in short. */
function callerFields(caller: Caller | undefined): Partial<IamCall> {
  if (!caller) return {};
  if (caller.kind === 'base') return { accessKeyId: caller.accessKeyId };
  return {
    accessKeyId: caller.accessKeyId,
    roleArn: caller.roleArn,
    roleSessionName: caller.roleSessionName,
    ...(caller.sourceIdentity ? { sourceIdentity: caller.sourceIdentity } : {}),
  };
}

function accountsOf(options: StartIamServerOptions): { first: IamState; states: Map<string, IamState> } {
  const given = Object.entries(options.accounts ?? {});
  for (const [id, state] of given) {
    if (state.accountId !== id) {
      throw new Error(`accounts: key ${id} holds the state of account ${state.accountId}`);
    }
  }
  const first = options.state ?? given[0]?.[1] ?? new IamState();
  const other = given.find(([id, state]) => id === first.accountId && state !== first);
  if (other) throw new Error(`accounts: account ${first.accountId} is given twice, as two states`);
  return { first, states: new Map([[first.accountId, first], ...given]) };
}

function newAccount(state: IamState, capacity: GenerationCapacity): Account {
  return {
    state,
    reports: new CredentialReports(state, capacity),
    bucket: new TokenBucket(),
    reportsDenied: false,
  };
}

type Outcome = { result: XmlElement | undefined; cutAfterBytes?: number } | { error: IamError } | 'drop';

/**
 * A local IAM Query-API endpoint for the real @aws-sdk/client-iam: form-encoded POST in, IAM's XML out,
 * IAM's error codes and statuses, with faults, latency and throttling to order. It holds one account or
 * several; with credentials configured it picks the account by the signing access key, as AWS does.
 * Signatures themselves are not checked.
 */
export async function startIamServer(options: StartIamServerOptions = {}): Promise<IamServer> {
  const { first, states } = accountsOf(options);
  const capacity = new GenerationCapacity();
  const defaultAccount = newAccount(first, capacity);
  const accounts = new Map<string, Account>(
    [...states].map(([id, state]) => [id, state === first ? defaultAccount : newAccount(state, capacity)]),
  );
  const registry = options.credentials ?? (options.baseCredentials ? new CredentialRegistry() : undefined);
  for (const [id, credential] of Object.entries(options.baseCredentials ?? {})) {
    registry?.addBase(id, credential);
  }
  const log = new CallLog();
  const faults = iamFaultPlan();
  let latencyMs = options.latencyMs ?? 0;
  let crossAccountLastUsed = options.crossAccountLastUsed ?? false;
  /** For cross-account mode: a key id looked up in every account but `here`. */
  const keyInOtherAccounts = (here: IamState) => (accessKeyId: string) =>
    [...states.values()]
      .filter((state) => state !== here)
      .find((state) => state.findKey(accessKeyId))
      ?.findKey(accessKeyId);

  function authenticate(req: IncomingMessage): Authenticated | { error: IamError } {
    if (!registry) return { account: defaultAccount, principal: statePrincipal(defaultAccount.state) };
    const resolved = registry.resolve(signingKeyOf(req));
    if ('refused' in resolved) {
      return { error: new IamError(resolved.refused, DEFAULT_MESSAGES[resolved.refused]) };
    }
    const { caller } = resolved;
    const account = accounts.get(caller.accountId);
    if (!account) {
      // A test that registered a key for an account this server was not given: say so, answer as IAM.
      console.error(
        `sandbox IAM: key ${caller.accessKeyId} is for account ${caller.accountId}, not held here`,
      );
      return { error: new IamError('InvalidClientTokenId', DEFAULT_MESSAGES.InvalidClientTokenId) };
    }
    return { account, principal: callerPrincipal(caller, account.state), caller };
  }

  /**
   * A fault's delay, cut short (false) when the server closes, as the Slack stand-in's: a test can ask
   * for an answer far later than anything it waits for, and its end leaves no timer behind.
   */
  const delay = (ms: number): Promise<boolean> =>
    sleep(ms, true, { signal: closing.signal }).catch(() => false);

  // Order matters: the rate limit counts every request, a fault pre-empts the action unless it is
  // afterApplying, in which case the action's effect stays and only its answer is replaced.
  async function outcome(action: string, params: Params, who: Authenticated): Promise<Outcome> {
    const { account, principal } = who;
    if (!account.bucket.tryTake()) return { error: new IamError('Throttling', 'Rate exceeded') };
    const taken = faults.take(action, account.state.accountId);
    // A fault with neither code nor drop only slows the answer: the action takes effect at once and
    // the answer comes late, so a client with a shorter timeout gives up not knowing what happened.
    // A fault with an error or a drop waits first, then fails.
    const fault = taken?.code || taken?.dropConnection ? taken : undefined;
    if (fault?.delayMs && !(await delay(fault.delayMs))) return 'drop';
    if (fault && !fault.afterApplying)
      return fault.dropConnection ? 'drop' : { error: faultError(fault, principal, action) };
    const handler = ACTIONS.get(action);
    if (!handler) {
      return {
        error: new IamError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`),
      };
    }
    const context: ActionContext = {
      state: account.state,
      reports: account.reports,
      reportsDenied: account.reportsDenied,
      principal,
      ...(crossAccountLastUsed ? { keyInOtherAccounts: keyInOtherAccounts(account.state) } : {}),
    };
    let result: XmlElement | undefined;
    try {
      result = handler(params, context);
    } catch (e) {
      if (!fault) return { error: asIamError(e) };
    }
    if (fault) return fault.dropConnection ? 'drop' : { error: faultError(fault, principal, action) };
    if (taken?.delayMs && !(await delay(taken.delayMs))) return 'drop';
    return { result, ...(taken?.cutAfterBytes !== undefined ? { cutAfterBytes: taken.cutAfterBytes } : {}) };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const who = authenticate(req);
    const at = ('error' in who ? defaultAccount : who.account).state.now();
    let params: Params = {};
    let unreadable: IamError | undefined;
    try {
      params = await readParams(req);
    } catch (e) {
      unreadable = new IamError(
        'ValidationError',
        e instanceof BodyTooLarge ? e.message : 'Malformed request.',
      );
    }
    const { Action: action = '', Version: _version, ...callParams } = params;
    const refusedKey = 'error' in who ? signingKeyOf(req)?.accessKeyId : undefined;
    const identity: Partial<IamCall> =
      'error' in who
        ? { ...(refusedKey ? { accessKeyId: refusedKey } : {}) }
        : { accountId: who.account.state.accountId, ...callerFields(who.caller) };
    const record = (status: number, errorCode?: string): void =>
      log.record({
        action,
        params: callParams,
        status,
        at,
        ...identity,
        ...(errorCode ? { errorCode } : {}),
      });

    if (!(await holds.pass(action, closing.signal))) {
      record(0, 'ConnectionDropped');
      req.socket.destroy();
      return;
    }
    if (latencyMs > 0) await sleep(latencyMs);
    const answer =
      'error' in who ? who : unreadable ? { error: unreadable } : await outcome(action, params, who);

    if (answer === 'drop') {
      record(0, 'ConnectionDropped');
      req.socket.destroy();
    } else if ('error' in answer) {
      record(answer.error.status, answer.error.code);
      sendXml(res, answer.error.status, errorXml(answer.error, requestId), requestId);
    } else if (answer.cutAfterBytes !== undefined) {
      record(200, 'ConnectionCut');
      const xml = Buffer.from(successXml(action, answer.result, requestId));
      res.writeHead(200, {
        'Content-Type': 'text/xml',
        'Content-Length': xml.length,
        'x-amzn-RequestId': requestId,
      });
      res.write(xml.subarray(0, Math.min(answer.cutAfterBytes, xml.length - 1)), () => req.socket.destroy());
    } else {
      record(200);
      sendXml(res, 200, successXml(action, answer.result, requestId), requestId);
    }
  }

  let closeConnections = options.closeConnections ?? false;
  const holds = new Holds();
  const closing = new AbortController();
  const server = createServer((req, res) => {
    if (closeConnections) res.shouldKeepAlive = false;
    handle(req, res).catch((error: unknown) => {
      console.error('sandbox IAM: request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  let connectionsAccepted = 0;
  server.on('connection', () => connectionsAccepted++);
  const url = await listen(server, options.host, options.port);

  return {
    url,
    connectionsAccepted: () => connectionsAccepted,
    state: defaultAccount.state,
    accounts: states,
    account: (accountId) => {
      const state = states.get(accountId);
      if (!state) throw new Error(`The sandbox IAM holds no account ${accountId}`);
      return state;
    },
    credentials: registry,
    accountOfKey: (accessKeyId) => {
      for (const [id, state] of states) if (state.findKey(accessKeyId)) return id;
      return registry?.accountOf(accessKeyId);
    },
    calls: (action) => log.calls(action),
    clearCalls: () => log.clear(),
    onCall: (listener) => log.onCall(listener),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setCloseConnections: (close) => {
      closeConnections = close;
    },
    setRateLimit: (perSecond) => {
      for (const account of accounts.values()) account.bucket.setRate(perSecond);
    },
    denyCredentialReport: (deny, accountId) => {
      if (accountId !== undefined && !accounts.has(accountId)) {
        throw new Error(`The sandbox IAM holds no account ${accountId}`);
      }
      for (const account of accounts.values()) {
        if (accountId === undefined || account.state.accountId === accountId) account.reportsDenied = deny;
      }
    },
    setReportGenerationMs: (ms) => {
      for (const account of accounts.values()) account.reports.generationMs = ms;
    },
    finishReportGenerations: () => {
      for (const account of accounts.values()) account.reports.finishGeneration();
      capacity.releaseAll();
    },
    setReportGenerationCapacity: (limit) => {
      capacity.limit = limit;
    },
    setCrossAccountLastUsed: (on) => {
      crossAccountLastUsed = on;
    },
    hold: (action) => holds.hold(action),
    close: () => {
      closing.abort();
      return closeServer(server);
    },
  };
}
