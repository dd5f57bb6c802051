import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReportPolicy } from '../../src/platform/config';
import type { CloudTrailServer } from '../cloudtrail';
import type { IamServer } from '../iam';
import type { SlackDriver, SlackServer } from '../slack';
import type { StsServer } from '../sts';
import { API_PATHS, type ApiAnswer, type PersonView, type StateView, type StepUpView } from './api';
import {
  parseClickRequest,
  parseRunWorkflowRequest,
  runDeletionWorkflow,
  parseCommandRequest,
  sendClick,
  sendCommand,
  type InteractionDeps,
} from './interactions';
import { checkRequestOrigin, HttpError, readJson, SECURITY_HEADERS, sendJson } from './http-io';
import { LiveEvents } from './live-events';
import { assumeRoleView, iamCallView, readPanel, trailLookupView } from './panel';
import { accountViews, channelsSeenBy, type ShownAccount } from './state-view';
import { serveStatic } from './static-files';
import { ViewTracker } from './view-interactions';

export interface PageServerOptions {
  /** Loopback only; the default. */
  host?: '127.0.0.1';
  /** 0 picks a free port. */
  port: number;
  webRoot: string;
  slack: SlackServer;
  iam: IamServer;
  /** The STS stand-in, whose AssumeRole calls the panel lists; without it the panel lists none. */
  sts?: StsServer;
  /** The CloudTrail stand-in, whose LookupEvents calls the panel lists; without it the panel lists none. */
  cloudTrail?: CloudTrailServer;
  /**
   * The policy's accounts, in its order, for naming the account of each call and showing each
   * account's users; default the IAM server's accounts, named by their ids.
   */
  accounts?: readonly ShownAccount[];
  driver: SlackDriver;
  store: { doc: DynamoDBDocumentClient; tableName: string };
  people: readonly PersonView[];
  channels: readonly { id: string; name: string }[];
  reports: readonly ReportPolicy[];
  /** Shown on the panel when the bot's approvals need a step-up at the sandbox's identity provider. */
  stepUp?: StepUpView;
  /** Runs the scheduled report at that index now. Until it is given, the page's "run now" answers 501. */
  runReport?: (index: number) => Promise<string | void>;
  /**
   * Marks a key as used now (the demo has no real systems to use its keys), so a rotation can be
   * followed to its end; false when there is no such key.
   */
  useKey?: (keyId: string) => boolean;
  /**
   * AWS finds the key in public: an AWS Health event for it arrives on the exposure queue. Returns the
   * message id, or undefined when no demo account holds the key.
   */
  simulateLeak?: (keyId: string) => string | undefined;
}

export interface PageServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** A key id as the bot validates it, from a panel control's body. */
function keyIdOf(body: unknown): string {
  const keyId = (body as { keyId?: unknown } | undefined)?.keyId;
  if (typeof keyId !== 'string' || !/^\w{16,128}$/.test(keyId))
    throw new HttpError(400, 'keyId: not a key id');
  return keyId;
}

export const RUN_REPORT_NOT_WIRED =
  'Running a report from the page is not wired up in this version of the sandbox (startSandbox has no runReport).';

