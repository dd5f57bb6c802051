import { KeywardenError } from '../../../kernel/errors';
import type { KeyId } from '../../../kernel/types';
import type { Incident } from './incident';
import type { Incidents } from './ports/incidents';

/** Writers that met each other this many times in a row are a bug, not contention. */
const MAX_TRIES = 8;

/**
 * Every change to an incident after it is opened: read, change, replace under the version read,
 * again on a conflict. The responder, a copy adding its source and a click may write at once; each
 * change is applied to what the others left. `change` returns its argument when nothing changes.
 */
export async function updateIncident(
  incidents: Incidents,
  keyId: KeyId,
  change: (incident: Incident) => Incident,
): Promise<Incident> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const current = await incidents.get(keyId);
    if (!current) throw new KeywardenError('STORE_CORRUPT', `the incident of ${keyId} is gone`);
    const next = change(current);
    if (next === current) return current;
    const written = { ...next, version: current.version + 1 };
    if (await incidents.replace(written, { state: current.state, version: current.version })) return written;
  }
  throw new KeywardenError('STORE_UNAVAILABLE', `the incident of ${keyId} kept changing under its writers`);
}
