import type { IncomingMessage, ServerResponse } from 'node:http';
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
import { signingKeyOf } from '../query-api/signing-key';
import { ORGANIZATIONS_ACTIONS } from './actions';
import { OrganizationsError } from './errors';
import { type OrganizationsFault, type OrganizationsOutage, organizationsFaultPlan } from './faults';
import { Organization } from './organization';

const JSON_11 = 'application/x-amz-json-1.1';
/** The SDK v3 sends X-Amz-Target `AWSOrganizationsV20161128.<Action>`. */
const TARGET_PREFIX = 'AWSOrganizationsV20161128.';
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_PAGE_SIZE = 20;

/** Every request, answered or not. */
export interface OrganizationsCall {
  at: Date;
  action: string;
  /** 0 when the connection was dropped instead of answered. */
  status: number;
  errorCode?: string;
  /** The account of the signing key (accountOf), when known. */
  account?: string;
  callerKeyId?: string;
  /** The call's input (ids, tokens; Organizations' inputs hold no secrets). */
  input?: Record<string, unknown>;
}

export interface OrganizationsServer {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_ORGANIZATIONS or the client's `endpoint`. */
  url: string;
  /** The organization the answers are read from, live: change it between two listings. */
  org: Organization;
  calls(): OrganizationsCall[];
  onCall(listener: (call: OrganizationsCall) => void): () => void;
  injectFault(fault: OrganizationsFault): void;
  setOutage(kind: OrganizationsOutage | undefined): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export interface StartOrganizationsServerOptions {
  org?: Organization;
  port?: number;
  host?: string;
  /** The most items a page holds, whatever MaxResults asks (Organizations may answer fewer); default 20. */
  pageSize?: number;
  /** The account of a signing key (the sandbox: the STS stand-in's registry). */
  accountOf?: (accessKeyId: string) => string | undefined;
  /**
   * Accounts allowed to read the organization (its management account, a delegated administrator);
   * a call signed in any other is AccessDeniedException. Default: any caller.
   */
  readers?: readonly string[];
}

function faultError(kind: OrganizationsFault['kind']): OrganizationsError | 'drop' {
  switch (kind) {
    case 'connection-reset':
      return 'drop';
    case 'throttling':
      return new OrganizationsError(
        'TooManyRequestsException',
        'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
      );
    case 'access-denied':
      return new OrganizationsError(
        'AccessDeniedException',
        "You don't have permissions to access this resource.",
      );
    case 'server-error':
      return new OrganizationsError(
        'ServiceException',
        "AWS Organizations can't complete your request because of an internal service error. Try again later.",
      );
  }
}

/**
 * A local AWS Organizations for the real @aws-sdk/client-organizations: AWS JSON 1.1 with X-Amz-Target
 * AWSOrganizationsV20161128.*, the read calls discovery needs (ListAccounts, ListParents,
 * ListTagsForResource, DescribeOrganization, ListRoots, ListChildren, ListOrganizationalUnitsForParent,
 * DescribeOrganizationalUnit) with Organizations' paging, a call log, and faults to order.
 */
export async function startOrganizationsServer(
  options: StartOrganizationsServerOptions = {},
): Promise<OrganizationsServer> {
  const org = options.org ?? new Organization();
  const controls = new FaultControls<OrganizationsCall, OrganizationsFault, OrganizationsOutage>(
    organizationsFaultPlan(),
  );
  const context = { org, pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE };
  const record = (call: OrganizationsCall) => controls.log.record(call);

  async function answer(req: IncomingMessage, res: ServerResponse, call: OrganizationsCall): Promise<void> {
    const body = await readBody(req, MAX_BODY_BYTES);
    const handler = ORGANIZATIONS_ACTIONS[call.action];
    if (req.method !== 'POST' || !handler) {
      throw new OrganizationsError(
        'UnknownOperationException',
        'The action or operation requested is invalid.',
      );
    }
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) {
      throw new OrganizationsError('SerializationException', `Content-Type must be ${JSON_11}.`);
    }
    const input = parseJsonObject(body);
    if (!input)
      throw new OrganizationsError('SerializationException', 'The request body is not a JSON object.');
    call.input = input;
    const fault = controls.next(call.action)?.kind;
    const failed = fault ? faultError(fault) : undefined;
    if (failed === 'drop') {
      req.socket.destroy();
      return record({ ...call, status: 0, errorCode: 'ConnectionReset' });
    }
    if (failed) throw failed;
    if (options.readers && !(call.account !== undefined && options.readers.includes(call.account))) {
      throw new OrganizationsError(
        'AccessDeniedException',
        "You don't have permissions to access this resource. This operation can be called only from the organization's management account or by a member account that is a delegated administrator.",
      );
    }
    sendJson(res, JSON_11, 200, handler(input, context));
    record({ ...call, status: 200 });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const callerKeyId = signingKeyOf(req)?.accessKeyId;
    const account = callerKeyId ? options.accountOf?.(callerKeyId) : undefined;
    const call: OrganizationsCall = {
      at: new Date(),
      action: target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target,
      status: 0,
      ...(callerKeyId ? { callerKeyId } : {}),
      ...(account ? { account } : {}),
    };
    try {
      await answer(req, res, call);
    } catch (error) {
      const e = asJsonApiError(
        error,
        () => new OrganizationsError('ServiceException', 'An internal error occurred.'),
        'Organizations',
      );
      record({ ...call, status: e.status, errorCode: e.code });
      sendJsonError(res, JSON_11, e);
    }
  }

  const server = jsonApiServer('Organizations', handle);
  const url = await listen(server, options.host, options.port);
  const api = controls.api();
  return {
    url,
    org,
    calls: api.calls,
    onCall: api.onCall,
    injectFault: api.injectFault,
    setOutage: (kind) => api.setOutage(kind),
    clearFaults: api.clearFaults,
    close: () => closeServer(server),
  };
}
