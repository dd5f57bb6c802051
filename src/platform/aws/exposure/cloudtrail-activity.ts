import { CloudTrailClient, LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { LRUCache } from 'lru-cache';
import { KeywardenError } from '../../../kernel/errors';
import type { Account } from '../../../kernel/accounts';
import type { Caller } from '../../../kernel/ports/accounts';
import { DAY_MS, type KeyId } from '../../../kernel/types';
import type { Logger } from '../../logger';
import type { Metrics } from '../../metrics/metrics';
import { countAwsCalls } from '../../metrics/aws-call-metrics';
import type { SdkIamAccounts } from '../iam-accounts';
import { PacedCalls, type PacingOptions } from '../paced-calls';
import { toIamError } from '../iam-errors';
import { failureOf, type LookupFailure } from './lookup-failure';

export interface TrailEventRead {
  eventName: string;
  at: Date;
  sourceIp?: string;
  userAgent?: string;
}

export type RegionRead =
  | { region: string; events: TrailEventRead[]; truncated: boolean }
  | { region: string; failure: LookupFailure };

export interface CloudTrailActivityOptions {
  /** Tests and the sandbox point at a stand-in; production leaves it to AWS_ENDPOINT_URL_CLOUDTRAIL. */
  endpoint?: string;
  /** Events read per key and region at most; beyond it the card says "at least". */
  maxEventsPerRegion?: number;
  /** CloudTrail allows 2 LookupEvents a second per account and region: the pacer's rate and retries. */
  pacing?: PacingOptions;
  timeouts?: { connectionMs?: number; requestMs?: number };
  metrics?: Metrics;
  log: Logger;
}

const PAGE_SIZE = 50;
const MAX_EVENTS = 1_000;
const CLOUDTRAIL_RATE = 2;
/** (account, caller, region) clients kept. */
const MAX_CLIENTS = 200;

/** sourceIPAddress and userAgent are inside the event's JSON; anything unreadable is left out. */
function detailsOf(event: Event): { sourceIp?: string; userAgent?: string } {
  try {
    const parsed = JSON.parse(event.CloudTrailEvent ?? '{}') as {
      sourceIPAddress?: unknown;
      userAgent?: unknown;
    };
    return {
      ...(typeof parsed.sourceIPAddress === 'string' ? { sourceIp: parsed.sourceIPAddress } : {}),
      ...(typeof parsed.userAgent === 'string' ? { userAgent: parsed.userAgent } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * What a key did, from CloudTrail LookupEvents by AccessKeyId: in the key's account as the
 * caller's session (a role account's AssumeRole session, shared with IAM), one region a call, 50
 * events a page, paced per account and region to CloudTrail's 2 calls a second with backoff on
 * throttling (PacedCalls: the SDK's paginator cannot sit over a paced send), bounded per region.
 * The regions are read at once; each answers its events or its failure, never an exception.
 */
export class CloudTrailActivity {
  private readonly pacers = new Map<string, PacedCalls>();
  private readonly clients = new LRUCache<string, CloudTrailClient>({
    max: MAX_CLIENTS,
    dispose: (client) => client.destroy(),
  });

  constructor(
    private readonly accounts: SdkIamAccounts,
    private readonly options: CloudTrailActivityOptions,
  ) {}

  async lookup(
    account: Account,
    query: { keyId: KeyId; days: number; regions: readonly string[] },
    caller: Caller,
  ): Promise<RegionRead[]> {
    return Promise.all(query.regions.map((region) => this.region(account, region, query, caller)));
  }

  close(): void {
    this.clients.clear();
  }

  private async region(
    account: Account,
    region: string,
    query: { keyId: KeyId; days: number },
    caller: Caller,
  ): Promise<RegionRead> {
    const bound = this.options.maxEventsPerRegion ?? MAX_EVENTS;
    const end = new Date();
    const start = new Date(end.getTime() - query.days * DAY_MS);
    const events: TrailEventRead[] = [];
    let token: string | undefined;
    try {
      const client = this.client(account, caller, region);
      const pacer = this.pacer(account, region);
      do {
        const page = await pacer.send('LookupEvents', () =>
          client.send(
            new LookupEventsCommand({
              LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: query.keyId }],
              StartTime: start,
              EndTime: end,
              MaxResults: PAGE_SIZE,
              NextToken: token,
            }),
          ),
        );
        for (const event of page.Events ?? []) {
          if (events.length >= bound) break;
          events.push({
            eventName: event.EventName ?? 'unknown',
            at: event.EventTime ?? end,
            ...detailsOf(event),
          });
        }
        token = page.NextToken;
      } while (token && events.length < bound);
      return { region, events, truncated: token !== undefined };
    } catch (error) {
      const failure = error instanceof KeywardenError ? error : toIamError(error, 'LookupEvents');
      this.options.log.warn({ err: failure, account: account.name, region }, 'CloudTrail could not be read');
      return { region, failure: failureOf(failure) };
    }
  }

  private pacer(account: Account, region: string): PacedCalls {
    const key = `${account.id ?? account.name}\u0000${region}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new PacedCalls({
        initialRate: CLOUDTRAIL_RATE,
        maxRate: CLOUDTRAIL_RATE,
        minRate: 0.5,
        maxAttempts: 4,
        baseBackoffMs: 500,
        maxBackoffMs: 4_000,
        ...this.options.pacing,
      });
      this.pacers.set(key, pacer);
    }
    return pacer;
  }

  private client(account: Account, caller: Caller, region: string): CloudTrailClient {
    const key = `${account.name}\u0000${caller}\u0000${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const { endpoint, timeouts, metrics } = this.options;
      client = new CloudTrailClient({
        region,
        // PacedCalls retries (with backoff): the SDK's own retries under it would double them.
        maxAttempts: 1,
        credentials: this.accounts.credentials(account, caller),
        requestHandler: {
          connectionTimeout: timeouts?.connectionMs ?? 3_000,
          requestTimeout: timeouts?.requestMs ?? 10_000,
          throwOnRequestTimeout: true,
        },
        ...(endpoint ? { endpoint } : {}),
      });
      if (metrics) countAwsCalls(client, metrics);
      this.clients.set(key, client);
    }
    return client;
  }
}
