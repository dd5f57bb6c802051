import {
  OPEN_STATES,
  type ApprovalOutcome,
  type ApprovalRequest,
  type ApprovalState,
  type ExecutionLease,
  type KeyStatusChange,
  type OpenState,
} from '../domain/approval';
import type { StepUpEvidence } from '../domain/step-up';
import { decodeApproval } from './item-schemas';
import { TTL_ATTRIBUTE } from '../../../platform/store/table';

/** Finished requests stay readable this long for reviews, then DynamoDB's TTL may remove them. */
const KEEP_AFTER_EXPIRY_SECONDS = 400 * 24 * 3600;

export const requestKey = (id: string) => ({ pk: `REQ#${id}`, sk: 'REQ' });

/**
 * A key's claim: one item per access key id. Key ids are unique across AWS, and the bot's own
 * account may learn its id only after a request was made, so the key id alone names the item: an
 * account part could give one key two claims.
 */
export const keyClaimKey = (keyId: string) => ({ pk: `KEYREQ#${keyId}`, sk: 'KEYREQ' });

/** What `type` says of a request id voided before its request was written. */
export const VOID_REQUEST_TYPE = 'approval-void';
export const KEY_CLAIM_TYPE = 'key-request-claim';

/** A claim stays as long as the requests it named may be read. */
export function claimTtl(at: Date): number {
  return Math.floor(at.getTime() / 1000) + KEEP_AFTER_EXPIRY_SECONDS;
}

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
    account: request.account,
    accountId: request.accountId,
    state: request.state,
    keyId: request.keyId,
    owner: request.owner,
    requestedBy: request.requestedBy,
    reason: request.reason,
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    required: request.required,
    approvals: request.approvals.map(approvalItem),
    history: request.history.map(historyItem),
    key: {
      status: request.key.status,
      createdAt: request.key.createdAt.toISOString(),
      lastUsedAt: request.key.lastUsedAt?.toISOString(),
      lastUsedService: request.key.lastUsedService,
      lastUsedRegion: request.key.lastUsedRegion,
    },
    message: request.message,
    remindedAt: request.remindedAt?.toISOString(),
    keyStatusChange: request.keyStatusChange && keyStatusChangeItem(request.keyStatusChange),
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
    stepUp: entry.stepUp && stepUpItem(entry.stepUp),
  };
}

export function approvalItem(approval: { by: string; at: Date; stepUp?: StepUpEvidence }): Item {
  return {
    by: approval.by,
    at: approval.at.toISOString(),
    stepUp: approval.stepUp && stepUpItem(approval.stepUp),
  };
}

function stepUpItem(evidence: StepUpEvidence): Item {
  return { acr: evidence.acr, amr: evidence.amr, authTime: evidence.authTime.toISOString() };
}

export function leaseItem(lease: ExecutionLease): Item {
  return { id: lease.id, replica: lease.replica, by: lease.by, expiresAt: lease.expiresAt.toISOString() };
}

export function keyStatusChangeItem(change: KeyStatusChange): Item {
  return { status: change.status, at: change.at.toISOString(), by: change.by };
}

export function outcomeItem(outcome: ApprovalOutcome): Item {
  return { kind: outcome.kind, by: outcome.by, detail: outcome.detail };
}

/** Decoded and checked (item-schemas.ts); an item Keywarden could not have written throws STORE_CORRUPT. */
export function fromItem(item: Item): ApprovalRequest {
  return decodeApproval(item);
}
