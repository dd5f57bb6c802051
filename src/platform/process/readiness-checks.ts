import type { Logger } from '../logger';
import type { DependencyName, Dependencies } from './readiness';

/** A check throws (or rejects) when its dependency is down; it should honour the signal. */
export interface DependencyCheck {
  name: DependencyName;
  /** What it asks, to begin the reason when it fails: `GetItem`, `auth.test`, `GetCallerIdentity`. */
  probe: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface ReadinessCheckOptions {
  /** How often each check runs; 0: never (the test harness, whose stand-ins count calls). Default 15 s. */
  intervalMs?: number;
  /** A check that has not answered by then counts as down. Default 5 s. */
  timeoutMs?: number;
}

export const READINESS_INTERVAL_MS = 15_000;
export const READINESS_TIMEOUT_MS = 5_000;

/**
 * Runs the checks in the background, at start and then every interval, and writes what they find
 * into Dependencies, where GET /readyz reads it. A check still running when its next turn comes is
 * not started again, so a slow dependency is never asked twice at once.
 */
export class ReadinessChecks {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<DependencyName>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private stopped = false;

  constructor(
    private readonly dependencies: Dependencies,
    private readonly checks: readonly DependencyCheck[],
    private readonly log: Logger,
    options: ReadinessCheckOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? READINESS_INTERVAL_MS;
    this.timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  }

  get enabled(): boolean {
    return this.intervalMs > 0;
  }

  start(): void {
    if (!this.enabled || this.timer) return;
    this.stopped = false;
    void this.runAll();
    this.timer = setInterval(() => void this.runAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs every check once, now; resolves when each has answered or timed out. */
  async runAll(): Promise<void> {
    await Promise.all(this.checks.map((check) => this.runOne(check)));
  }

  private async runOne(check: DependencyCheck): Promise<void> {
    if (this.running.has(check.name)) return;
    this.running.add(check.name);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        // Rejected first: a check that settles as it is aborted must not count as an answer.
        reject(new CheckTimedOut(this.timeoutMs));
        controller.abort();
      }, this.timeoutMs);
    });
    try {
      await Promise.race([check.run(controller.signal), timeout]);
      if (!this.stopped) this.dependencies.set(check.name, true);
    } catch (error) {
      const reason = `${check.probe}: ${reasonOf(error)}`;
      if (!this.stopped) this.dependencies.set(check.name, false, reason);
      this.log.debug({ dependency: check.name, reason }, 'readiness check failed');
    } finally {
      clearTimeout(timer);
      this.running.delete(check.name);
    }
  }
}

class CheckTimedOut extends Error {
  override name = 'CheckTimedOut';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

const NETWORK_ERROR =
  /\b(ECONN[A-Z]+|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH|UND_ERR_[A-Z_]+|fetch failed)\b/;

/** How deep the cause chain is followed: web-api 8 wraps undici's "fetch failed", which wraps the socket's error. */
const MAX_CAUSES = 4;

interface Reasoned {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  cause?: unknown;
}

/** The error and its causes, outermost first. */
function chainOf(error: unknown): Reasoned[] {
  const chain: Reasoned[] = [];
  let link: unknown = error;
  while (typeof link === 'object' && link !== null && chain.length <= MAX_CAUSES) {
    chain.push(link as Reasoned);
    link = (link as Reasoned).cause;
  }
  return chain;
}

/**
 * A network error's code anywhere in the chain (Node's ECONNREFUSED under undici's "fetch failed"), else
 * one picked out of a message, as errors that crossed a realm (jest) lose their `code` and their cause:
 * there the WebClient sees only "fetch failed".
 */
function networkReason(chain: Reasoned[]): string | undefined {
  for (const link of chain) {
    const code = word(link.code);
    if (code && NETWORK_ERROR.test(code)) return code;
  }
  for (const link of chain) {
    const found = typeof link.message === 'string' ? NETWORK_ERROR.exec(link.message)?.[1] : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A value fit to show: one short word, e.g. an error name or code. */
function word(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\w.:-]{1,64}$/.test(value) ? value : undefined;
}

/**
 * A short reason, from what an error is (Slack's error word, a network error code, an HTTP status,
 * the error's name), never from its text, which for a client error can quote a request: no token,
 * no secret, no account detail. Only a network error code is picked out of the text, as Node errors
 * that crossed a realm (jest) lose their `code`.
 */
export function reasonOf(error: unknown): string {
  if (error instanceof CheckTimedOut) return `no answer within ${error.ms} ms`;
  const e = error as Reasoned | undefined;
  // A Slack platform error: `{ ok: false, error: 'invalid_auth' }`.
  const slack = word(e?.data?.error);
  if (slack) return slack;
  const code = word(e?.code);
  const network = networkReason(chainOf(error));
  const status = typeof e?.statusCode === 'number' ? `HTTP ${e.statusCode}` : undefined;
  const name = word(e?.name);
  return network ?? status ?? (name !== 'Error' ? name : undefined) ?? code ?? 'failed';
}
