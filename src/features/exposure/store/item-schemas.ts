import { z } from 'zod';
import type { Incident } from '../domain/incident';
import {
  accountId,
  accountName,
  decoder,
  iamUser,
  keyId,
  message,
  optional,
  slackUser,
  version,
  when,
} from '../../../platform/store/item-schemas';

/** Incidents (INCIDENT#<keyId>), decoded, not cast (see platform/store/item-schemas.ts for why). */
const failure = z.enum(['throttled', 'denied', 'unavailable']);
const text = (max: number) => z.string().max(max);

const source = z.object({
  kind: z.enum(['health', 'trusted-advisor', 'manual']),
  code: text(100),
  at: when,
  region: optional(text(32)),
  by: optional(slackUser),
  url: optional(text(2000)),
  note: optional(text(1000)),
});

const finding = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('found'),
    owner: iamUser,
    lastUse: z.object({ at: optional(when), service: optional(text(100)), region: optional(text(32)) }),
    ownerSlack: optional(slackUser),
  }),
  z.object({ kind: z.literal('not-managed'), accountId }),
  z.object({ kind: z.literal('no-such-key') }),
  z.object({ kind: z.literal('unresolved'), why: text(100) }),
]);

const containment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inactive'), at: when, alreadyInactive: z.boolean() }),
  z.object({
    kind: z.literal('not-contained'),
    why: z.enum(['policy', 'not-found', 'failed']),
    detail: optional(text(100)),
  }),
]);

const names = z.array(text(200)).max(200);
const permissions = z.union([
  z.object({ managedPolicies: names, inlinePolicies: names, groups: names, quarantined: z.boolean() }),
  z.object({ failure }),
]);

const activity = z.union([
  z.object({
    days: z.number().int().min(1).max(90),
    at: when,
    count: z.number().int().min(0),
    atLeast: z.boolean(),
    topEvents: z.array(z.object({ name: text(200), count: z.number().int() })).max(20),
    sourceIps: z.array(text(100)).max(20),
    userAgents: z.array(text(500)).max(20),
    firstSeen: optional(when),
    lastSeen: optional(when),
    regions: z.array(text(32)).max(40),
    failed: z.array(z.object({ region: text(32), failure })).max(40),
  }),
  z.object({ failure }),
]);

const incidentSchema = z.object({
  id: keyId,
  keyId,
  state: z.literal('OPEN'),
  version,
  account: optional(accountName),
  accountId: optional(accountId),
  sources: z.array(source).min(1).max(50),
  openedAt: when,
  stage: z.enum(['responding', 'responded']),
  leaseUntil: when,
  responder: optional(z.string().uuid()),
  finding: optional(finding),
  containment: optional(containment),
  card: optional(message),
  permissions: optional(permissions),
  activity: optional(activity),
  ownerTold: optional(z.boolean()),
  reactivated: optional(
    z.object({
      by: slackUser,
      why: text(1000),
      at: when,
      stepUp: optional(z.object({ acr: optional(z.string()), amr: z.array(z.string()), authTime: when })),
    }),
  ),
});

export const decodeIncident = decoder('incident', incidentSchema) as (
  item: Record<string, unknown>,
) => Incident;
