import type { KeyId, SlackUserId } from '../../../kernel/types';

/** What reported a key: AWS Health (its event code), Trusted Advisor's check, or a person by hand. */
export type ExposureSourceKind = 'health' | 'trusted-advisor' | 'manual';

export interface ExposureSource {
  kind: ExposureSourceKind;
  /** The Health event type code, the Trusted Advisor check name, or `reported by hand`. */
  code: string;
  /** When AWS (or the person) reported it. */
  at: Date;
  /** The region the event was delivered from: Health sends IAM events to two regions. */
  region?: string;
  /** The person who reported it by hand (`/keys exposed`). */
  by?: SlackUserId;
  /** The leak's URL, where Trusted Advisor gave one. */
  url?: string;
  /** Trusted Advisor's fraud type and case id, or the reason typed by hand. */
  note?: string;
}

/** One report that a key leaked, from any source, before anything is looked up. */
export interface ExposureReport {
  keyId: KeyId;
  /** The AWS account the event names; absent for a report by hand (the key is looked for in every account). */
  accountId?: string;
  source: ExposureSource;
}

/**
 * Two reports are one source when the same kind of report says the same thing: the copy of a
 * Health event from the second region, or a redelivery, is not a new source; Trusted Advisor after
 * Health is.
 */
export function sameSource(a: ExposureSource, b: ExposureSource): boolean {
  return a.kind === b.kind && a.code === b.code && a.by === b.by;
}
