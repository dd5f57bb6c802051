import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { boltLogger } from './bolt-logger';
import type { Readiness } from '../process/readiness';
import { watchSocketConnection } from './socket-connection';
import { guardSlackRequests } from './request-guard';
import { SAFE_CLIENT_OPTIONS } from '../slack/web-client-options';
import type { Metrics } from '../metrics/metrics';
import { metricsRoute } from '../metrics/metrics-endpoint';
import { slackCallCounting } from '../metrics/slack-call-metrics';
import { timeAcks } from '../metrics/ack-timing';
import type { HttpRoutes } from './http-routes';

export interface BoltAppOptions {
  slack: Config['slack'];
  port: number;
  /** The interface to listen on in HTTP mode; unset, every interface (as a container needs). */
  host?: string;
  log: Logger;
  readiness: Readiness;
  /** Slack calls and acks are counted into it; GET /metrics is served on PORT unless `metricsOnPort` is false. */
  metrics?: Metrics;
  /** False when METRICS_PORT serves /metrics on a server of its own. */
  metricsOnPort?: boolean;
  /** Slices' own pages on PORT (the step-up routes), in both modes. */
  routes?: HttpRoutes;
  /** The app client's per-request timeout and retries; tests shorten them. */
  client?: {
    timeoutMs?: number;
    retryConfig?: RetryOptions;
    /** Socket Mode's clientPingTimeout, which also paces its reconnects (default 5 s); tests shorten it. */
    socketPingTimeoutMs?: number;
  };
}

export interface BoltApp {
  app: App;
  mode: 'http' | 'socket';
  /** Starts receiving; resolves with the HTTP port actually bound in HTTP mode. */
  start(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * People wait for these answers, so a failing call is retried a few times within seconds rather
 * than for the WebClient's default half hour.
 */
const RETRY_CONFIG = { retries: 3, factor: 2, minTimeout: 300, maxTimeout: 3_000 };

/**
 * The socket client's retries of apps.connections.open while it reconnects. Its default (100 retries,
 * factor 1.3, no ceiling) waits ever longer: by the end of an hour-long outage about 20 minutes pass
 * before the next try. Capped at 30 s and kept up, the bot is back within half a minute of Slack;
 * jittered, so replicas do not retry in step; unref'd, so they never hold a stopping process.
 */
export const SOCKET_RECONNECT_RETRY = {
  forever: true,
  retries: 20,
  factor: 1.3,
  minTimeout: 1_000,
  maxTimeout: 30_000,
  randomize: true,
  unref: true,
};

const EVENTS_PATH = '/slack/events';

/** Without a timeout a Slack call that never answers holds a person's answer, and a drain, forever. */
const CLIENT_TIMEOUT_MS = 10_000;

/**
 * Bolt in HTTP mode (signing secret) or Socket Mode (app token). Receivers are built here, not by
 * App, so that SLACK_API_URL reaches every client, the socket client included, and /healthz is
 * served on PORT in both modes.
 */
export async function createBoltApp({
  slack,
  port,
  host,
  log,
  readiness,
  metrics,
  metricsOnPort,
  routes,
  client,
}: BoltAppOptions): Promise<BoltApp> {
  const logger = boltLogger(log);
  const clientOptions = {
    ...SAFE_CLIENT_OPTIONS,
    slackApiUrl: slack.apiUrl,
    retryConfig: client?.retryConfig ?? RETRY_CONFIG,
    timeout: client?.timeoutMs ?? CLIENT_TIMEOUT_MS,
    ...(metrics ? slackCallCounting(metrics, slack.apiUrl) : {}),
  };
  const customRoutes = readiness.routes();
  if (metrics && metricsOnPort !== false) customRoutes.push(metricsRoute(metrics, log));
  if (routes) customRoutes.push(...routes.customRoutes());
  let receiver: Receiver;
  let mode: BoltApp['mode'];
  if (slack.appToken) {
    mode = 'socket';
    const socketReceiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger,
      customRoutes,
      clientPingTimeout: client?.socketPingTimeoutMs,
      // The socket client's WebClient sends the app token as a header: its errors must not keep it.
      installerOptions: {
        port,
        clientOptions: {
          ...SAFE_CLIENT_OPTIONS,
          slackApiUrl: slack.apiUrl,
          retryConfig: SOCKET_RECONNECT_RETRY,
          ...(metrics ? slackCallCounting(metrics, slack.apiUrl) : {}),
        },
      },
    });
    // The client reconnects by itself; /readyz and the slack gauge show the gap.
    watchSocketConnection(socketReceiver.client, readiness.dependencies);
    receiver = socketReceiver;
  } else {
    mode = 'http';
    const http = new HTTPReceiver({
      signingSecret: slack.signingSecret as string,
      endpoints: EVENTS_PATH,
      port,
      customRoutes,
      logger,
      // Ack first, work after: Slack allows three seconds and IAM can take longer.
      processBeforeResponse: false,
    });
    // Bolt reads a whole body before it checks the signature: unsigned or oversized requests are
    // refused in front of it, before their body is read.
    http.requestListener = guardSlackRequests(http.requestListener, { path: EVENTS_PATH, log });
    receiver = http;
  }
  // deferInitialization + init(): a bad token is a start-up error here, not a late unhandled one.
  // convoStore: false: nothing here reads context.conversation, and Bolt's memory store rejects a lookup
  // with a new Error (a stack trace) for every event before the listener runs.
  const app = new App({
    token: slack.botToken,
    receiver,
    logger,
    clientOptions,
    convoStore: false,
    deferInitialization: true,
  });
  if (metrics) timeAcks(app, metrics);
  await app.init();
  return {
    app,
    mode,
    async start() {
      if (mode === 'socket') {
        await app.start();
        return undefined;
      }
      const listen = host === undefined ? port : { port, host };
      const server = (await (receiver as HTTPReceiver).start(listen)) as Server;
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      await app.stop();
      // SocketModeReceiver.stop() does not wait for the socket to close; a client left connecting
      // would retry apps.connections.open for minutes after we meant to be gone.
      if (receiver instanceof SocketModeReceiver) await receiver.client.disconnect();
    },
  };
}
