import type { ApprovalRequest, OpenState } from '../approval';
import type { PagePosition, Positioned } from '../../../../kernel/page';

/** Open requests of one state, oldest first, read a slice at a time (`/keys approvals` pages). */
export interface ApprovalPages {
  /**
   * Up to `limit` requests strictly after `from`, oldest first (`forward`) or newest first
   * (`backward`); fewer only when none remain. Items that do not decode are left out, not counted.
   */
  slice(
    state: OpenState,
    order: 'forward' | 'backward',
    from: PagePosition | undefined,
    limit: number,
  ): Promise<Positioned<ApprovalRequest>[]>;
}
