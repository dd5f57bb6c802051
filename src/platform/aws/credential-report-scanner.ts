import { setTimeout as sleep } from 'node:timers/promises';
import { GenerateCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { KeywardenError } from '../../kernel/errors';
import type { AccountScan, AccountScanner } from '../../kernel/key-facts/key-facts';
import { getCredentialReport } from './credential-report-content';
import { CredentialReportParser } from './credential-report-csv';
import { toIamError } from './iam-errors';

export interface CredentialReportOptions {
  /** How long to wait for IAM to finish the report, in all. */
  timeoutMs?: number;
  /** The wait between polls for the first few seconds, when most reports become ready. */
  firstPollMs?: number;
  /** Polls at firstPollMs before the wait starts doubling, up to maxPollMs. */
  steadyPolls?: number;
  maxPollMs?: number;
  /** Attempts of one call while IAM or STS throttle or IAM answers 5xx, the first included. */
  maxAttempts?: number;
  /** Full-jitter exponential backoff between those attempts, and while IAM has no capacity. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told each time IAM or STS throttle this scan or IAM has no capacity: fewer accounts at once help. */
  onThrottle?: () => void;
  random?: () => number;
}

const NOT_READY = 'CredentialReportNotReadyException';
const GONE = new Set(['CredentialReportNotPresentException', 'CredentialReportExpiredException']);

/** Why one attempt failed, as far as waiting is concerned. */
type Failure = 'throttled' | 'sts-throttled' | 'no-capacity' | 'unavailable' | 'final';

function failureOf(error: KeywardenError): Failure {
  if (error.code === 'IAM_THROTTLED') return 'throttled';
  if (error.code === 'IAM_LIMIT_EXCEEDED') return 'no-capacity';
  if (error.code === 'IAM_UNAVAILABLE') return 'unavailable';
  // The role's credentials are fetched as the call is signed: STS's throttling surfaces here.
  const cause = (error.cause as { name?: string } | undefined)?.name;
  if (error.code === 'ACCOUNT_UNAVAILABLE' && cause === 'Throttling') return 'sts-throttled';
  return 'final';
}

/**
 * The whole account in a few calls: GenerateCredentialReport once, then GetCredentialReport until the
 * report is there. IAM answers GenerateCredentialReport with COMPLETE while it keeps a report younger
 * than four hours, and that report is then read at once. IAM answers GetCredentialReport with
 * ReportInProgress (a 404 the SDK never retries) while a report is being made, so that is what is
 * polled: the poll that finds the report ready is the one that brings it, a round trip sooner than
 * polling GenerateCredentialReport for COMPLETE first. Polls come every firstPollMs for the first
 * seconds (IAM makes a report in seconds), then back off, within an overall bound.
 *
 * Calls go through a single-attempt client and are retried here: the SDK's retry quota is per client
 * and drains under sustained throttling, and it retries LimitExceeded ("no more capacity to launch new
 * report generation tasks", many accounts generating at once) three times within a second, where
 * that needs seconds. Throttling (IAM's or STS's for the role) and 5xx get maxAttempts with backoff;
 * no capacity is waited out with backoff until the overall bound. Each throttle is told (onThrottle).
 */
export class CredentialReportScanner implements AccountScanner {
  private readonly timeoutMs: number;
  private readonly firstPollMs: number;
  private readonly steadyPolls: number;
  private readonly maxPollMs: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;

  constructor(
    private readonly client: IAMClient,
    private readonly options: CredentialReportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.firstPollMs = options.firstPollMs ?? 500;
    this.steadyPolls = options.steadyPolls ?? 4;
    this.maxPollMs = options.maxPollMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseBackoffMs = options.baseBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  async scan(): Promise<AccountScan> {
    const deadline = Date.now() + this.timeoutMs;
    let delay = this.firstPollMs;
    let polls = 0;
    const wait = async () => {
      if (Date.now() + delay > deadline) throw this.notReady('not ready');
      await sleep(delay);
      if (++polls >= this.steadyPolls) delay = Math.min(delay * 2, this.maxPollMs);
    };
    let generate = true;
    for (;;) {
      if (generate) {
        // STARTED or INPROGRESS: the report is on its way; GetCredentialReport says when it is there.
        const state = await this.retried('GenerateCredentialReport', deadline, () => this.generate());
        if (state !== 'COMPLETE') await wait();
        generate = false;
      }
      try {
        return await this.retried('GetCredentialReport', deadline, () => this.fetch());
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (name === NOT_READY) {
          await wait();
        } else if (GONE.has(name)) {
          // Expired or gone between COMPLETE and now: ask for a new one.
          generate = true;
          await wait();
        } else {
          throw error;
        }
      }
    }
  }

  /** `call` again after throttling, 5xx or no capacity, with backoff; anything else is thrown. */
  private async retried<T>(action: string, deadline: number, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let error: KeywardenError;
      try {
        return await call();
      } catch (thrown) {
        // The report's own states are the poll's to handle, not failures.
        const name = (thrown as { name?: string }).name ?? '';
        if (name === NOT_READY || GONE.has(name)) throw thrown;
        error = toIamError(thrown, action);
      }
      const failure = failureOf(error);
      if (failure === 'final') throw error;
      if (failure !== 'unavailable') this.options.onThrottle?.();
      const waitMs = this.backoff(attempt);
      if (failure === 'no-capacity') {
        // IAM has the report on no account's behalf yet: waiting is the only way, up to the bound.
        if (Date.now() + waitMs > deadline) throw this.notReady('IAM had no capacity to generate it');
      } else if (attempt >= this.maxAttempts) {
        throw error;
      }
      await sleep(waitMs);
    }
  }

  private notReady(why: string): KeywardenError {
    return new KeywardenError(
      'IAM_REPORT_NOT_READY',
      `IAM credential report: ${why} within ${this.timeoutMs} ms`,
    );
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return Math.round(this.random() * ceiling);
  }

  private async generate(): Promise<string | undefined> {
    return (await this.client.send(new GenerateCredentialReportCommand({}))).State;
  }

  private async fetch(): Promise<AccountScan> {
    // Parsed as it downloads (CredentialReportParser): only the key facts outlive the answer.
    const { output, content: parsed } = await getCredentialReport(
      this.client,
      () => new CredentialReportParser(),
    );
    if (output.ReportFormat && output.ReportFormat !== 'text/csv') {
      throw new KeywardenError(
        'IAM_UNAVAILABLE',
        `IAM GetCredentialReport: unexpected format ${output.ReportFormat}`,
      );
    }
    return {
      source: 'credential-report',
      generatedAt: output.GeneratedTime ?? new Date(),
      keys: parsed.keys,
      users: parsed.users,
      rootActiveKeys: parsed.rootActiveKeys,
    };
  }
}
