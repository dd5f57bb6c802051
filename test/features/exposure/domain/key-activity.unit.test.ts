import { summarizeActivity } from '../../../../src/features/exposure/domain/key-activity';

const AT = new Date('2026-12-07T04:00:00Z');
const event = (eventName: string, hoursAgo: number, sourceIp?: string, userAgent?: string) => ({
  eventName,
  at: new Date(AT.getTime() - hoursAgo * 3_600_000),
  ...(sourceIp ? { sourceIp } : {}),
  ...(userAgent ? { userAgent } : {}),
});

describe('summarizeActivity', () => {
  it('counts over the regions that answered, most frequent first, first and last seen; names the failed', () => {
    const summary = summarizeActivity(
      [
        {
          region: 'us-east-1',
          events: [event('ListBuckets', 5, '203.0.113.7', 'aws-cli'), event('ListBuckets', 1, '203.0.113.7')],
          truncated: false,
        },
        { region: 'eu-west-1', events: [event('GetObject', 3, '198.51.100.1', 'boto3')], truncated: true },
        { region: 'ap-south-1', failure: 'throttled' },
      ],
      7,
      AT,
    );
    expect(summary).toMatchObject({
      count: 3,
      atLeast: true,
      topEvents: [
        { name: 'ListBuckets', count: 2 },
        { name: 'GetObject', count: 1 },
      ],
      sourceIps: ['203.0.113.7', '198.51.100.1'],
      userAgents: ['aws-cli', 'boto3'],
      firstSeen: new Date(AT.getTime() - 5 * 3_600_000),
      lastSeen: new Date(AT.getTime() - 3_600_000),
      failed: [{ region: 'ap-south-1', failure: 'throttled' }],
    });
  });

  it('no events: zero, no dates', () => {
    const summary = summarizeActivity([{ region: 'us-east-1', events: [], truncated: false }], 7, AT);
    expect(summary.count).toBe(0);
    expect(summary.firstSeen).toBeUndefined();
  });
});
