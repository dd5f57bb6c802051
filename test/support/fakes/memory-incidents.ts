import type { Incident } from '../../../src/features/exposure/domain/incident';
import type { Incidents } from '../../../src/features/exposure/domain/ports/incidents';
import { MemoryVersionedStore } from './memory-versioned-store';

/** Incidents in memory, as DynamoIncidents keeps them: `open` is false when the key has one already. */
export class MemoryIncidents extends MemoryVersionedStore<Incident> implements Incidents {
  async open(incident: Incident): Promise<boolean> {
    this.faults.check('create');
    if (this.records.has(incident.id)) return false;
    await this.create(incident);
    return true;
  }
}
