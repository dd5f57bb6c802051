import { createHash } from 'node:crypto';
import { CloudTrailError } from './errors';
import { orderKey, type StoredEvent, type Trail } from './trail';

const ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

export const MAX_RESULTS = 50;
/** CloudTrail's event history reaches back 90 days. */
const HISTORY_MS = 90 * 24 * 60 * 60 * 1000;

export interface LookupQuery {
  attribute?: { key: AttributeKey; value: string };
  start: Date;
  end: Date;
  maxResults: number;
  nextToken?: string;
  /** `insight` asks for Insights events, which this trail has none of. */
  insight: boolean;
  /** What a NextToken is bound to: the query as asked (a default end time moves with the clock). */
  asked: string;
}

function isAttributeKey(value: unknown): value is AttributeKey {
  return typeof value === 'string' && (ATTRIBUTE_KEYS as readonly string[]).includes(value);
}

/** AWS JSON 1.1 sends timestamps as epoch seconds (fractions allowed). */
function epoch(value: unknown, fallback: Date): Date {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CloudTrailError('SerializationException', 'A timestamp must be a number of epoch seconds.');
  }
  return new Date(value * 1000);
}

export function parseLookup(input: Record<string, unknown>, now: Date): LookupQuery {
  const attributes = input['LookupAttributes'] ?? [];
  if (!Array.isArray(attributes) || attributes.length > 1) {
    throw new CloudTrailError(
      'InvalidLookupAttributesException',
      'You can specify only one lookup attribute.',
    );
  }
  const raw = attributes[0] as { AttributeKey?: unknown; AttributeValue?: unknown } | undefined;
  if (
    raw &&
    (!isAttributeKey(raw.AttributeKey) || typeof raw.AttributeValue !== 'string' || raw.AttributeValue === '')
  ) {
    throw new CloudTrailError('InvalidLookupAttributesException', 'The lookup attribute is not valid.');
  }
  const end = epoch(input['EndTime'], now);
  const start = epoch(input['StartTime'], new Date(end.getTime() - HISTORY_MS));
  if (start > end) {
    throw new CloudTrailError(
      'InvalidTimeRangeException',
      'The start time must be earlier than the end time.',
    );
  }
  const max = input['MaxResults'] ?? MAX_RESULTS;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
    throw new CloudTrailError(
      'InvalidMaxResultsException',
      `MaxResults must be between 1 and ${MAX_RESULTS}.`,
    );
  }
  const category = input['EventCategory'];
  if (category !== undefined && category !== 'insight') {
    throw new CloudTrailError('InvalidEventCategoryException', 'The event category is not valid.');
  }
  const token = input['NextToken'];
  return {
    ...(raw && isAttributeKey(raw.AttributeKey) && typeof raw.AttributeValue === 'string'
      ? { attribute: { key: raw.AttributeKey, value: raw.AttributeValue } }
      : {}),
    start,
    end,
    maxResults: max,
    ...(typeof token === 'string' ? { nextToken: token } : {}),
    insight: category === 'insight',
    asked: JSON.stringify([
      raw ?? null,
      input['StartTime'] ?? null,
      input['EndTime'] ?? null,
      category ?? null,
    ]),
  };
}

function matches(event: StoredEvent, attribute: LookupQuery['attribute']): boolean {
  if (!attribute) return true;
  const fields: Record<AttributeKey, string | undefined> = {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    Username: event.username,
    // The trail keeps no resources: nothing matches them.
    ResourceType: undefined,
    ResourceName: undefined,
    EventSource: event.eventSource,
    AccessKeyId: event.accessKeyId,
  };
  return fields[attribute.key] === attribute.value;
}

/** A token is good only for the query that made it, as CloudTrail's are. */
function fingerprint(query: LookupQuery): string {
  return createHash('sha256').update(query.asked).digest('hex').slice(0, 16);
}

function encodeToken(query: LookupQuery, after: string): string {
  return Buffer.from(JSON.stringify({ q: fingerprint(query), after }), 'utf8').toString('base64url');
}

function decodeToken(query: LookupQuery, token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      q?: unknown;
      after?: unknown;
    };
    if (parsed.q === fingerprint(query) && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // Falls through to CloudTrail's answer for a token it did not issue.
  }
  throw new CloudTrailError('InvalidNextTokenException', 'Invalid NextToken.');
}

/** The CloudTrailEvent string: the full record as the trail's log file holds it. */
function recordOf(event: StoredEvent): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      accountId: event.account,
      accessKeyId: event.accessKeyId,
      ...(event.username ? { userName: event.username } : {}),
    },
    eventTime: `${event.eventTime.toISOString().slice(0, 19)}Z`,
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion,
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent,
    requestParameters: null,
    responseElements: null,
    requestID: event.eventId.replace(/-/g, '').slice(0, 20),
    eventID: event.eventId,
    readOnly: event.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.account,
    eventCategory: 'Management',
  });
}

export interface LookupAnswer {
  output: Record<string, unknown>;
  events: number;
}

export function lookupEvents(
  trail: Trail,
  account: string,
  region: string,
  query: LookupQuery,
): LookupAnswer {
  const after = query.nextToken !== undefined ? decodeToken(query, query.nextToken) : undefined;
  const found = query.insight
    ? []
    : trail
        .of(account, region)
        .filter(
          (e) =>
            e.eventTime >= query.start &&
            e.eventTime <= query.end &&
            matches(e, query.attribute) &&
            (after === undefined || orderKey(e) > after),
        );
  const page = found.slice(0, query.maxResults);
  const last = page[page.length - 1];
  const events = page.map((event) => ({
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    AccessKeyId: event.accessKeyId,
    EventTime: event.eventTime.getTime() / 1000,
    EventSource: event.eventSource,
    ...(event.username ? { Username: event.username } : {}),
    Resources: [],
    CloudTrailEvent: recordOf(event),
  }));
  return {
    output: {
      Events: events,
      ...(found.length > page.length && last ? { NextToken: encodeToken(query, orderKey(last)) } : {}),
    },
    events: events.length,
  };
}
