import {
  AccessDeniedException,
  CloudTrailClient,
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  paginateLookupEvents,
  ThrottlingException,
} from '@aws-sdk/client-cloudtrail';
import { startCloudTrailServer, type CloudTrailServer, type TrailEvent } from '../../../sandbox/cloudtrail';

const KEY = 'AKIALEAKEDKEY0000001';
const OTHER_KEY = 'AKIAOTHERKEY00000002';
const BOT = { accessKeyId: 'AKIDCLOUDTRAILBOT', secretAccessKey: 'cloudtrail-test' };
const PROD_BOT = { accessKeyId: 'AKIDCLOUDTRAILPROD', secretAccessKey: 'cloudtrail-test' };
const HOME = '123456789012';
const PROD = '111111111111';
const NOW = Date.now();
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000);

function byKey(accessKeyId: string, extra: Partial<LookupEventsCommandInput> = {}): LookupEventsCommand {
  return new LookupEventsCommand({
    LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }],
    ...extra,
  });
}

describe('the CloudTrail stand-in: LookupEvents over AWS JSON 1.1, for the real client', () => {
  let server: CloudTrailServer;
  const clients: CloudTrailClient[] = [];
  const client = (region = 'us-east-1', credentials = BOT, maxAttempts = 1) => {
    const made = new CloudTrailClient({ endpoint: server.url, region, credentials, maxAttempts });
    clients.push(made);
    return made;
  };

  async function start(ratePerSecond = Infinity): Promise<void> {
    server = await startCloudTrailServer({
      ratePerSecond,
      accountOf: (keyId) =>
        keyId === PROD_BOT.accessKeyId ? PROD : keyId === BOT.accessKeyId ? HOME : undefined,
    });
  }
  afterEach(async () => {
    for (const made of clients.splice(0)) made.destroy();
    await server.close();
  });

  it("finds a key's events, newest first, with the record's IP address, user agent and region", async () => {
    await start();
    const events: TrailEvent[] = [
      {
        eventName: 'ListBuckets',
        eventTime: at(30),
        accessKeyId: KEY,
        eventSource: 's3.amazonaws.com',
        sourceIPAddress: '198.51.100.7',
        userAgent: 'curl/8.5',
        username: 'alice',
      },
      {
        eventName: 'GetCallerIdentity',
        eventTime: at(10),
        accessKeyId: KEY,
        eventSource: 'sts.amazonaws.com',
        username: 'alice',
      },
      { eventName: 'CreateUser', eventTime: at(20), accessKeyId: OTHER_KEY },
    ];
    server.addEvents(HOME, 'us-east-1', events);
    const answer = await client().send(byKey(KEY));
    expect(answer.NextToken).toBeUndefined();
    expect(answer.Events?.map((e) => e.EventName)).toEqual(['GetCallerIdentity', 'ListBuckets']);
    const listBuckets = answer.Events?.[1];
    expect(listBuckets).toMatchObject({
      EventId: expect.any(String),
      EventSource: 's3.amazonaws.com',
      Username: 'alice',
      AccessKeyId: KEY,
      ReadOnly: 'true',
      EventTime: new Date(Math.floor(at(30).getTime() / 1000) * 1000),
    });
    expect(JSON.parse(listBuckets?.CloudTrailEvent ?? '{}')).toMatchObject({
      sourceIPAddress: '198.51.100.7',
      userAgent: 'curl/8.5',
      awsRegion: 'us-east-1',
      eventName: 'ListBuckets',
      userIdentity: { accessKeyId: KEY, accountId: HOME, userName: 'alice' },
    });
    expect(server.calls()).toEqual([
      expect.objectContaining({
        action: 'LookupEvents',
        status: 200,
        account: HOME,
        region: 'us-east-1',
        accessKeyId: KEY,
        attribute: 'AccessKeyId',
        events: 2,
        callerKeyId: BOT.accessKeyId,
      }),
    ]);
  });

  it('keeps each region and account apart: the signing scope picks the region, the signing key the account', async () => {
    await start();
    server.addEvents(HOME, 'eu-west-1', [{ eventName: 'RunInstances', eventTime: at(5), accessKeyId: KEY }]);
    server.addEvents(PROD, 'us-east-1', [{ eventName: 'PutObject', eventTime: at(5), accessKeyId: KEY }]);
    expect((await client('us-east-1').send(byKey(KEY))).Events).toEqual([]);
    expect((await client('eu-west-1').send(byKey(KEY))).Events?.map((e) => e.EventName)).toEqual([
      'RunInstances',
    ]);
    expect((await client('us-east-1', PROD_BOT).send(byKey(KEY))).Events?.map((e) => e.EventName)).toEqual([
      'PutObject',
    ]);
    expect(server.calls().map((c) => [c.account, c.region])).toEqual([
      [HOME, 'us-east-1'],
      [HOME, 'eu-west-1'],
      [PROD, 'us-east-1'],
    ]);
  });

  it('pages 50 at a time with a NextToken the SDK paginator follows, within the time range', async () => {
    await start();
    server.addEvents(
      HOME,
      'us-east-1',
      Array.from({ length: 120 }, (_, n) => ({ eventName: `Call${n}`, eventTime: at(n), accessKeyId: KEY })),
    );
    const seen: string[] = [];
    for await (const page of paginateLookupEvents({ client: client() }, byKey(KEY).input)) {
      seen.push(...(page.Events ?? []).map((e) => e.EventName ?? ''));
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe('Call0');
    expect(server.calls().map((c) => [c.events, c.nextPage ?? false])).toEqual([
      [50, false],
      [50, true],
      [20, true],
    ]);
    const windowed = await client().send(byKey(KEY, { StartTime: at(10.5), EndTime: at(4.5) }));
    expect(windowed.Events?.map((e) => e.EventName)).toEqual([
      'Call5',
      'Call6',
      'Call7',
      'Call8',
      'Call9',
      'Call10',
    ]);
  });

  it('refuses what CloudTrail refuses, with its exception classes', async () => {
    await start();
    const lookups = client();
    await expect(
      lookups.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'AccessKeyId', AttributeValue: KEY },
            { AttributeKey: 'EventName', AttributeValue: 'ListBuckets' },
          ],
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidLookupAttributesException);
    await expect(lookups.send(byKey(KEY, { MaxResults: 51 }))).rejects.toBeInstanceOf(
      InvalidMaxResultsException,
    );
    await expect(lookups.send(byKey(KEY, { StartTime: at(1), EndTime: at(2) }))).rejects.toBeInstanceOf(
      InvalidTimeRangeException,
    );
    await expect(lookups.send(byKey(KEY, { NextToken: 'made-up' }))).rejects.toBeInstanceOf(
      InvalidNextTokenException,
    );
  });

  it('allows the quota per account and region, and throttles beyond it', async () => {
    await start(0.001);
    await client('us-east-1').send(byKey(KEY));
    await expect(client('us-east-1').send(byKey(KEY))).rejects.toBeInstanceOf(ThrottlingException);
    await client('us-west-2').send(byKey(KEY));
    await client('us-east-1', PROD_BOT).send(byKey(KEY));
    expect(server.calls().map((c) => c.errorCode ?? 'ok')).toEqual(['ok', 'ThrottlingException', 'ok', 'ok']);
  });

  it('fails, denies and drops to order, in one region or all; the SDK retries throttling', async () => {
    await start();
    server.injectFault({ kind: 'access-denied', region: 'eu-west-1' });
    await expect(client('us-east-1').send(byKey(KEY))).resolves.toBeDefined();
    await expect(client('eu-west-1').send(byKey(KEY))).rejects.toBeInstanceOf(AccessDeniedException);
    server.injectFault({ kind: 'server-error' });
    await expect(client().send(byKey(KEY))).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    server.injectFault({ kind: 'connection-reset' });
    await expect(client().send(byKey(KEY))).rejects.toThrow();
    server.injectFault({ kind: 'throttling', times: 1 });
    await expect(client('us-east-1', BOT, 2).send(byKey(KEY))).resolves.toBeDefined();

    server.setOutage('server-error', 'us-west-2');
    await expect(client('us-west-2').send(byKey(KEY))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 500 },
    });
    await expect(client('us-east-1').send(byKey(KEY))).resolves.toBeDefined();
    server.setOutage(undefined, 'us-west-2');
    await expect(client('us-west-2').send(byKey(KEY))).resolves.toBeDefined();
    expect(server.calls().map((c) => c.errorCode ?? 'ok')).toEqual([
      'ok',
      'AccessDeniedException',
      'InternalFailure',
      'ConnectionReset',
      'ThrottlingException',
      'ok',
      'InternalFailure',
      'ok',
      'ok',
    ]);
  });

  it('answers another operation, another content type and an oversized body with JSON errors', async () => {
    await start();
    const other = await fetch(server.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'CloudTrail_20131101.DescribeTrails',
      },
      body: '{}',
    });
    expect([other.status, ((await other.json()) as { __type: string }).__type]).toEqual([
      400,
      'UnknownOperationException',
    ]);
    const big = await fetch(server.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      },
      body: JSON.stringify({ pad: 'x'.repeat(200 * 1024) }),
    });
    expect(big.status).toBe(413);
  });
});
