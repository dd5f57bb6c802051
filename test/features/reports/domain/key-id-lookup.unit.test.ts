import type { Account } from '../../../../src/kernel/accounts';
import type { ReportKeyListing } from '../../../../src/kernel/ports/report-key-listing';
import { KeyIdLookup, withShownKeyIds } from '../../../../src/features/reports/domain/key-id-lookup';
import { staleReport } from '../../../../src/features/reports/domain/stale-report';
import type { AccessKey, IamUserName, KeyId } from '../../../../src/kernel/types';
import { capturedLog, iamError } from '../../../support/fakes';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const created = (user: number, slot: number) => new Date(NOW.getTime() - (200 + user * 2 + slot) * DAY);
const idOf = (user: number, slot: number) => `AKIA${String(user).padStart(14, '0')}S${slot}` as KeyId;
const name = (user: number) => `user-${user}` as IamUserName;

/** IAM as the lookup sees it: each user's two keys, created a second and some milliseconds apart. */
class FakeListing implements ReportKeyListing {
  readonly calls: string[] = [];
  readonly failing = new Set<string>();
  inFlight = 0;
  maxInFlight = 0;

  async keysOf(account: Account, owner: IamUserName): Promise<AccessKey[]> {
    this.calls.push(`${account.name}/${owner}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    if (this.failing.has(owner)) throw iamError('IAM_ACCESS_DENIED');
    const user = Number(owner.slice('user-'.length));
    return [1, 2].map((slot) => ({
      owner,
      keyId: idOf(user, slot),
      status: 'Active' as const,
      // IAM's own time has no milliseconds the credential report would have kept.
      createdAt: new Date(created(user, slot).getTime() + 400),
    }));
  }
}

/** A credential-report scan of `users` users, two stale keys each, none named. */
const report = (users: number) =>
  staleReport(
    {
      source: 'credential-report',
      generatedAt: NOW,
      users,
      keys: Array.from({ length: users }, (_, user) =>
        [1, 2].map((slot) => ({
          owner: name(user),
          slot: slot as 1 | 2,
          status: 'Active' as const,
          createdAt: created(user, slot),
          lastUse: {},
        })),
      ).flat(),
    },
    {
      thresholds: { maxAgeDays: 90, maxUnusedDays: 30 },
      exempt: new Set(),
      now: NOW,
      account: { name: 'prod' },
    },
  );

function setup() {
  const listing = new FakeListing();
  const { log, lines } = capturedLog();
  const lookup = new KeyIdLookup({
    listing,
    accounts: [{ name: 'home' }, { name: 'prod' }],
    log,
    concurrency: 3,
  });
  return { listing, lookup, lines };
}

describe('KeyIdLookup', () => {
  it('lists each user once, however often asked, a few at a time, and matches keys by creation second', async () => {
    const { listing, lookup } = setup();
    const keys = [...report(10).keys];
    const first = await lookup.name(keys);
    const again = await lookup.name(keys.slice(0, 4));
    expect(listing.calls).toHaveLength(10);
    expect(new Set(listing.calls).size).toBe(10);
    expect(listing.maxInFlight).toBe(3);
    expect(first.missing).toBe(0);
    expect(first.keys.map((key) => key.keyId)).toEqual(
      keys.map((key) => idOf(Number(key.owner.slice(5)), key.slot ?? 0)),
    );
    expect(again.keys.map((key) => key.keyId)).toEqual(first.keys.slice(0, 4).map((key) => key.keyId));
  });

  it('leaves the keys of a user IAM would not list named by slot, counts them once, and logs why', async () => {
    const { listing, lookup, lines } = setup();
    listing.failing.add(name(1));
    const keys = [...report(3).keys];
    const { keys: named, missing } = await lookup.name([...keys, ...keys]);
    expect(missing).toBe(2);
    expect(named.filter((key) => key.keyId === undefined).map((key) => key.slot)).toEqual([2, 1, 2, 1]);
    expect(
      lines.some((line) => line.includes('key ids could not be listed') && line.includes('user-1')),
    ).toBe(true);
  });

  it("lists nothing where the report's account name now names another account (by its id)", async () => {
    const listing = new FakeListing();
    const lookup = new KeyIdLookup({
      listing,
      accounts: [{ name: 'home' }, { name: 'prod', id: '222222222222' }, { name: 'old', id: '111111111111' }],
      log: capturedLog().log,
    });
    const [key] = [...report(1).keys];
    // Scanned as prod = 111111111111, since renamed `old`; `prod` went to another account.
    lookup.scannedIn([{ name: 'prod', id: '111111111111' }]);
    const { keys, missing } = await lookup.name([{ ...key!, account: 'prod' }]);
    expect(listing.calls).toEqual(['old/user-0']);
    expect(missing).toBe(0);
    expect(keys[0]?.keyId).toBeDefined();
    const elsewhere = new KeyIdLookup({
      listing,
      accounts: [{ name: 'prod', id: '222222222222' }],
      log: capturedLog().log,
    }).scannedIn([{ name: 'prod', id: '111111111111' }]);
    expect((await elsewhere.name([{ ...key!, account: 'prod' }])).missing).toBe(1);
    expect(listing.calls).toEqual(['old/user-0']);
  });

  it('names nothing for a key of an account the policy does not manage', async () => {
    const { listing, lookup } = setup();
    const [key] = [...report(1).keys];
    const { missing } = await lookup.name([{ ...key!, account: 'gone' }]);
    expect(missing).toBe(1);
    expect(listing.calls).toEqual([]);
  });
});

describe('withShownKeyIds', () => {
  it('names the rows shown with buttons, the first "Ignored" keys and the snoozed ones; never the rest', async () => {
    const { listing, lookup } = setup();
    const whole = report(100);
    const keys = [...whole.keys];
    const named = await withShownKeyIds(
      {
        ...whole,
        ignored: keys.slice(150, 160).map((key) => ({ key, runsSinceFirstNudge: 2 })),
        snoozed: { count: 1, keys: [keys[180]!] },
      },
      { rows: 20, ignored: 5 },
      lookup,
    );
    // 20 rows of 2 keys a user: 10 users; 5 ignored keys: 3 users; 1 snoozed key: 1 user.
    expect(listing.calls).toHaveLength(14);
    expect(named.keys.slice(0, 20).every((key) => key.keyId !== undefined)).toBe(true);
    expect(named.keys.slice(20).every((key) => key.keyId === undefined)).toBe(true);
    expect(named.keys).toHaveLength(200);
    expect(named.ignored?.map((entry) => entry.key.keyId !== undefined)).toEqual([
      ...Array<boolean>(5).fill(true),
      ...Array<boolean>(5).fill(false),
    ]);
    expect(named.snoozed?.keys[0]?.keyId).toBeDefined();
    expect(named.keyIdsMissing).toBeUndefined();
  });

  it('says how many shown keys IAM would not name', async () => {
    const { listing, lookup } = setup();
    // Worst first: user-4's keys are the oldest, so theirs are the first two rows.
    listing.failing.add(name(4));
    const named = await withShownKeyIds(report(5), { rows: 4, ignored: 0 }, lookup);
    expect(named.keyIdsMissing).toBe(2);
    expect(named.keys.slice(0, 4).map((key) => key.keyId === undefined)).toEqual([true, true, false, false]);
  });
});
