import { z } from 'zod';
import { asKeyId } from '../../../kernel/types';
import type { ExposureReport } from './exposure-report';

/**
 * What AWS sends when a key leaks, as EventBridge delivers it to SQS (or wrapped in an SNS
 * notification). Parsed, never trusted: a body that is not one of these shapes is ignored.
 */

/** The AWS Health codes of a leaked or quarantined key; real leaks often arrive as IAM_QUARANTINE. */
export const HEALTH_RISK_CODES = [
  'AWS_RISK_CREDENTIALS_EXPOSED',
  'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED',
  'AWS_RISK_CREDENTIALS_COMPROMISED',
  'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED',
  'AWS_RISK_IAM_QUARANTINE',
] as const;

export const EXPOSED_KEYS_CHECK = 'Exposed Access Keys';

const ACCOUNT_ID = z.string().regex(/^\d{12}$/);
const TIME = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

const healthEvent = z.object({
  source: z.literal('aws.health'),
  'detail-type': z.literal('AWS Health Event'),
  account: ACCOUNT_ID.optional(),
  time: TIME.optional(),
  region: z.string().max(32).optional(),
  detail: z.object({
    service: z.literal('RISK'),
    eventTypeCode: z.enum(HEALTH_RISK_CODES),
    affectedAccount: ACCOUNT_ID.optional(),
    startTime: z.string().optional(),
    affectedEntities: z.array(z.object({ entityValue: z.string().max(128) })).max(100),
  }),
});

const trustedAdvisorEvent = z.object({
  source: z.literal('aws.trustedadvisor'),
  'detail-type': z.literal('Trusted Advisor Check Item Refresh Notification'),
  account: ACCOUNT_ID.optional(),
  time: TIME.optional(),
  region: z.string().max(32).optional(),
  detail: z.object({
    'check-name': z.literal(EXPOSED_KEYS_CHECK),
    status: z.literal('ERROR'),
    'check-item-detail': z.object({
      'Access Key ID': z.string().max(128),
      'User Name (IAM or Root)': z.string().max(128).optional(),
      Location: z.string().max(2000).optional(),
      'Fraud Type': z.string().max(200).optional(),
      'Case ID': z.string().max(200).optional(),
      Deadline: z.string().max(100).optional(),
    }),
  }),
});

const snsNotification = z.object({ Type: z.literal('Notification'), Message: z.string() });

/** What a queue message turned out to be: reports of keys, or something else (never echoed). */
export type ParsedExposureEvent =
  { kind: 'reports'; reports: ExposureReport[] } | { kind: 'ignored'; why: string };

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Only http(s) URLs are shown as the leak's location; anything else is not a link. */
function leakUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function fromEvent(event: unknown, receivedAt: Date): ParsedExposureEvent {
  const health = healthEvent.safeParse(event);
  if (health.success) {
    const { detail, account, time, region } = health.data;
    const keyIds = detail.affectedEntities.flatMap(({ entityValue }) => asKeyId(entityValue) ?? []);
    if (keyIds.length === 0) return { kind: 'ignored', why: 'a Health event naming no access key' };
    const accountId = detail.affectedAccount ?? account;
    return {
      kind: 'reports',
      reports: keyIds.map((keyId) => ({
        keyId,
        ...(accountId ? { accountId } : {}),
        source: {
          kind: 'health',
          code: detail.eventTypeCode,
          at: time ?? receivedAt,
          ...(region ? { region } : {}),
        },
      })),
    };
  }
  const advisor = trustedAdvisorEvent.safeParse(event);
  if (advisor.success) {
    const { detail, account, time, region } = advisor.data;
    const item = detail['check-item-detail'];
    const keyId = asKeyId(item['Access Key ID']);
    if (!keyId) return { kind: 'ignored', why: 'a Trusted Advisor item naming no access key' };
    const url = leakUrl(item.Location);
    const note = [item['Fraud Type'], item['Case ID'] && `case ${item['Case ID']}`]
      .filter(Boolean)
      .join(', ');
    return {
      kind: 'reports',
      reports: [
        {
          keyId,
          ...(account ? { accountId: account } : {}),
          source: {
            kind: 'trusted-advisor',
            code: EXPOSED_KEYS_CHECK,
            at: time ?? receivedAt,
            ...(region ? { region } : {}),
            ...(url ? { url } : {}),
            ...(note ? { note } : {}),
          },
        },
      ],
    };
  }
  return { kind: 'ignored', why: 'not a Health risk event or an Exposed Access Keys check' };
}

/**
 * A queue message's body: an EventBridge event, or an SNS notification whose Message is one.
 * `receivedAt` stands in for an event without a time.
 */
export function parseExposureEvent(body: string, receivedAt: Date): ParsedExposureEvent {
  const outer = json(body);
  if (outer === undefined) return { kind: 'ignored', why: 'not JSON' };
  const sns = snsNotification.safeParse(outer);
  if (sns.success) {
    const inner = json(sns.data.Message);
    if (inner === undefined) return { kind: 'ignored', why: 'an SNS notification whose message is not JSON' };
    return fromEvent(inner, receivedAt);
  }
  return fromEvent(outer, receivedAt);
}
