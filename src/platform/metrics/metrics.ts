import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How a person's request ended: done, refused by the domain (a rendered refusal), or failed unexpectedly. */
export type RequestOutcome = 'ok' | 'refused' | 'failed';

/** Where a request came from, as the ack histogram labels it. */
export type AckSurface = 'command' | 'action' | 'view' | 'event';

/**
 * Label values are names from the code or the policy (a command, an action id, an SDK operation, an
 * account's name), never a person, an IAM user, a key id or a request id: those would make a series
 * per person and put identities in a monitoring system. `safeLabel` keeps any value that could be
 * one out.
 */
const SAFE_LABEL = /^[\w/][\w./:-]{0,79}$/;

export function safeLabel(value: string | undefined): string {
  return value !== undefined && SAFE_LABEL.test(value) ? value : 'other';
}

/**
 * The bot's Prometheus metrics, in a registry of its own (two bots in one process, as tests run them,
 * do not share series). The names are the run contract's (issue 23); keep them.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly commands: Counter<'command' | 'subcommand' | 'outcome'>;
  readonly actions: Counter<'action' | 'outcome'>;
  readonly ackDuration: Histogram<'surface'>;
  readonly awsCalls: Counter<'service' | 'operation' | 'outcome'>;
  readonly awsThrottles: Counter<'service'>;
  readonly slackCalls: Counter<'method' | 'outcome'>;
  readonly slackRateLimited: Counter<'method'>;
  readonly deletions: Counter<'outcome'>;
  readonly exposures: Counter<'source'>;
  readonly reportLastSuccess: Gauge<'account'>;
  readonly accountsUnreachable: Gauge;
  /** 1 while Slack answers (HTTP mode) or the Socket Mode connection is open; set by the readiness checks. */
  readonly slackConnected: Gauge;
  private pendingApprovals: (() => Promise<number>) | undefined;

  constructor({ version, defaultMetrics = true }: { version: string; defaultMetrics?: boolean }) {
    const registers = [this.registry];
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'keywarden_build_info',
      help: 'The running build; always 1.',
      labelNames: ['version'],
      registers,
    })
      .labels(safeLabel(version))
      .set(1);
    this.commands = new Counter({
      name: 'keywarden_commands_total',
      help: 'Slash commands answered, by command, subcommand (a word of the grammar, or unknown) and outcome (ok, refused, failed).',
      labelNames: ['command', 'subcommand', 'outcome'],
      registers,
    });
    this.actions = new Counter({
      name: 'keywarden_actions_total',
      help: 'Button clicks and modal submissions answered, by action id and outcome (ok, refused, failed).',
      labelNames: ['action', 'outcome'],
      registers,
    });
    this.ackDuration = new Histogram({
      name: 'keywarden_ack_duration_seconds',
      help: 'From the request reaching the bot to its ack, by surface (command, action, view, event).',
      labelNames: ['surface'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    });
    this.awsCalls = new Counter({
      name: 'keywarden_aws_calls_total',
      help: 'AWS SDK calls (retries included in one call), by service, operation and outcome (ok, error).',
      labelNames: ['service', 'operation', 'outcome'],
      registers,
    });
    this.awsThrottles = new Counter({
      name: 'keywarden_aws_throttles_total',
      help: 'AWS answers that were throttling errors (each attempt), by service.',
      labelNames: ['service'],
      registers,
    });
    this.slackCalls = new Counter({
      name: 'keywarden_slack_calls_total',
      help: 'Slack Web API requests (each attempt), by method and outcome (ok, error, ratelimited, failed).',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.slackRateLimited = new Counter({
      name: 'keywarden_slack_ratelimited_total',
      help: 'Slack Web API answers of HTTP 429, by method.',
      labelNames: ['method'],
      registers,
    });
    this.deletions = new Counter({
      name: 'keywarden_deletions_total',
      help: 'Approved key deletions carried out (DeleteAccessKey), by outcome (ok, failed).',
      labelNames: ['outcome'],
      registers,
    });
    this.exposures = new Counter({
      name: 'keywarden_exposures_total',
      help: 'Leaked-key reports received (duplicates included), by source (health, trusted-advisor, manual).',
      labelNames: ['source'],
      registers,
    });
    this.reportLastSuccess = new Gauge({
      name: 'keywarden_report_last_success_timestamp_seconds',
      help: 'When a stale-key report last covered the account (Unix seconds), by account name.',
      labelNames: ['account'],
      registers,
    });
    this.accountsUnreachable = new Gauge({
      name: 'keywarden_accounts_unreachable',
      help: 'Managed accounts the last report could not read.',
      registers,
    });
    this.slackConnected = new Gauge({
      name: 'keywarden_slack_connected',
      help: '1 while the Slack connection is up (auth.test answers, or the Socket Mode connection is open), else 0.',
      registers,
    });
    const pendingApprovals = () => this.pendingApprovals?.();
    new Gauge({
      name: 'keywarden_approvals_pending',
      help: 'Deletion requests waiting for a decision, read from the store at each scrape.',
      registers,
      async collect() {
        // A store that does not answer leaves the last value: the scrape itself must not fail.
        const pending = await pendingApprovals()?.catch(() => undefined);
        if (pending !== undefined) this.set(pending);
      },
    });
  }

  /** Where keywarden_approvals_pending is read from at each scrape (the approvals slice says). */
  countPendingApprovalsWith(count: () => Promise<number>): void {
    this.pendingApprovals = count;
  }

  /** A slash command answered; `subcommand` is the grammar's word for it (never typed text), else `unknown`. */
  command(name: string | undefined, subcommand: string | undefined, outcome: RequestOutcome): void {
    const word = subcommand === undefined ? 'unknown' : safeLabel(subcommand);
    this.commands.labels(safeLabel(name), word, outcome).inc();
  }

  /** A click or a modal submission answered, by its action or callback id. */
  action(name: string | undefined, outcome: RequestOutcome): void {
    this.actions.labels(safeLabel(name), outcome).inc();
  }

  reportSucceeded(account: string, at: Date): void {
    this.reportLastSuccess.labels(safeLabel(account)).set(at.getTime() / 1000);
  }

  /** The Prometheus text exposition, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** What a posted stale-key report says about its accounts (the reports slice's StaleReport fits it). */
export interface ReportedAccounts {
  accounts: readonly { account: { name: string }; failure?: string }[];
}

/**
 * keywarden_report_last_success_timestamp_seconds for each account a posted report could read, and
 * keywarden_accounts_unreachable for those it could not.
 */
export function reportMetrics(metrics: Metrics, now: () => Date) {
  return {
    async ran(_index: number, report: ReportedAccounts): Promise<void> {
      const at = now();
      for (const section of report.accounts)
        if (!section.failure) metrics.reportSucceeded(section.account.name, at);
      metrics.accountsUnreachable.set(report.accounts.filter((section) => section.failure).length);
    },
  };
}
