import type { Clock } from '../../../kernel/types';
import type { ApprovalRequest } from './approval';

interface Sighting {
  /** The lease and the request's version as seen: a renewal, or any write, changes the version. */
  mark: string;
  /** When this replica first saw that mark, on its own clock. */
  since: number;
}

/**
 * Which deletion leases this replica may take over, judged by its own clock only. A lease's stored
 * expiry was written by its holder's clock; read against another replica's clock it is off by their
 * skew (six minutes of skew once let a sweep take a live lease and delete a second time). So a lease
 * counts as abandoned only when this replica has seen it unchanged (the same lease and the same
 * version) for `heldFor` of its own time. A holder that works longer than that renews its lease
 * (a write, which bumps the version) and is seen afresh. Only durations on one clock are compared:
 * any offset between replicas' clocks is harmless; only a clock that runs fast shortens the wait.
 */
export class LeaseWatch {
  private readonly sightings = new Map<string, Sighting>();

  constructor(
    private readonly clock: Clock,
    private readonly heldFor: number,
  ) {}

  /**
   * Called by each sweep with every EXECUTING request it read. Returns those whose lease this
   * replica has watched unchanged for `heldFor`; forgets requests that are no longer executing.
   */
  abandoned(executing: readonly ApprovalRequest[]): ApprovalRequest[] {
    const now = this.clock.now().getTime();
    const seen = new Set<string>();
    const abandoned: ApprovalRequest[] = [];
    for (const request of executing) {
      seen.add(request.id);
      const mark = `${request.lease?.id ?? 'no lease'}#${request.version}`;
      const sighting = this.sightings.get(request.id);
      if (!sighting || sighting.mark !== mark) {
        this.sightings.set(request.id, { mark, since: now });
      } else if (now - sighting.since >= this.heldFor) {
        abandoned.push(request);
      }
    }
    for (const id of this.sightings.keys()) if (!seen.has(id)) this.sightings.delete(id);
    return abandoned;
  }
}
