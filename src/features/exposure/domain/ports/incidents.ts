import type { VersionedStore } from '../../../../kernel/ports/versioned-store';
import type { Incident } from '../incident';

/**
 * Incidents, one per key (INCIDENT#<keyId>): `open` is the conditional write that makes one key
 * one incident across copies, redeliveries and replicas; every later change is a `replace` under
 * the version it was read at.
 */
export interface Incidents extends VersionedStore<Incident> {
  /** Stores a new incident; false when the key already has one (nothing is written then). */
  open(incident: Incident): Promise<boolean>;
}
