import { isDeepStrictEqual } from 'node:util';
import { randomUUID } from 'node:crypto';
import type {
  ApprovalRequest,
  KeyStatusChange,
  MessageRef,
  OpenState,
} from '../../../src/features/approvals/domain/approval';
import {
  StaleTransitionError,
  type ApprovalStore,
  type KeyClaim,
  type TransitionChange,
  type TransitionConditions,
} from '../../../src/features/approvals/domain/ports/approval-store';
import type { ApprovalPages } from '../../../src/features/approvals/domain/ports/approval-pages';
import type { PagePosition, Positioned } from '../../../src/kernel/page';
import type { KeyId, SlackUserId } from '../../../src/kernel/types';
import { copy, Faults, storeUnavailable } from './faults';

export type ApprovalStoreMethod =
  | 'create'
  | 'get'
  | 'transition'
  | 'attachMessage'
  | 'claimReminder'
  | 'noteKeyStatus'
  | 'listByState'
  | 'slice'
  | 'keyClaim'
  | 'claimKey'
  | 'releaseKey'
  | 'voidRequest';

/**
 * Approval requests in memory, with DynamoApprovalStore's write semantics: a transition applies to
 * the stored item only if it is still in the state and version the caller read, and (when asked)
 * unexpired at `requireUnexpiredAt`, or holding `requireLease`. It appends the history entry with a
 * write id, bumps the version, and a failed condition whose stored history already holds the write
 * id is that very write (a resend). Key claims and voided request ids as the DynamoDB store keeps them.
 */
export class MemoryApprovalStore implements ApprovalStore, ApprovalPages {
  readonly faults = new Faults<ApprovalStoreMethod>();
  private readonly items = new Map<string, ApprovalRequest>();
  private readonly claims = new Map<string, KeyClaim>();
  private readonly voided = new Set<string>();
  private readonly beforeWrites: (() => Promise<void> | void)[] = [];

  /** Runs once, just before the next transition is judged: another writer getting there first. */
  beforeNextTransition(hook: () => Promise<void> | void): void {
    this.beforeWrites.push(hook);
  }

  /** Writes an item as it stands, conditions and all bypassed: an item put straight into the table. */
  put(request: ApprovalRequest): void {
    this.items.set(request.id, copy(request));
  }

  peek(id: string): ApprovalRequest | undefined {
    const item = this.items.get(id);
    return item && copy(item);
  }

  all(): ApprovalRequest[] {
    return [...this.items.values()].map(copy);
  }

  async create(request: ApprovalRequest): Promise<boolean> {
    this.faults.check('create');
    if (this.voided.has(request.id)) return false;
    const current = this.items.get(request.id);
    if (current) {
      // The very same item already stored is this create, sent again; anything else is a clash.
      if (isDeepStrictEqual(current, request)) return true;
      throw storeUnavailable();
    }
    this.items.set(request.id, copy(request));
    return true;
  }

  async keyClaim(keyId: KeyId): Promise<KeyClaim | undefined> {
    this.faults.check('keyClaim');
    const claim = this.claims.get(keyId);
    return claim && copy(claim);
  }

  async claimKey(keyId: KeyId, requestId: string, at: Date, replacing?: string): Promise<boolean> {
    this.faults.check('claimKey');
    const held = this.claims.get(keyId)?.requestId;
    if (replacing ? held !== replacing : held !== undefined) return held === requestId;
    this.claims.set(keyId, { keyId, requestId, claimedAt: new Date(at.getTime()) });
    return true;
  }

  async releaseKey(keyId: KeyId, requestId: string): Promise<void> {
    this.faults.check('releaseKey');
    const claim = this.claims.get(keyId);
    if (claim?.requestId === requestId) this.claims.set(keyId, { keyId, claimedAt: claim.claimedAt });
  }

  async voidRequest(requestId: string): Promise<boolean> {
    this.faults.check('voidRequest');
    if (this.items.has(requestId)) return false;
    this.voided.add(requestId);
    return true;
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    this.faults.check('get');
    return this.peek(id);
  }

