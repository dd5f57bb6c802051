import {
  OPEN_STATES,
  type ApprovalOutcome,
  type ApprovalRequest,
  type ApprovalState,
  type ExecutionLease,
  type OpenState,
} from '../keys/approvals/approval';
import { TTL_ATTRIBUTE } from './table';

/** Finished requests stay readable this long for reviews, then DynamoDB's TTL may remove them. */
const KEEP_AFTER_EXPIRY_SECONDS = 400 * 24 * 3600;

export const requestKey = (id: string) => ({ pk: `REQ#${id}`, sk: 'REQ' });

/** The sparse index entry: only open requests are in it, so listing them never scans. */
export function openIndex(
  state: ApprovalState,
  createdAt: Date,
  id: string,
): Record<string, string> | undefined {
  if (!(OPEN_STATES as readonly ApprovalState[]).includes(state)) return undefined;
  return { gsi1pk: `APPROVAL#${state as OpenState}`, gsi1sk: `${createdAt.toISOString()}#${id}` };
}

type Item = Record<string, unknown>;

export function toItem(request: ApprovalRequest): Item {
  return {
    ...requestKey(request.id),
    type: 'approval',
    id: request.id,
    state: request.state,
    keyId: request.keyId,
    owner: request.owner,
    requestedBy: request.requestedBy,
    reason: request.reason,
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    required: request.required,
    approvals: request.approvals.map((approval) => ({ by: approval.by, at: approval.at.toISOString() })),
    history: request.history.map(historyItem),
    key: {
      status: request.key.status,
      createdAt: request.key.createdAt.toISOString(),
      lastUsedAt: request.key.lastUsedAt?.toISOString(),
      lastUsedService: request.key.lastUsedService,
      lastUsedRegion: request.key.lastUsedRegion,
    },
    message: request.message,
    lease: request.lease ? leaseItem(request.lease) : undefined,
    outcome: request.outcome ? outcomeItem(request.outcome) : undefined,
    version: request.version,
    [TTL_ATTRIBUTE]: Math.floor(request.expiresAt.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
    ...openIndex(request.state, request.createdAt, request.id),
  };
}

export function historyItem(entry: ApprovalRequest['history'][number]): Item {
  return {
    at: entry.at.toISOString(),
    by: entry.by,
    state: entry.state,
    note: entry.note,
    writeId: entry.writeId,
  };
}

export function leaseItem(lease: ExecutionLease): Item {
  return { id: lease.id, replica: lease.replica, by: lease.by, expiresAt: lease.expiresAt.toISOString() };
}

export function outcomeItem(outcome: ApprovalOutcome): Item {
  return { kind: outcome.kind, by: outcome.by, detail: outcome.detail };
}

const date = (value: unknown) => new Date(String(value));
const optionalDate = (value: unknown) => (value === undefined || value === null ? undefined : date(value));
const optionalText = (value: unknown) => (typeof value === 'string' ? value : undefined);

function leaseFrom(value: unknown): ExecutionLease | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const lease = value as Item;
  return {
    id: String(lease.id),
    replica: String(lease.replica),
    by: lease.by as ExecutionLease['by'],
    expiresAt: date(lease.expiresAt),
  };
}

/** Items written before outcomes were data held a sentence; it is kept as plain detail. */
function outcomeFrom(value: unknown, state: ApprovalState): ApprovalOutcome | undefined {
  if (typeof value === 'string') {
    const kind = state === 'EXECUTED' ? 'deleted' : state === 'FAILED' ? 'deletion-failed' : 'rejected';
    return { kind: state === 'EXPIRED' ? 'expired' : kind, by: 'system', detail: value };
  }
  if (!value || typeof value !== 'object') return undefined;
  const outcome = value as Item;
  return {
    kind: outcome.kind as ApprovalOutcome['kind'],
    by: outcome.by as ApprovalOutcome['by'],
    detail: optionalText(outcome.detail),
  };
}

export function fromItem(item: Item): ApprovalRequest {
  const key = item.key as Item;
  const state = item.state as ApprovalState;
  return {
    id: String(item.id),
    state,
    keyId: item.keyId as ApprovalRequest['keyId'],
    owner: item.owner as ApprovalRequest['owner'],
    requestedBy: item.requestedBy as ApprovalRequest['requestedBy'],
    reason: item.reason as string | undefined,
    createdAt: date(item.createdAt),
    expiresAt: date(item.expiresAt),
    required: Number(item.required),
    approvals: ((item.approvals as Item[]) ?? []).map((approval) => ({
      by: approval.by as ApprovalRequest['requestedBy'],
      at: date(approval.at),
    })),
    history: ((item.history as Item[]) ?? []).map((entry) => ({
      at: date(entry.at),
      by: entry.by as ApprovalRequest['requestedBy'],
      state: entry.state as ApprovalState,
      note: entry.note as string | undefined,
      writeId: optionalText(entry.writeId),
    })),
    key: {
      status: key.status as ApprovalRequest['key']['status'],
      createdAt: date(key.createdAt),
      lastUsedAt: optionalDate(key.lastUsedAt),
      lastUsedService: key.lastUsedService as string | undefined,
      lastUsedRegion: key.lastUsedRegion as string | undefined,
    },
    message: item.message as ApprovalRequest['message'],
    lease: leaseFrom(item.lease),
    outcome: outcomeFrom(item.outcome, state),
    version: Number(item.version),
  };
}
