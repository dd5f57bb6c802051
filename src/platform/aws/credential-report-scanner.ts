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
}

const NOT_READY = 'CredentialReportNotReadyException';
const GONE = new Set(['CredentialReportNotPresentException', 'CredentialReportExpiredException']);

/**
 * The whole account in a few calls: GenerateCredentialReport once, then GetCredentialReport until the
 * report is there. IAM answers GetCredentialReport with ReportInProgress (a 404 the SDK never retries)
 * while a report is being made, so that is what is polled: the poll that finds the report ready is the
 * one that brings it, a round trip sooner than polling GenerateCredentialReport for COMPLETE first.
 * Polls come every firstPollMs for the first seconds (IAM makes a report in seconds), then back off,
 * within an overall bound.
 */
export class CredentialReportScanner implements AccountScanner {
  private readonly timeoutMs: number;
  private readonly firstPollMs: number;
  private readonly steadyPolls: number;
  private readonly maxPollMs: number;

  constructor(
    private readonly client: IAMClient,
    options: CredentialReportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.firstPollMs = options.firstPollMs ?? 500;
    this.steadyPolls = options.steadyPolls ?? 4;
    this.maxPollMs = options.maxPollMs ?? 5_000;
  }

  async scan(): Promise<AccountScan> {
    const deadline = Date.now() + this.timeoutMs;
    let delay = this.firstPollMs;
    let polls = 0;
    const wait = async () => {
      if (Date.now() + delay > deadline) {
        throw new KeywardenError(
          'IAM_UNAVAILABLE',
          `IAM credential report: not ready within ${this.timeoutMs} ms`,
        );
      }
      await sleep(delay);
      if (++polls >= this.steadyPolls) delay = Math.min(delay * 2, this.maxPollMs);
    };
    let generate = true;
    for (;;) {
      if (generate) {
        // STARTED or INPROGRESS: the report is on its way; GetCredentialReport says when it is there.
        if ((await this.generate()) !== 'COMPLETE') await wait();
        generate = false;
      }
      try {
        return await this.fetch();
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (name === NOT_READY) {
          await wait();
        } else if (GONE.has(name)) {
          // Expired or gone between COMPLETE and now: ask for a new one.
          generate = true;
          await wait();
        } else {
          throw toIamError(error, 'GetCredentialReport');
        }
      }
    }
  }

  private async generate(): Promise<string | undefined> {
    try {
      return (await this.client.send(new GenerateCredentialReportCommand({}))).State;
    } catch (error) {
      throw toIamError(error, 'GenerateCredentialReport');
    }
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