  async transition(
    request: ApprovalRequest,
    change: TransitionChange,
    conditions: TransitionConditions = {},
  ): Promise<ApprovalRequest> {
    this.faults.check('transition');
    const hook = this.beforeWrites.shift();
    if (hook) await hook();
    const entry = { ...change.entry, writeId: change.entry.writeId ?? randomUUID() };
    const current = this.items.get(request.id);
    if (!current || !holds(current, request, conditions)) {
      if (current?.history.some((stored) => stored.writeId === entry.writeId)) return copy(current);
      throw new StaleTransitionError(request.id, current && copy(current));
    }
    const next: ApprovalRequest = {
      ...current,
      state: change.to,
      version: current.version + 1,
      history: [...current.history, entry],
      approvals: change.addApproval
        ? [...current.approvals, { by: change.addApproval.by as SlackUserId, at: change.addApproval.at }]
        : current.approvals,
    };
    if (change.outcome !== undefined) next.outcome = change.outcome;
    if (change.lease) next.lease = change.lease;
    else if (change.lease === null) delete next.lease;
    this.items.set(request.id, copy(next));
    return copy(next);
  }

  /** The same condition as the DynamoDB store: still PENDING, and reminded last at `previous`. */
  async claimReminder(id: string, previous: Date | undefined, at: Date): Promise<boolean> {
    this.faults.check('claimReminder');
    const stored = this.items.get(id);
    if (!stored || stored.state !== 'PENDING') return false;
    if ((stored.remindedAt?.getTime() ?? undefined) !== (previous?.getTime() ?? undefined)) return false;
    this.items.set(id, { ...stored, remindedAt: new Date(at.getTime()) });
    return true;
  }

  /** The same condition as the DynamoDB store: still PENDING; the version is left alone. */
  async noteKeyStatus(id: string, change: KeyStatusChange): Promise<ApprovalRequest | undefined> {
    this.faults.check('noteKeyStatus');
    const stored = this.items.get(id);
    if (!stored || stored.state !== 'PENDING') return undefined;
    const next = { ...stored, keyStatusChange: copy(change) };
    this.items.set(id, next);
    return copy(next);
  }

  async attachMessage(id: string, message: MessageRef): Promise<void> {
    this.faults.check('attachMessage');
    const current = this.items.get(id);
    // DynamoDB's attribute_exists(pk) fails for a missing item, which the adapter cannot tell from an outage.
    if (!current) throw storeUnavailable();
    current.message = copy(message);
  }

  async listByState(state: OpenState, limit = 200): Promise<ApprovalRequest[]> {
    this.faults.check('listByState');
    return [...this.items.values()]
      .filter((request) => request.state === state)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map(copy);
  }

  async slice(
    state: OpenState,
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<ApprovalRequest>[]> {
    this.faults.check('slice');
    // The index's sort key, `<createdAt>#<id>`: the same string order as gsi1sk.
    const positioned = [...this.items.values()]
      .filter((request) => request.state === state)
      .map((request) => ({
        item: copy(request),
        position: `${request.createdAt.toISOString()}#${request.id}` as PagePosition,
      }))
      .sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    if (order === 'backward') positioned.reverse();
    const after = (position: PagePosition) =>
      from === undefined || (order === 'forward' ? position > from : position < from);
    return positioned.filter((entry) => after(entry.position)).slice(0, limit);
  }
}

function holds(current: ApprovalRequest, read: ApprovalRequest, conditions: TransitionConditions): boolean {
  if (current.state !== read.state || current.version !== read.version) return false;
  if (
    conditions.requireUnexpiredAt &&
    !(current.expiresAt.getTime() > conditions.requireUnexpiredAt.getTime())
  ) {
    return false;
  }
  return !(conditions.requireLease && current.lease?.id !== conditions.requireLease);
}
