import { performance } from 'node:perf_hooks';
import { IamError } from './errors';
import { credentialReportCsv } from './credential-report';
import type { IamState } from './state';

/** IAM reuses a report for four hours, and a report older than that is expired. */
export const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

export type GenerationState = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

/** IAM's words when too many reports are being made at once (LimitExceeded, HTTP 409). */
export const NO_CAPACITY_MESSAGE =
  'There is no more capacity to launch new report generation tasks. Try again later.';

/**
 * Report generations in progress across the whole server, bounded: IAM answers LimitExceeded when
 * too many are made at once (many accounts asked in parallel meet it). Unbounded unless set.
 */
export class GenerationCapacity {
  limit: number | undefined;
  private readonly readyAt: number[] = [];

  /** Takes a slot until `readyAtMs`; false when every slot is taken. */
  tryStart(readyAtMs: number): boolean {
    const now = performance.now();
    for (let i = this.readyAt.length - 1; i >= 0; i--) {
      if ((this.readyAt[i] as number) <= now) this.readyAt.splice(i, 1);
    }
    if (this.limit !== undefined && this.readyAt.length >= this.limit) return false;
    this.readyAt.push(readyAtMs);
    return true;
  }

  /** Every slot free: the generations holding them are done. */
  releaseAll(): void {
    this.readyAt.length = 0;
  }
}

interface Report {
  csv: string;
  generatedAt: Date;
  readyAtMs: number;
}

/**
 * The credential report's life: none, generating, complete, expired. Generation time runs on the real
 * monotonic clock (so a test waits a few milliseconds, not four hours); the four-hour reuse and expiry
 * run on the state's clock, so a test can move it. The CSV is a snapshot taken when generation starts.
 */
export class CredentialReports {
  generationMs = 50;
  private report: Report | undefined;

  constructor(
    private readonly state: IamState,
    private readonly capacity = new GenerationCapacity(),
  ) {}

  generate(): { state: GenerationState; description?: string } {
    const now = this.state.now();
    const current = this.report;
    if (current && performance.now() < current.readyAtMs) {
      return { state: 'INPROGRESS', description: 'Report generation is in progress.' };
    }
    if (current && now.getTime() - current.generatedAt.getTime() < REPORT_REUSE_MS)
      return { state: 'COMPLETE' };
    const readyAtMs = performance.now() + this.generationMs;
    if (!this.capacity.tryStart(readyAtMs)) throw new IamError('LimitExceeded', NO_CAPACITY_MESSAGE);
    this.report = {
      csv: credentialReportCsv(this.state, now),
      generatedAt: now,
      readyAtMs,
    };
    return {
      state: 'STARTED',
      description: current
        ? 'The report is older than four hours. Starting a new report generation task'
        : 'No report exists. Starting a new report generation task',
    };
  }

  /** A generation in progress is done now (its slot freed by the server, which holds the capacity). */
  finishGeneration(): void {
    if (this.report) this.report.readyAtMs = Math.min(this.report.readyAtMs, performance.now());
  }

  get(): { csv: string; generatedAt: Date } {
    const current = this.report;
    if (!current) {
      throw new IamError(
        'ReportNotPresent',
        'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
      );
    }
    if (performance.now() < current.readyAtMs) {
      throw new IamError(
        'ReportInProgress',
        'The request was rejected because the credential report is still being generated.',
      );
    }
    if (this.state.now().getTime() - current.generatedAt.getTime() >= REPORT_REUSE_MS) {
      throw new IamError(
        'ReportExpired',
        'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
      );
    }
    return { csv: current.csv, generatedAt: current.generatedAt };
  }
}
