import { markShownRows } from '../../../../src/features/reports/domain/line-marks';
import type { StaleKey } from '../../../../src/features/reports/domain/classify';
import type { AuditEvent, AuditLog, AuditQuery } from '../../../../src/kernel/ports/audit-log';
import type { AccessKey, IamUserName, KeyId, SlackUserId } from '../../../../src/kernel/types';
import { capturedLog } from '../../../support/fakes';

const NOW = new Date('2026-06-15T12:00:00Z');
const SINCE = new Date('2026-06-15T09:00:00Z');
const created = new Date('2025-01-02T03:04:05Z');
const row = (owner: string): StaleKey => ({
  owner: owner as IamUserName,
  account: 'default',
  slot: 1,
  status: 'Active',
  createdAt: created,
  lastUse: {},
  reasons: ['too-old'],
});
const key = (owner: string, keyId: string, status: 'Active' | 'Inactive' = 'Active'): AccessKey => ({
  owner: owner as IamUserName,
  keyId: keyId as KeyId,
  status,
  createdAt: new Date(created.getTime() + 300),
});
const event = (over: Partial<AuditEvent>): AuditEvent => ({
  at: new Date(NOW.getTime() - 60_000),
  actor: 'U0ADA' as SlackUserId,
  action: 'deactivate',
  outcome: 'ok',
  ...over,
});

class FakeTrail implements Pick<AuditLog, 'recent'> {
  constructor(
    private readonly events: AuditEvent[],
    private readonly failing = false,
  ) {}
  async recent(query: AuditQuery): Promise<AuditEvent[]> {
    if (this.failing) throw new Error('ProvisionedThroughputExceeded');
    return this.events.filter((e) => (query.keyId ? e.keyId === query.keyId : e.owner === query.owner));
  }
}

const listings: Record<string, AccessKey[] | undefined> = {
  ada: [key('ada', 'AKIAADA0000000000001', 'Inactive')],
  bob: [], // the key is gone
  cy: [key('cy', 'AKIACY00000000000001')],
  dee: [key('dee', 'AKIADEE0000000000001')],
  eve: undefined, // IAM could not list eve's keys
};
const listingOf = async (stale: StaleKey) => listings[stale.owner];
const rows = ['ada', 'bob', 'cy', 'dee', 'eve'].map(row);

describe('the marks of the rows a report shows', () => {
  it('IAM decides gone and inactive; the trail names who and when, only since the data', async () => {
    const trail = new FakeTrail([
      event({ keyId: 'AKIAADA0000000000001' as KeyId }),
      event({
        action: 'delete',
        owner: 'bob' as IamUserName,
        keyId: 'AKIABOB0000000000001' as KeyId,
        actor: 'U0APRIL' as SlackUserId,
      }),
      event({
        action: 'request-deletion',
        keyId: 'AKIACY00000000000001' as KeyId,
        actor: 'U0BOB' as SlackUserId,
      }),
      // dee's request was asked and then rejected: nothing pending.
      event({
        action: 'request-deletion',
        keyId: 'AKIADEE0000000000001' as KeyId,
        at: new Date(NOW.getTime() - 120_000),
      }),
      event({ action: 'reject', keyId: 'AKIADEE0000000000001' as KeyId }),
      // Before the data was generated: the report already knew of it.
      event({
        action: 'deactivate',
        keyId: 'AKIADEE0000000000001' as KeyId,
        at: new Date(SINCE.getTime() - 1),
      }),
    ]);
    const marks = await markShownRows(rows, listingOf, trail, SINCE, capturedLog().log);
    const at = new Date(NOW.getTime() - 60_000);
    expect([...marks]).toEqual([
      [0, { kind: 'inactive', by: 'U0ADA', at }],
      [1, { kind: 'deleted', by: 'U0APRIL', at }],
      [2, { kind: 'deletion-requested', by: 'U0BOB', at }],
    ]);
  });

  it("a change behind Keywarden's back is marked without a name; a row IAM would not list is left as it was", async () => {
    const marks = await markShownRows(rows, listingOf, new FakeTrail([]), SINCE, capturedLog().log);
    expect(marks.get(0)).toEqual({ kind: 'inactive' });
    expect(marks.get(1)).toEqual({ kind: 'deleted' });
    expect(marks.has(4)).toBe(false);
  });

  it('a trail that cannot be read still lets IAM mark the rows, and is logged', async () => {
    const { log, lines } = capturedLog();
    const marks = await markShownRows(rows, listingOf, new FakeTrail([], true), SINCE, log);
    expect(marks.get(0)).toEqual({ kind: 'inactive' });
    expect(marks.get(1)).toEqual({ kind: 'deleted' });
    expect(marks.has(2)).toBe(false);
    expect(lines.some((line) => line.includes('the audit trail could not be read'))).toBe(true);
  });
});
