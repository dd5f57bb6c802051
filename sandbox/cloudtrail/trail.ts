import { randomUUID } from 'node:crypto';

/** One API call as a test or the demo tells the trail about it. */
export interface TrailEvent {
  eventName: string;
  eventTime: Date;
  accessKeyId: string;
  eventSource?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  username?: string;
  awsRegion?: string;
}

/** As the trail keeps it: every field CloudTrail's answer needs. */
export interface StoredEvent {
  eventId: string;
  eventName: string;
  eventTime: Date;
  accessKeyId: string;
  eventSource: string;
  sourceIPAddress: string;
  userAgent: string;
  username?: string;
  awsRegion: string;
  readOnly: boolean;
  account: string;
}

const READ_ONLY = /^(Get|List|Describe|Lookup|Head|Search|Batch[GD]et)/;

/** Newest first, as LookupEvents answers; the id breaks ties so paging never skips or repeats. */
export function orderKey(event: StoredEvent): string {
  return `${String(9e15 - event.eventTime.getTime()).padStart(16, '0')}:${event.eventId}`;
}

/**
 * The management events of every account and region one server holds: what LookupEvents searches,
 * each region on its own, as CloudTrail keeps an event history per region.
 */
export class Trail {
  private readonly events = new Map<string, StoredEvent[]>();

  add(account: string, region: string, events: TrailEvent[]): void {
    const list = this.events.get(`${account}/${region}`) ?? [];
    for (const event of events) {
      list.push({
        eventId: randomUUID(),
        eventName: event.eventName,
        eventTime: new Date(Math.floor(event.eventTime.getTime() / 1000) * 1000),
        accessKeyId: event.accessKeyId,
        eventSource: event.eventSource ?? 'iam.amazonaws.com',
        sourceIPAddress: event.sourceIPAddress ?? '203.0.113.10',
        userAgent: event.userAgent ?? 'aws-cli/2.17.0 Python/3.11',
        ...(event.username ? { username: event.username } : {}),
        awsRegion: event.awsRegion ?? region,
        readOnly: READ_ONLY.test(event.eventName),
        account,
      });
    }
    list.sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1));
    this.events.set(`${account}/${region}`, list);
  }

  /** Newest first. */
  of(account: string, region: string): readonly StoredEvent[] {
    return this.events.get(`${account}/${region}`) ?? [];
  }
}
