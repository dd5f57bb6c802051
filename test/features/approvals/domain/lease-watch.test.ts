import type { ApprovalRequest } from '../../../../src/features/approvals/domain/approval';
import { LeaseWatch } from '../../../../src/features/approvals/domain/lease-watch';
import type { SlackUserId } from '../../../../src/kernel/types';
import { pendingRequest } from '../../../support/contracts/approval-store';
import { FakeClock } from '../../../support/fakes';

const HELD_FOR = 5 * 60_000;

/** An EXECUTING request as a sweep reads it; the holder's expiry is on the holder's clock. */
function executing(leaseId: string, version: number, expiresAt = new Date(0)): ApprovalRequest {
  return {
    ...pendingRequest({ id: 'r-1', state: 'EXECUTING', version }),
    lease: { id: leaseId, replica: 'holder', by: 'U0BOB' as SlackUserId, expiresAt },
  };
}

describe('LeaseWatch: a lease is abandoned only when this replica has seen it unchanged for long enough', () => {
  it('never on first sight, however long ago the holder’s clock says it ran out', () => {
    const watch = new LeaseWatch(new FakeClock(), HELD_FOR);
    expect(watch.abandoned([executing('lease-a', 3, new Date('2000-01-01T00:00:00Z'))])).toEqual([]);
  });

  it('after the whole period of this replica’s own time, the same lease and version', () => {
    const clock = new FakeClock();
    const watch = new LeaseWatch(clock, HELD_FOR);
    const request = executing('lease-a', 3);
    watch.abandoned([request]);
    clock.advance(HELD_FOR - 1);
    expect(watch.abandoned([request])).toEqual([]);
    clock.advance(1);
    expect(watch.abandoned([request])).toEqual([request]);
  });

  it('a renewal (a new version) or a new lease starts the wait again', () => {
    const clock = new FakeClock();
    const watch = new LeaseWatch(clock, HELD_FOR);
    watch.abandoned([executing('lease-a', 3)]);
    clock.advance(HELD_FOR);
    expect(watch.abandoned([executing('lease-a', 4)])).toEqual([]);
    clock.advance(HELD_FOR);
    expect(watch.abandoned([executing('lease-b', 5)])).toEqual([]);
    clock.advance(HELD_FOR);
    expect(watch.abandoned([executing('lease-b', 5)])).toHaveLength(1);
  });

  it('forgets a request that left EXECUTING: seen again later, it is seen afresh', () => {
    const clock = new FakeClock();
    const watch = new LeaseWatch(clock, HELD_FOR);
    watch.abandoned([executing('lease-a', 3)]);
    clock.advance(HELD_FOR);
    watch.abandoned([]);
    expect(watch.abandoned([executing('lease-a', 3)])).toEqual([]);
  });
});
