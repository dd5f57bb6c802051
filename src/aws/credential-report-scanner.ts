import { setTimeout as sleep } from 'node:timers/promises';
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { KeywardenError } from '../errors';
import type { AccountScan, AccountScanner } from '../keys/stale/key-facts';
import { parseCredentialReport } from './credential-report-csv';
import { toIamError } from './iam-errors';

export interface CredentialReportOptions {
  /** How long to wait for IAM to finish the report, in all. */
  timeoutMs?: number;
  /** The first wait between polls, doubled each time up to maxPollMs. */
  firstPollMs?: number;
  maxPollMs?: number;
}

const NOT_READY = 'CredentialReportNotReadyException';
const GONE = new Set(['CredentialReportNotPresentException', 'CredentialReportExpiredException']);

/**
 * The whole account in a few calls: GenerateCredentialReport until COMPLETE, then
 * GetCredentialReport. IAM answers GetCredentialReport with ReportInProgress (a 404 the SDK never
 * retries) while a report is being made, so both are polled here, with backoff and an overall bound.
 */
export class CredentialReportScanner implements AccountScanner {
  private readonly timeoutMs: number;
  private readonly firstPollMs: number;
  private readonly maxPollMs: number;

  constructor(
    private readonly client: IAMClient,
    options: CredentialReportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.firstPollMs = options.firstPollMs ?? 250;
    this.maxPollMs = options.maxPollMs ?? 5_000;
  }

  async scan(): Promise<AccountScan> {
    const deadline = Date.now() + this.timeoutMs;
    let delay = this.firstPollMs;
    const wait = async () => {
      if (Date.now() + delay > deadline) {
        throw new KeywardenError(
          'IAM_UNAVAILABLE',
          `IAM credential report: not ready within ${this.timeoutMs} ms`,
        );
      }
      await sleep(delay);
      delay = Math.min(delay * 2, this.maxPollMs);
    };
    let generate = true;
    for (;;) {
      if (generate) {
        if ((await this.generate()) !== 'COMPLETE') {
          await wait();
          continue;
        }
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
    const answer = await this.client.send(new GetCredentialReportCommand({}));
    if (answer.ReportFormat && answer.ReportFormat !== 'text/csv') {
      throw new KeywardenError(
        'IAM_UNAVAILABLE',
        `IAM GetCredentialReport: unexpected format ${answer.ReportFormat}`,
      );
    }
    // The SDK has already base64-decoded Content: these are the CSV's bytes.
    const csv = Buffer.from(answer.Content ?? new Uint8Array()).toString('utf8');
    const parsed = parseCredentialReport(csv);
    return {
      source: 'credential-report',
      generatedAt: answer.GeneratedTime ?? new Date(),
      keys: parsed.keys,
      users: parsed.users,
      rootActiveKeys: parsed.rootActiveKeys,
    };
  }
}
