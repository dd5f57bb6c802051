import type { ApprovalRequest, ApprovalState } from '../keys/approvals/approval';
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
  if (state !== 'PENDING' && state !== 'APPROVED') return undefined;
  return { gsi1pk: `APPROVAL#${state}`, gsi1sk: `${createdAt.toISOString()}#${id}` };
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
    outcome: request.outcome,
    version: request.version,
    [TTL_ATTRIBUTE]: Math.floor(request.expiresAt.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS,
    ...openIndex(request.state, request.createdAt, request.id),
  };
}

export function historyItem(entry: ApprovalRequest['history'][number]): Item {
  return { at: entry.at.toISOString(), by: entry.by, state: entry.state, note: entry.note };
}

const date = (value: unknown) => new Date(String(value));
const optionalDate = (value: unknown) => (value === undefined || value === null ? undefined : date(value));

export function fromItem(item: Item): ApprovalRequest {
  const key = item.key as Item;
  return {
    id: String(item.id),
    state: item.state as ApprovalState,
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
    })),
    key: {
      status: key.status as ApprovalRequest['key']['status'],
      createdAt: date(key.createdAt),
      lastUsedAt: optionalDate(key.lastUsedAt),
      lastUsedService: key.lastUsedService as string | undefined,
      lastUsedRegion: key.lastUsedRegion as string | undefined,
    },
    message: item.message as ApprovalRequest['message'],
    outcome: item.outcome as string | undefined,
    version: Number(item.version),
  };
}
