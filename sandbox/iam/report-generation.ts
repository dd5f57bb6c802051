import { performance } from 'node:perf_hooks';
import { IamError } from './errors';
import { credentialReportCsv } from './credential-report';
import type { IamState } from './state';

/** IAM reuses a report for four hours, and a report older than that is expired. */
export const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

export type GenerationState = 'STARTED' | 'INPROGRESS' | 'COMPLETE';

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

  constructor(private readonly state: IamState) {}

  generate(): { state: GenerationState; description?: string } {
    const now = this.state.now();
    const current = this.report;
    if (current && performance.now() < current.readyAtMs) {
      return { state: 'INPROGRESS', description: 'Report generation is in progress.' };
    }
    if (current && now.getTime() - current.generatedAt.getTime() < REPORT_REUSE_MS)
      return { state: 'COMPLETE' };
    this.report = {
      csv: credentialReportCsv(this.state, now),
      generatedAt: now,
      readyAtMs: performance.now() + this.generationMs,
    };
    return {
      state: 'STARTED',
      description: current
        ? 'The report is older than four hours. Starting a new report generation task'
        : 'No report exists. Starting a new report generation task',
    };
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
