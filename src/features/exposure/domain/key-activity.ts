import type { KeyId } from '../../../kernel/types';

/** One CloudTrail event made with the key, as the summary needs it. */
export interface TrailEvent {
  eventName: string;
  at: Date;
  sourceIp?: string;
  userAgent?: string;
}

/** Why a region's lookups did not finish: named on the card, never a reason to wait. */
export type ActivityFailure = 'throttled' | 'denied' | 'unavailable';

/** One region's lookups: the events read (up to the bound), or why they could not be. */
export type RegionActivity =
  { region: string; events: TrailEvent[]; truncated: boolean } | { region: string; failure: ActivityFailure };

export interface ActivityQuery {
  keyId: KeyId;
  days: number;
  regions: readonly string[];
}

/** What the key did, summed over the regions that answered. */
export interface ActivitySummary {
  days: number;
  /** When the lookups were made. */
  at: Date;
  count: number;
  /** True when a region's events were more than the bound: the count is "at least". */
  atLeast: boolean;
  topEvents: { name: string; count: number }[];
  sourceIps: string[];
  userAgents: string[];
  firstSeen?: Date;
  lastSeen?: Date;
  regions: string[];
  failed: { region: string; failure: ActivityFailure }[];
}

const TOP = 5;

function mostFrequent(values: Iterable<string>, limit: number): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name, count]) => ({ name, count }));
}

/** Sums the regions' lookups into what a person reads: counts, the frequent names, who and from where. */
export function summarizeActivity(
  regions: readonly RegionActivity[],
  days: number,
  at: Date,
): ActivitySummary {
  const events = regions.flatMap((region) => ('events' in region ? region.events : []));
  const times = events.map((event) => event.at.getTime());
  const present = <T>(value: T | undefined): value is T => value !== undefined;
  return {
    days,
    at,
    count: events.length,
    atLeast: regions.some((region) => 'events' in region && region.truncated),
    topEvents: mostFrequent(
      events.map((event) => event.eventName),
      TOP,
    ),
    sourceIps: mostFrequent(events.map((event) => event.sourceIp).filter(present), TOP).map((e) => e.name),
    userAgents: mostFrequent(events.map((event) => event.userAgent).filter(present), TOP).map((e) => e.name),
    ...(times.length > 0
      ? { firstSeen: new Date(Math.min(...times)), lastSeen: new Date(Math.max(...times)) }
      : {}),
    regions: regions.map((region) => region.region),
    failed: regions.flatMap((region) =>
      'failure' in region ? [{ region: region.region, failure: region.failure }] : [],
    ),
  };
}
