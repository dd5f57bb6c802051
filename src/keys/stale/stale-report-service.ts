import type { Actor } from '../authorization';
import { KeywardenError } from '../../errors';
import type { Logger } from '../../logger';
import type { AuditLog } from '../ports/audit-log';
import { Auditor } from '../audit/auditor';
import { iamRefusal } from '../iam-refusal';
import { done, refused, type Outcome } from '../outcome';
import type { Clock } from '../types';
import type { AccountScan, AccountScanner } from './key-facts';
import { staleReport, type FallbackCause, type StaleReport } from './stale-report';
import type { StaleThresholds } from './thresholds';

export interface StaleReportDeps {
  /** A few calls for the whole account: tried first. */
  credentialReport: AccountScanner;
  /** 1 + users + keys calls: used only when the credential report is denied or fails. */
  listing: AccountScanner;
  exempt: readonly string[];
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

/** Builds stale-key reports: through the credential report, or by listing when that is not possible. */
export class StaleReportService {
  private readonly exempt: ReadonlySet<string>;
  private readonly auditor: Auditor;

  constructor(private readonly deps: StaleReportDeps) {
    this.exempt = new Set(deps.exempt);
    this.auditor = new Auditor(deps.audit, deps.clock, deps.log);
  }

  /** Throws KeywardenError (IAM_*) when neither way of scanning worked. */
  async build(thresholds: StaleThresholds): Promise<StaleReport> {
    const { scan, fallback } = await this.scan();
    return staleReport(scan, { thresholds, exempt: this.exempt, now: this.deps.clock.now(), fallback });
  }

  /** `/keys stale`: a whole-account view, so admins only. */
  async onDemand(actor: Actor, thresholds: StaleThresholds): Promise<Outcome<StaleReport>> {
    const record = (outcome: 'ok' | 'refused' | 'failed', detail: string) =>
      this.auditor.record(actor, 'report', outcome, { detail });
    if (!actor.isAdmin) {
      await record('refused', 'stale report: not-allowed');
      return refused({ reason: 'not-allowed' });
    }
    try {
      const report = await this.build(thresholds);
      await record('ok', `stale report: ${report.counts.keys} stale keys (${report.source})`);
      return done(report);
    } catch (error) {
      const refusal = iamRefusal(error, { reason: 'iam-unavailable' });
      await record('failed', `stale report: ${refusal.reason}`);
      return refused(refusal);
    }
  }

  private async scan(): Promise<{ scan: AccountScan; fallback?: FallbackCause }> {
    try {
      return { scan: await this.deps.credentialReport.scan() };
    } catch (error) {
      const denied = error instanceof KeywardenError && error.code === 'IAM_ACCESS_DENIED';
      this.deps.log.warn(
        { err: error, code: (error as { code?: string }).code },
        denied
          ? 'credential report not permitted; listing keys instead'
          : 'credential report failed; listing keys instead',
      );
      return { scan: await this.deps.listing.scan(), fallback: denied ? 'denied' : 'failed' };
    }
  }
}