/** The sandbox page and its API: a Slack-like view of the stand-in, and the controls that play Slack's part. */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const { slack, iam, sts, cloudTrail, people } = options;
  const accounts = options.accounts ?? [...iam.accounts.keys()].map((id) => ({ name: id, id }));
  const live = new LiveEvents();
  let port = 0;
  const bot = slack.user(slack.botUserId);
  const botName = bot?.realName ?? bot?.name ?? 'Keywarden';
  const layout = { channels: options.channels, botName, dmChannelOf: (id: string) => slack.dmChannelOf(id) };
  const interactions: InteractionDeps = {
    slack,
    driver: options.driver,
    people,
    channelsOf: (userId) => [...options.channels.map((c) => c.id), slack.dmChannelOf(userId)],
  };

  const views = new ViewTracker({ slack, driver: options.driver, people }, () => live.send({ type: 'view' }));
  const unsubscribe = [
    () => views.stop(),
    slack.onChange((change) =>
      live.send({
        type: 'message',
        kind: change.kind,
        channel: change.message.channel,
        ts: change.message.ts,
      }),
    ),
    iam.onCall((call) => live.send({ type: 'iam', call: iamCallView(call, accounts) })),
    ...(cloudTrail
      ? [
          cloudTrail.onCall((call) =>
            live.send({ type: 'cloudtrail', call: trailLookupView(call, accounts) }),
          ),
        ]
      : []),
    ...(sts
      ? [
          sts.onCall((call) => {
            if (call.action === 'AssumeRole')
              live.send({ type: 'sts', call: assumeRoleView(call, accounts) });
          }),
        ]
      : []),
  ];

  async function state(url: URL): Promise<StateView> {
    const as = url.searchParams.get('as') ?? people[0]?.id ?? '';
    const viewer = people.find((p) => p.id === as);
    if (!viewer) throw new HttpError(400, `as: ${as} is not one of the demo people`);
    const panel = await readPanel({
      iamCalls: () => iam.calls(),
      assumeRoleCalls: () => sts?.calls('AssumeRole') ?? [],
      trailCalls: () => cloudTrail?.calls() ?? [],
      canSimulateLeak: options.simulateLeak !== undefined,
      accountNames: accounts,
      accounts: () => accountViews(accounts, (id) => iam.accounts.get(id)),
      store: options.store,
      reports: options.reports,
      canRunReports: options.runReport !== undefined,
      workflowRuns: () => slack.functionExecutions(),
    });
    return {
      viewer,
      people: [...people],
      bot: { id: slack.botUserId, name: botName },
      channels: channelsSeenBy(viewer.id, slack.messages(), layout),
      panel: { ...panel, ...optional('stepUp', options.stepUp) },
      ...optional('home', views.home(viewer.id)),
      ...optional('modal', views.modal(viewer.id)),
    };
  }

  async function runReport(index: number): Promise<ApiAnswer> {
    if (!Number.isInteger(index) || index < 0 || index >= options.reports.length) {
      throw new HttpError(404, `there is no report ${index}`);
    }
    if (!options.runReport) throw new HttpError(501, RUN_REPORT_NOT_WIRED);
    const result = await options.runReport(index);
    return { ok: true, ...(typeof result === 'string' ? { result } : {}) };
  }

  function useKey(body: unknown): ApiAnswer {
    const keyId = keyIdOf(body);
    if (!options.useKey) throw new HttpError(501, 'simulated key use is not wired up');
    if (!options.useKey(keyId)) throw new HttpError(404, `there is no key ${keyId}`);
    return { ok: true, result: `${keyId} used just now` };
  }

  function simulateLeak(body: unknown): ApiAnswer {
    const keyId = keyIdOf(body);
    if (!options.simulateLeak) throw new HttpError(501, 'simulated leaks are not wired up');
    const messageId = options.simulateLeak(keyId);
    if (messageId === undefined) throw new HttpError(404, `there is no key ${keyId}`);
    return { ok: true, result: `AWS Health reported ${keyId} exposed (message ${messageId})` };
  }

  function download(fileId: string, res: ServerResponse): void {
    const content = slack.fileContent(fileId);
    if (!content) throw new HttpError(404, 'no such file');
    // Always an attachment: a file's bytes are never rendered as a page on this origin.
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment',
      'content-length': content.length,
    });
    res.end(content);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkRequestOrigin(req, port);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { pathname } = url;
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && pathname === '/api/state') return sendJson(res, 200, await state(url));
    if (get && pathname === '/api/events') return live.open(res);
    if (req.method === 'POST' && pathname === '/api/command') {
      await sendCommand(interactions, parseCommandRequest(interactions, await readJson(req)));
      return sendJson(res, 200, { ok: true } satisfies ApiAnswer);
    }
    if (req.method === 'POST' && pathname === '/api/click') {
      await sendClick(interactions, parseClickRequest(interactions, await readJson(req)));
      return sendJson(res, 200, { ok: true } satisfies ApiAnswer);
    }
    if (req.method === 'POST' && pathname === API_PATHS.openHome)
      return sendJson(res, 200, await views.openHome(await readJson(req)));
    if (req.method === 'POST' && pathname === API_PATHS.viewClick)
      return sendJson(res, 200, await views.click(await readJson(req)));
    if (req.method === 'POST' && pathname === API_PATHS.viewSubmit)
      return sendJson(res, 200, await views.submit(await readJson(req)));
    if (req.method === 'POST' && pathname === API_PATHS.viewClose)
      return sendJson(res, 200, views.close(await readJson(req)));
    if (req.method === 'POST' && pathname === API_PATHS.runWorkflow) {
      const run = parseRunWorkflowRequest(interactions, await readJson(req));
      const executionId = await runDeletionWorkflow(interactions, run);
      return sendJson(res, 200, {
        ok: true,
        result: `workflow run ${executionId} started: it completes when the request ends`,
      } satisfies ApiAnswer);
    }
    if (req.method === 'POST' && pathname === API_PATHS.useKey) {
      return sendJson(res, 200, useKey(await readJson(req)));
    }
    if (req.method === 'POST' && pathname === API_PATHS.simulateLeak) {
      return sendJson(res, 200, simulateLeak(await readJson(req)));
    }
    const report = /^\/api\/reports\/(\d{1,4})\/run$/.exec(pathname);
    if (req.method === 'POST' && report) return sendJson(res, 200, await runReport(Number(report[1])));
    const file = /^\/files\/(F[A-Z0-9]+)\/[^/]+$/.exec(pathname);
    if (get && file?.[1]) return download(file[1], res);
    if (pathname.startsWith('/api/')) throw new HttpError(404, `no such API: ${req.method} ${pathname}`);
    if (!get) throw new HttpError(405, 'method not allowed');
    return serveStatic(options.webRoot, pathname, res);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) console.error('sandbox page: request failed', error);
      if (!res.headersSent) sendJson(res, status, { ok: false, error: message } satisfies ApiAnswer);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: async () => {
      for (const stop of unsubscribe) stop();
      live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
