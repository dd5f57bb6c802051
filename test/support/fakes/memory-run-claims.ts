import type { RunClaims, ScheduledRun } from '../../../src/kernel/ports/run-claims';
import { Faults } from './faults';

/** One claim per run (report and scheduled instant): the first caller wins, every later one loses. */
export class MemoryRunClaims implements RunClaims {
  readonly faults = new Faults<'claim'>();
  readonly claims = new Map<string, { claimedBy: string; at: Date }>();

  async claim(run: ScheduledRun, claimedBy: string, at: Date): Promise<boolean> {
    this.faults.check('claim');
    const key = `${run.report}#${run.scheduledAt.toISOString()}`;
    if (this.claims.has(key)) return false;
    this.claims.set(key, { claimedBy, at });
    return true;
  }
}
