import type { IAMClient } from '@aws-sdk/client-iam';
import { IamState, startIamServer, type IamServer } from '../../../sandbox/iam';
import { createIamClients } from '../../../src/platform/aws/iam-client';
import { ListingScanner } from '../../../src/platform/aws/listing-scanner';
import { TEST_CREDENTIALS } from '../../support/bot';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

function account(users: number): IamState {
  const state = new IamState({ now: () => NOW });
  for (let i = 0; i < users; i++) {
    const name = `user-${String(i).padStart(3, '0')}`;
    state.addUser(name);
    state.addKey(name, { createDate: new Date(NOW.getTime() - (100 + i) * DAY) });
    if (i % 2 === 0) {
      state.addKey(name, {
        createDate: new Date(NOW.getTime() - i * DAY),
        status: 'Inactive',
        lastUsed: { date: new Date(NOW.getTime() - DAY), serviceName: 's3', region: 'eu-west-1' },
      });
    }
  }
  return state;
}

describe('ListingScanner against the IAM stand-in', () => {
  let server: IamServer;
  let client: IAMClient;

  afterEach(async () => {
    client.destroy();
    await server.close();
  });

  async function start(state: IamState): Promise<void> {
    server = await startIamServer({ state });
    client = createIamClients({ endpoint: server.url, credentials: TEST_CREDENTIALS }).singleAttempt;
  }

  it('lists every user across pages, then each key and its last use: 1 + users + keys calls', async () => {
    await start(account(7));
    const scan = await new ListingScanner(client, {
      pageSize: 3,
      pacing: { initialRate: 500, maxRate: 500 },
    }).scan();
    expect(scan.source).toBe('listing');
    expect(scan.users).toBe(7);
    expect(scan.keys).toHaveLength(11);
    expect(server.calls('ListUsers')).toHaveLength(3);
    expect(server.calls('ListAccessKeys')).toHaveLength(7);
    expect(server.calls('GetAccessKeyLastUsed')).toHaveLength(11);
    const used = [...scan.keys].find((key) => key.status === 'Inactive');
    expect(used?.keyId).toMatch(/^AKIA/);
    expect(used?.lastUse).toEqual({ at: new Date(NOW.getTime() - DAY), service: 's3', region: 'eu-west-1' });
    expect([...scan.keys].find((key) => key.owner === 'user-001')?.lastUse).toEqual({});
  });

  it('paces itself under sustained throttling and still reads every key', async () => {
    await start(account(20));
    server.setRateLimit(25);
    // The bucket's burst alone throttles only a scan faster than about 50 calls a second, which a loaded
    // machine may not be: these throttles come whatever the speed, so the pacing is always exercised.
    server.injectFault({ action: 'GetAccessKeyLastUsed', code: 'Throttling', times: 4 });
    const scanner = new ListingScanner(client, {
      concurrency: 6,
      pacing: { initialRate: 100, maxRate: 100, baseBackoffMs: 100, maxBackoffMs: 2_000 },
    });
    const scan = await scanner.scan();
    expect(scan.keys).toHaveLength(30);
    const throttled = server.calls().filter((call) => call.errorCode === 'Throttling');
    expect(throttled.length).toBeGreaterThan(0);
    expect(scanner.lastStats?.throttled).toBe(throttled.length);
    // Each throttle halved the rate (at most once a second), so it ends well below where it began.
    expect(scanner.lastStats?.rate).toBeLessThan(100);
  });
});
