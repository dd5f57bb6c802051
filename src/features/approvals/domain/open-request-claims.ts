import { KeywardenError } from '../../../kernel/errors';
import type { ApprovalStore } from './ports/approval-store';
import type { Clock } from '../../../kernel/types';
import { isExpired, OPEN_STATES, type ApprovalRequest, type ApprovalState } from './approval';

/**
 * How long a claim may name a request that is not written yet before another requester may void
 * that request and take the key: far longer than the two writes between claim and request take.
 * Judged by the claimer's stored time on the reader's clock, so skew only changes when an
 * abandoned claim is freed, never whether two requests open (see `claim`).
 */
export const UNWRITTEN_CLAIM_GRACE_MS = 2 * 60_000;
/** Claims lost to other requesters before answering with what is there. */
const MAX_ATTEMPTS = 4;

export type ClaimAnswer =
  | { claimed: true }
  /** Another request holds the key; `open` is it, once it is written. */
  | { claimed: false; requestId: string; open?: ApprovalRequest };

/**
 * At most one open deletion request per key, without transactions (dynalite has none): a claim
 * item per key names the request that holds it, and is taken by one conditional write, on a free
 * claim or naming the claim it replaces. The request is written after its claim, so a reader may
 * find a claim naming a request not written yet (being written, or its writer crashed). It waits
 * for the grace above, then voids that request id with a conditional write on the request's own
 * key: from then on the late writer's create fails and it looks again, so two writers can never
 * both hold the key, whatever the clocks say. A claim whose request ended (or whose pending
 * request expired) is taken over; a request that ends releases its claim.
 */
export class OpenRequestClaims {
  constructor(
    private readonly store: ApprovalStore,
    private readonly clock: Clock,
  ) {}

  async claim(request: ApprovalRequest): Promise<ClaimAnswer> {
    let lastHolder: string | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const now = this.clock.now();
      const held = await this.store.keyClaim(request.keyId);
      if (!held) {
        const legacy = await this.openWithoutClaim(request, now);
        if (legacy) return { claimed: false, requestId: legacy.id, open: legacy };
      }
      if (!held?.requestId) {
        if (await this.store.claimKey(request.keyId, request.id, now)) return { claimed: true };
        continue;
      }
      lastHolder = held.requestId;
      const holder = await this.store.get(held.requestId);
      if (holder && isOpen(holder, now)) return { claimed: false, requestId: holder.id, open: holder };
      if (!holder) {
        if (now.getTime() - held.claimedAt.getTime() < UNWRITTEN_CLAIM_GRACE_MS) {
          return { claimed: false, requestId: held.requestId };
        }
        // Written meanwhile: look at it again.
        if (!(await this.store.voidRequest(held.requestId, now))) continue;
      }
      if (await this.store.claimKey(request.keyId, request.id, now, held.requestId)) return { claimed: true };
    }
    // Others kept winning: one of them holds the key now.
    const held = await this.store.keyClaim(request.keyId);
    const requestId = held?.requestId ?? lastHolder;
    if (!requestId) {
      throw new KeywardenError('STORE_UNAVAILABLE', `the claim on ${request.keyId} kept changing`);
    }
    return { claimed: false, requestId };
  }

  /**
   * A key never claimed may still have an open request from before claims existed: the first
   * request for it looks through the open ones once (as every request once did), so an upgrade
   * does not open a second.
   */
  private async openWithoutClaim(request: ApprovalRequest, now: Date): Promise<ApprovalRequest | undefined> {
    for (const state of OPEN_STATES) {
      const found = (await this.store.listByState(state)).find(
        (open) => open.keyId === request.keyId && open.id !== request.id && isOpen(open, now),
      );
      if (found) return found;
    }
    return undefined;
  }

  /** Best effort: a claim left on an ended request is taken over by the next requester anyway. */
  async release(request: ApprovalRequest): Promise<void> {
    await this.store.releaseKey(request.keyId, request.id, this.clock.now());
  }
}

/** Still able to lead to a deletion: pending and unexpired, approved, or being deleted. */
function isOpen(request: ApprovalRequest, now: Date): boolean {
  if (!(OPEN_STATES as readonly ApprovalState[]).includes(request.state)) return false;
  return !(request.state === 'PENDING' && isExpired(request, now));
}

export function isFinal(state: ApprovalState): boolean {
  return !(OPEN_STATES as readonly ApprovalState[]).includes(state);
}
