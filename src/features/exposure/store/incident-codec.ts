import type { Incident } from '../domain/incident';
import type { Codec } from '../../../platform/store/dynamo-versioned-store';
import { DAY_MS } from '../../../kernel/types';
import { decodeIncident } from './item-schemas';

/** Dates become ISO strings (the document client keeps nested objects; the decoder turns them back). */
function stored(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(stored);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, inner]) => (inner === undefined ? [] : [[key, stored(inner)]])),
    );
  }
  return value;
}

/**
 * An incident stays a year after it opened: the record a review reads, and the dedupe of a key
 * that leaks again within it (a later report joins the same incident, "also reported by").
 */
export const INCIDENT_KEPT_MS = 365 * DAY_MS;

export const incidentCodec: Codec<Incident> = {
  kind: 'incident',
  expiresAt: (incident) => new Date(incident.openedAt.getTime() + INCIDENT_KEPT_MS),
  toItem: (incident) => stored(incident) as Record<string, unknown>,
  fromItem: decodeIncident,
};
