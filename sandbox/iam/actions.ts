import { IamError, noSuchKey, noSuchUser } from './errors';
import { paginate } from './pagination';
import { PERMISSION_ACTIONS } from './permission-actions';
import { accessKeyId, maxItems, type Params, status, userNameOrCaller } from './params';
import type { CredentialReports } from './report-generation';
import type { IamState, StoredKey } from './state';
import { isoDate, members, type XmlElement } from './xml';

/** Who is calling, as IAM names them in its messages. */
export interface Principal {
  arn: string;
  /** A role session has no IAM user of its own to act on when a request names no UserName. */
  isRoleSession: boolean;
}

export interface ActionContext {
  state: IamState;
  reports: CredentialReports;
  reportsDenied: boolean;
  principal: Principal;
  /**
   * Set in the server's cross-account mode: finds a key id in its other accounts, so that
   * GetAccessKeyLastUsed answers for them as some emulators do. Unset, as IAM: this account's keys only.
   */
  keyInOtherAccounts?: (accessKeyId: string) => StoredKey | undefined;
}

/** The caller of a server without credentials configured: the state's own user, as before accounts. */
export function statePrincipal(state: IamState): Principal {
  return { arn: `arn:aws:iam::${state.accountId}:user/${state.callerUserName}`, isRoleSession: false };
}

/** Returns the content of `<{Action}Result>`, or undefined for actions whose response has none. */
export type ActionHandler = (params: Params, context: ActionContext) => XmlElement | undefined;

/** The caller's own user exists only when the state models user (not role) credentials. */
function caller({ state, principal }: ActionContext): string | undefined {
  if (principal.isRoleSession) return undefined;
  return state.user(state.callerUserName) ? state.callerUserName : undefined;
}

function existingUser(state: IamState, userName: string): string {
  if (!state.user(userName)) throw noSuchUser(userName);
  return userName;
}

function keySortKey(key: StoredKey): string {
  return `${String(key.createDate.getTime()).padStart(15, '0')}:${key.accessKeyId}`;
}

export function denied(principal: Principal, action: string): IamError {
  return new IamError(
    'AccessDenied',
    `User: ${principal.arn} is not authorized to perform: iam:${action} on resource: * because no identity-based policy allows the iam:${action} action`,
  );
}

const listUsers: ActionHandler = (params, { state }) => {
  const prefix = params['PathPrefix'];
  const all = state.userNames();
  const names = prefix ? all.filter((name) => state.user(name)?.path.startsWith(prefix)) : all;
  const page = paginate(names, (name) => name, maxItems(params), params['Marker']);
  return {
    Users: members(
      page.items.flatMap((name) => {
        const user = state.user(name);
        if (!user) return [];
        return [
          {
            Path: user.path,
            UserName: user.userName,
            UserId: user.userId,
            Arn: user.arn,
            CreateDate: isoDate(user.createDate),
          },
        ];
      }),
    ),
    IsTruncated: page.isTruncated,
    ...(page.marker ? { Marker: page.marker } : {}),
  };
};

const listAccessKeys: ActionHandler = (params, context) => {
  const { state } = context;
  const userName = existingUser(state, userNameOrCaller(params, caller(context)));
  const page = paginate(state.keysOf(userName), keySortKey, maxItems(params), params['Marker']);
  return {
    AccessKeyMetadata: members(
      page.items.map((key) => ({
        UserName: key.userName,
        AccessKeyId: key.accessKeyId,
        Status: key.status,
        CreateDate: isoDate(key.createDate),
      })),
    ),
    IsTruncated: page.isTruncated,
    ...(page.marker ? { Marker: page.marker } : {}),
  };
};

const getAccessKeyLastUsed: ActionHandler = (params, { state, keyInOtherAccounts }) => {
  const id = accessKeyId(params);
  const key = state.findKey(id) ?? keyInOtherAccounts?.(id);
  // Real IAM answers AccessDenied for a key id it cannot attribute to this account. The sandbox holds one
  // account, so an unknown id is a key that never existed or was deleted: NoSuchEntity (404) says that
  // plainly, and lets the bot tell "gone" apart from "not permitted" in tests.
  if (!key) throw noSuchKey(id);
  const used = key.lastUsed;
  const lastUsed: XmlElement = used
    ? { LastUsedDate: isoDate(used.date), ServiceName: used.serviceName, Region: used.region }
    : { ServiceName: 'N/A', Region: 'N/A' };
  return { UserName: key.userName, AccessKeyLastUsed: lastUsed };
};

const createAccessKey: ActionHandler = (params, context) => {
  const { state } = context;
  const key = state.addKey(userNameOrCaller(params, caller(context)));
  return {
    AccessKey: {
      UserName: key.userName,
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      SecretAccessKey: key.secretAccessKey,
      CreateDate: isoDate(key.createDate),
    },
  };
};

const updateAccessKey: ActionHandler = (params, context) => {
  const { state } = context;
  const id = accessKeyId(params);
  const newStatus = status(params);
  state.setStatus(userNameOrCaller(params, caller(context)), id, newStatus);
  return undefined;
};

const deleteAccessKey: ActionHandler = (params, context) => {
  const { state } = context;
  const id = accessKeyId(params);
  state.deleteKey(userNameOrCaller(params, caller(context)), id);
  return undefined;
};

const generateCredentialReport: ActionHandler = (_params, { reports, reportsDenied, principal }) => {
  if (reportsDenied) throw denied(principal, 'GenerateCredentialReport');
  const result = reports.generate();
  return { State: result.state, ...(result.description ? { Description: result.description } : {}) };
};

const getCredentialReport: ActionHandler = (_params, { reports, reportsDenied, principal }) => {
  if (reportsDenied) throw denied(principal, 'GetCredentialReport');
  const report = reports.get();
  return {
    Content: Buffer.from(report.csv, 'utf8').toString('base64'),
    ReportFormat: 'text/csv',
    GeneratedTime: isoDate(report.generatedAt),
  };
};

export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  ['ListUsers', listUsers],
  ['ListAccessKeys', listAccessKeys],
  ['GetAccessKeyLastUsed', getAccessKeyLastUsed],
  ['CreateAccessKey', createAccessKey],
  ['UpdateAccessKey', updateAccessKey],
  ['DeleteAccessKey', deleteAccessKey],
  ['GenerateCredentialReport', generateCredentialReport],
  ['GetCredentialReport', getCredentialReport],
  ...PERMISSION_ACTIONS,
]);
