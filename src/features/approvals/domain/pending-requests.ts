import type { Actor } from '../../../kernel/authorization';
import { done, refused, type Outcome } from '../../../kernel/outcome';
import { keeping, readPage, type Page, type PageCursor } from '../../../kernel/page';
import type { ApprovalPages } from './ports/approval-pages';
import { storeRefusal } from '../../../kernel/store-refusal';
import type { Clock } from '../../../kernel/types';
import { isExpired, type ApprovalRequest } from './approval';

export const PENDING_PAGE = 20;

/**
 * `/keys approvals`, a page at a time, oldest first. Who sees what is decided from the actor on
 * every page, never from the click: approvers and admins see every pending request, anyone else
 * their own.
 */
export class PendingRequests {
  constructor(
    private readonly pages: ApprovalPages,
    private readonly clock: Clock,
  ) {}

  async page(actor: Actor, cursor?: PageCursor): Promise<Outcome<Page<ApprovalRequest>>> {
    const now = this.clock.now();
    const seesAll = actor.isApprover || actor.isAdmin;
    // The index is eventually consistent and keeps expired requests until the sweep: check both.
    const visible = (request: ApprovalRequest) =>
      request.state === 'PENDING' &&
      !isExpired(request, now) &&
      (seesAll || request.requestedBy === actor.slackUserId);
    try {
      const read = keeping((order, from, limit) => this.pages.slice('PENDING', order, from, limit), visible);
      return done(await readPage(read, cursor, PENDING_PAGE));
    } catch (error) {
      return refused(storeRefusal(error));
    }
  }
}
