import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';

export type ReadinessState = 'starting' | 'ready' | 'draining';

/** What the bot needs to do its job: the store, Slack, and its own AWS credentials. */
export type DependencyName = 'store' | 'slack' | 'aws';

export const DEPENDENCIES: readonly DependencyName[] = ['store', 'slack', 'aws'];

export interface DependencyStatus {
  up: boolean;
  /** Why it is down, in a few words: an error code or name, never a message that could hold a secret. */
  reason?: string;
  /** When this status was last confirmed (ISO 8601). */
  checkedAt?: string;
}

export type DependencyListener = (name: DependencyName, status: DependencyStatus) => void;

/** Until a check has answered, a dependency is not known to be up. */
const NOT_CHECKED: DependencyStatus = { up: false, reason: 'not checked yet' };

/**
 * The last known status of each dependency. Background checks (readiness-checks.ts) and the Socket
 * Mode connection (socket-connection.ts) write it; GET /readyz only reads it, so a storm of probes
 * never becomes a storm of calls to Slack or AWS.
 */
export class Dependencies {
  private readonly statuses = new Map<DependencyName, DependencyStatus>(
    DEPENDENCIES.map((name) => [name, NOT_CHECKED]),
  );
  private readonly listeners = new Set<DependencyListener>();
  private log: Logger | undefined;

  /** Logs each change of state (down, back up); set once the logger is known. */
  logTo(log: Logger): void {
    this.log = log.child({ component: 'readiness' });
  }

  set(name: DependencyName, up: boolean, reason?: string): void {
    const before = this.statuses.get(name) ?? NOT_CHECKED;
    const status: DependencyStatus = { up, ...(up ? {} : { reason }), checkedAt: new Date().toISOString() };
    this.statuses.set(name, status);
    if (before.up === up && before.reason === status.reason && before.checkedAt) return;
    if (up && before.checkedAt) this.log?.info({ dependency: name }, 'dependency is back');
    else if (!up) this.log?.warn({ dependency: name, reason }, 'dependency is down');
    for (const listener of this.listeners) listener(name, status);
  }

  get(name: DependencyName): DependencyStatus {
    return this.statuses.get(name) ?? NOT_CHECKED;
  }

  /** The names of the dependencies not known to be up. */
  down(): DependencyName[] {
    return DEPENDENCIES.filter((name) => !this.get(name).up);
  }

  /**
   * Called on every change of a dependency's state (not on every check that confirms it): the hook
   * for a gauge such as keywarden_slack_connected. Returns the function that removes the listener.
   */
  onChange(listener: DependencyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): Record<DependencyName, DependencyStatus> {
    return Object.fromEntries(DEPENDENCIES.map((name) => [name, this.get(name)])) as Record<
      DependencyName,
      DependencyStatus
    >;
  }
}

/**
 * Keeps a gauge (keywarden_slack_connected) at 1 while Slack is up (auth.test answers in HTTP mode,
 * the socket is open in Socket Mode) and 0 while not. Returns the function that stops it.
 */
export function mirrorSlackConnected(
  dependencies: Dependencies,
  gauge: { set(value: number): void },
): () => void {
  gauge.set(dependencies.get('slack').up ? 1 : 0);
  return dependencies.onChange((name, status) => {
    if (name === 'slack') gauge.set(status.up ? 1 : 0);
  });
}

/**
 * GET /healthz: 200 only while the app can take work (the process is up; a container restarts it
 * when not). GET /readyz: 200 only while, besides, every dependency was last seen up (send traffic
 * here; page someone when not).
 */
export class Readiness {
  state: ReadinessState = 'starting';
  readonly dependencies = new Dependencies();

  route() {
    return {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        const ready = this.state === 'ready';
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ status: this.state }));
      },
    };
  }

  readyRoute() {
    return {
      path: '/readyz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        const down = this.dependencies.down();
        const ready = this.state === 'ready' && down.length === 0;
        const status = this.state !== 'ready' ? this.state : ready ? 'ready' : 'unavailable';
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ status, down, checks: this.dependencies.snapshot() }));
      },
    };
  }

  /** Both routes, for the receiver's custom routes (HTTP mode and Socket Mode alike). */
  routes() {
    return [this.route(), this.readyRoute()];
  }
}
