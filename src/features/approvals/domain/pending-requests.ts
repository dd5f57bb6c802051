import type { Actor } from '../../../kernel/authorization';
import { done, refused, type Outcome } from '../../../kernel/outcome';
import { keeping, readPage, type Page, type PageCursor, type SliceReader } from '../../../kernel/page';
import type { ApprovalPages } from './ports/approval-pages';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock } from '../../../kernel/types';
import { isExpired, type ApprovalRequest } from './approval';

export const PENDING_PAGE = 20;
/** The most of one person's own requests the Home reads (it shows 10 and counts the rest). */
export const MINE_LIMIT = 200;
/** The most pending requests counted for the metric; a backlog beyond it reads as this many. */
export const COUNT_LIMIT = 1_000;

/** A page of `/keys approvals`; `everyone`: the reader sees every request, not only their own. */
export type PendingPage = Page<ApprovalRequest> & { everyone: boolean };

/**
 * The one read model of pending requests: `/keys approvals`, a page at a time, oldest first, and
 * the Home's list of a person's own. Who sees what is decided from the actor on every page, never
 * from the click: approvers and admins see every pending request, anyone else their own.
 */
export class PendingRequests {
  constructor(
    private readonly pages: ApprovalPages,
    private readonly clock: Clock,
  ) {}

  async page(actor: Actor, cursor?: PageCursor): Promise<Outcome<PendingPage>> {
    const now = this.clock.now();
    const everyone = actor.isApprover || actor.isAdmin;
    const visible = (request: ApprovalRequest) =>
      this.live(request, now) && (everyone || request.requestedBy === actor.slackUserId);
    try {
      return done({ ...(await readPage(this.keeping(visible), cursor, PENDING_PAGE)), everyone });
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }

  /** The person's own pending requests, oldest first (the Home's "Your open requests"). */
  async mine(actor: Actor): Promise<Outcome<ApprovalRequest[]>> {
    const now = this.clock.now();
    const own = (request: ApprovalRequest) =>
      this.live(request, now) && request.requestedBy === actor.slackUserId;
    try {
      const found = await this.keeping(own)('forward', undefined, MINE_LIMIT);
      return done(found.map((positioned) => positioned.item));
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }

  /**
   * How many requests wait for a decision, counted up to `limit` (keywarden_approvals_pending reads it
   * at each scrape: one query of the pending index, bounded).
   */
  async count(limit = COUNT_LIMIT): Promise<number> {
    const now = this.clock.now();
    return (await this.keeping((request) => this.live(request, now))('forward', undefined, limit)).length;
  }

  // The index is eventually consistent and keeps expired requests until the sweep: check both.
  private live(request: ApprovalRequest, now: Date): boolean {
    return request.state === 'PENDING' && !isExpired(request, now);
  }

  private keeping(keep: (request: ApprovalRequest) => boolean): SliceReader<ApprovalRequest> {
    return keeping((order, from, limit) => this.pages.slice('PENDING', order, from, limit), keep);
  }
}
