import type { LastReported } from './ports';

/** A run as the Home keeps it: when it ran, and each account it covered (failed ones marked). */
interface RunSummary {
  ranAt: Date;
  accounts: ReadonlyArray<{ name: string; id?: string; failure?: string }>;
}

/**
 * When each account was last covered by a posted report: the newest run, of any entry, that scanned
 * it (a run that could not reach it does not count), by id where known, else by name.
 */
export function lastReportedFrom(runs: { lastReportRuns(): Promise<readonly RunSummary[]> }): LastReported {
  return {
    async lastReported() {
      const last = new Map<string, Date>();
      for (const run of await runs.lastReportRuns()) {
        for (const account of run.accounts) {
          if (account.failure !== undefined) continue;
          for (const key of account.id ? [account.id, account.name] : [account.name]) {
            const seen = last.get(key);
            if (!seen || seen < run.ranAt) last.set(key, run.ranAt);
          }
        }
      }
      return last;
    },
  };
}
