import type { ApprovalService } from './features/approvals';
import type { CreationApi } from './features/creation';
import type { ReportsApi } from './features/reports';
import type { WorkflowsApi } from './features/workflows';
import type { Scheduler } from './kernel/ports/scheduler';
import type { Clock } from './kernel/types';
import type { IamClientOptions } from './platform/aws/iam-client';
import type { AuditStreamOptions } from './platform/aws/audit-stream';
import type { ExposureOptions } from './features/exposure';
import type { BoltApp, BoltAppOptions } from './platform/bolt/bolt-app';
import type { Config } from './platform/config';
import type { Logger } from './platform/logger';
import type { InFlight } from './platform/process/in-flight';
import type { Readiness } from './platform/process/readiness';
import type { Metrics } from './platform/metrics/metrics';
import type { ReadinessCheckOptions } from './platform/process/readiness-checks';
import type { DynamoClientOptions } from './platform/store/dynamo-client';
import type { OpenStore } from './platform/store/open-store';

/** What createKeywarden (src/app.ts) takes and gives: the bot's options, and the running bot. */
export interface KeywardenOptions {
  config: Config;
  log: Logger;
  /** Tests and the sandbox point IAM at a local server; production leaves it to the SDK's own settings. */
  iam?: IamClientOptions & { pageSize?: number; stsEndpoint?: string };
  /** Likewise for a named DynamoDB table; the embedded store needs nothing. */
  dynamo?: DynamoClientOptions;
  /** The Slack clients' timeouts and the app client's retries; unset, production values (tests shorten them). */
  slack?: BoltAppOptions['client'] & { secretTimeoutMs?: number };
  /** Keep the embedded store in memory (tests). */
  inMemoryStore?: boolean;
  clock?: Clock;
  /** The interface the HTTP receiver listens on; the sandbox and tests use 127.0.0.1. Default: every interface. */
  host?: string;
  /** How often the approval sweep runs; 0 turns the timer off (tests call sweep() themselves). */
  sweepEveryMs?: number;
  /** Timed work; default croner's. Tests pass one they fire by hand, to run scheduled reports at will. */
  scheduler?: Scheduler;
  /** A scheduled report run's lease (default 2 minutes); tests shorten it to see a take-over. */
  reportRunLeaseMs?: number;
  /** The audit stream's EventBridge client and queue (with KEYWARDEN_AUDIT_EVENT_BUS); tests point it at a stand-in. */
  auditStream?: AuditStreamOptions;
  /** The exposure queue's and CloudTrail's clients (with KEYWARDEN_EXPOSURE_QUEUE_URL); tests point them at stand-ins. */
  exposure?: ExposureOptions;
  /** AWS Organizations' client (with an organization: block); tests point it at the stand-in. */
  organizations?: { endpoint?: string };
  /** How often /readyz's checks run and how long each may take; `intervalMs: 0` runs none (tests). */
  readiness?: ReadinessCheckOptions;
}

export interface Keywarden {
  bolt: BoltApp;
  readiness: Readiness;
  /**
   * The Prometheus registry and its metrics (GET /metrics); the readiness checks set keywarden_slack_connected
   * on it. Undefined with KEYWARDEN_METRICS=off.
   */
  metrics: Metrics | undefined;
  inFlight: InFlight;
  store: OpenStore;
  approvals: ApprovalService;
  /** Finishes what failed creates left open (undelivered keys, unclear creates); part of the sweep. */
  creation: Pick<CreationApi, 'sweep'>;
  /** Stale-key reports: on their schedules once started, and an admin's runNow. */
  reports: ReportsApi;
  /** Completes workflow runs whose request ended while none could be completed; part of the sweep. */
  workflows: WorkflowsApi;
  /** Resolves with the bound HTTP port (HTTP mode). */
  start(): Promise<number | undefined>;
  /** Stops taking work, waits for work in flight (up to drainMs), then releases everything. */
  stop(drainMs?: number): Promise<void>;
}
