import { startCloudTrailServer, type CloudTrailServer } from '../../../../sandbox/cloudtrail';
import { CloudTrailActivity } from '../../../../src/platform/aws/exposure/cloudtrail-activity';
import type { KeyId } from '../../../../src/kernel/types';
import { capturedLog } from '../../../support/fakes';
import { oneAccount } from '../../../support/one-account';

const ACCOUNT = '123456789012';
const KEY = 'AKIALEAKED0000000001' as KeyId;

/** LookupEvents by AccessKeyId through the real @aws-sdk/client-cloudtrail against the stand-in. */
describe('CloudTrailActivity', () => {
  let cloudTrail: CloudTrailServer;
  const accounts = oneAccount('http://127.0.0.1:9');
  const account = accounts.all()[0]!;

  beforeEach(async () => {
    cloudTrail = await startCloudTrailServer({ host: '127.0.0.1' });
  });
  afterEach(() => cloudTrail.close());
  afterAll(() => accounts.close());

  function activity(maxEventsPerRegion?: number) {
    return new CloudTrailActivity(accounts, {
      endpoint: cloudTrail.url,
      log: capturedLog().log,
      pacing: { baseBackoffMs: 20, maxBackoffMs: 50 },
      ...(maxEventsPerRegion ? { maxEventsPerRegion } : {}),
    });
  }

  it('pages 50 at a time, paced under 2 calls a second per region, and stops at the bound ("at least")', async () => {
    const now = Date.now();
    cloudTrail.addEvents(
      ACCOUNT,
      'us-east-1',
      Array.from({ length: 120 }, (_, i) => ({
        eventName: i % 3 === 0 ? 'PutObject' : 'GetObject',
        eventTime: new Date(now - (i + 1) * 60_000),
        accessKeyId: KEY,
        sourceIPAddress: '203.0.113.7',
        userAgent: 'aws-sdk-go',
      })),
    );
    const [region] = await activity(100).lookup(
      account,
      { keyId: KEY, days: 7, regions: ['us-east-1'] },
      'system',
    );

    expect(region).toMatchObject({ region: 'us-east-1', truncated: true });
    expect(region && 'events' in region && region.events).toHaveLength(100);
    expect(region && 'events' in region && region.events[0]).toMatchObject({
      sourceIp: '203.0.113.7',
      userAgent: 'aws-sdk-go',
    });
    const calls = cloudTrail.calls();
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.status === 200 && call.attribute === 'AccessKeyId')).toBe(true);
  });

  it('each region on its own: one down is named, the other answers', async () => {
    cloudTrail.addEvents(ACCOUNT, 'eu-west-1', [
      { eventName: 'ListUsers', eventTime: new Date(), accessKeyId: KEY },
    ]);
    cloudTrail.setOutage('connection-reset', 'us-east-1');
    const regions = await activity().lookup(
      account,
      { keyId: KEY, days: 1, regions: ['us-east-1', 'eu-west-1'] },
      'system',
    );
    expect(regions).toEqual([
      { region: 'us-east-1', failure: 'unavailable' },
      {
        region: 'eu-west-1',
        events: [expect.objectContaining({ eventName: 'ListUsers' })],
        truncated: false,
      },
    ]);
  });

  it('access denied is said as such, and not retried', async () => {
    cloudTrail.injectFault({ kind: 'access-denied', times: 10 });
    const [region] = await activity().lookup(
      account,
      { keyId: KEY, days: 1, regions: ['us-east-1'] },
      'system',
    );
    expect(region).toEqual({ region: 'us-east-1', failure: 'denied' });
    expect(cloudTrail.calls()).toHaveLength(1);
  });
});
