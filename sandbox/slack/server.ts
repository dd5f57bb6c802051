import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { Conversations } from './conversations';
import { Directory } from './directory';
import { DROPPED, FailurePlan, failureAnswer, onlyDelays, type HttpAnswer } from './failures';
import { FileStore } from './files';
import { Holds } from '../query-api/holds';
import { FunctionExecutions } from './functions';
import { eventCallbackPayload, functionExecutedEvent } from './event-payloads';
import { apiParams, readBody } from './http-body';
import { parseMultipart } from './multipart';
import { ResponseUrls } from './response-urls';
import { SocketModeServer } from './socket-mode';
import type { SlackCall, SlackServer, SlackServerOptions } from './types';
import { Views } from './views';
import { WebApi } from './web-api';

/**
 * Starts the Slack stand-in: the Web API under /api/, upload URLs, response_urls and a Socket Mode
 * WebSocket, all on one port. Point Bolt and the WebClient at it with `clientOptions.slackApiUrl: apiUrl`.
 */
export async function startSlackServer(options: SlackServerOptions): Promise<SlackServer> {
  const host = options.host ?? '127.0.0.1';
  const botUserId = options.botUserId ?? 'U0KEYWARDEN';
  const identity = {
    botToken: options.botToken,
    appToken: options.appToken,
    botUserId,
    botId: `B${botUserId.slice(1)}`,
    teamId: options.teamId ?? 'T0SANDBOX',
    appId: options.appId ?? 'A0KEYWARDEN',
  };
  const directory = new Directory(options.users ?? [], options.usergroups ?? {}, identity.teamId);
  directory.add({ id: botUserId, name: 'keywarden', realName: 'Keywarden', isBot: true });
  const conversations = new Conversations();
  conversations.restore(options.messages ?? []);
  const files = new FileStore();
  const views = new Views(identity, options.triggerLifetimeMs ?? 3000);
  const failures = new FailurePlan();
  const holds = new Holds();
  const functions = new FunctionExecutions();
  const responseUrls = new ResponseUrls(conversations, botUserId, identity.teamId);
  const socket = new SocketModeServer({
    appId: identity.appId,
    pingIntervalMs: options.socketPingIntervalMs ?? 10000,
  });
  const calls: SlackCall[] = [];
  // Ends every late answer still waiting when the server closes, so no timer outlives it.
  const closing = new AbortController();
  let baseUrl = '';

  const webApi = new WebApi({
    identity,
    directory,
    conversations,
    files,
    views,
    functions,
    urls: {
      workspace: () => `${baseUrl}/`,
      upload: (fileId) => `${baseUrl}/upload/v1/${fileId}`,
      file: (fileId, name) => `${baseUrl}/files/${fileId}/${encodeURIComponent(name)}`,
    },
    openSocket: () => socket.issueUrl(baseUrl.replace(/^http/, 'ws')),
  });

  /** The answer to send, or 'drop' to destroy the connection instead. */
  async function apiCall(method: string, req: IncomingMessage): Promise<HttpAnswer | 'drop'> {
    const raw = await readBody(req);
    let params: Record<string, unknown>;
    try {
      params = apiParams(req, raw);
    } catch {
      return record(method, {}, undefined, { status: 200, body: { ok: false, error: 'invalid_json' } });
    }
    const token = bearer(req) ?? (typeof params.token === 'string' ? params.token : undefined);
    delete params.token;
    if (!(await holds.pass(method, closing.signal))) return 'drop';
    const failure = failures.take(method);
    const answer =
      failure && !onlyDelays(failure)
        ? failure.dropConnection
          ? DROPPED
          : failureAnswer(failure)
        : { status: 200, body: webApi.call(method, params, token) };
    record(method, params, token, answer);
    if (failure?.delayMs !== undefined) {
      const waited = await sleep(failure.delayMs, true, { signal: closing.signal }).catch(() => false);
      if (!waited) return 'drop';
    }
    return answer === DROPPED ? 'drop' : answer;
  }

  function record(
    method: string,
    params: Record<string, unknown>,
    token: string | undefined,
    answer: HttpAnswer,
  ): HttpAnswer {
    const ok = answer.body.ok === true;
    const error = typeof answer.body.error === 'string' ? answer.body.error : undefined;
    calls.push({
      method,
      params,
      token,
      at: new Date(),
      ok,
      ...(ok ? {} : { error: error ?? `http_${answer.status}` }),
    });
    return answer;
  }

  async function upload(fileId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    // Upload URLs fail as the Web API does: `failNext('upload', ...)`.
    const failure = failures.take('upload');
    if (failure?.delayMs !== undefined) {
      const waited = await sleep(failure.delayMs, true, { signal: closing.signal }).catch(() => false);
      if (!waited) {
        req.socket.destroy();
        return;
      }
    }
    if (failure?.dropConnection) {
      req.socket.destroy();
      return;
    }
    if (failure && !onlyDelays(failure)) {
      const answer = failureAnswer(failure);
      res.writeHead(answer.status === 200 ? 500 : answer.status, answer.headers).end('upload failed');
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    // The WebClient posts the bytes as a multipart file part; curl-style clients post them raw.
    const parts = contentType.startsWith('multipart/form-data') ? parseMultipart(raw, contentType) : [];
    const content = (parts.find((p) => p.filename !== undefined) ?? parts[0])?.data ?? raw;
    if (!files.receive(fileId, content)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${content.length}`);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (method !== undefined && (req.method === 'POST' || req.method === 'GET')) {
      const answer = await apiCall(method, req);
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      // A late answer to a client that gave up has nowhere to go.
      if (req.socket.destroyed) return;
      return send(res, answer);
    }
    const uploadId = /^\/upload\/v1\/(\w+)$/.exec(path)?.[1];
    if (uploadId !== undefined && req.method === 'POST') return upload(uploadId, req, res);
    const fileId = /^\/files\/(\w+)\//.exec(path)?.[1];
    if (fileId !== undefined && req.method === 'GET') {
      const content = files.content(fileId);
      if (!content) return send(res, { status: 404, body: { ok: false, error: 'file_not_found' } });
      res.writeHead(200, { 'content-type': files.file(fileId)?.mimetype ?? 'application/octet-stream' });
      res.end(content);
      return;
    }
    if (req.method === 'POST' && responseUrls.owns(path)) {
      const raw = await readBody(req);
      return send(res, responseUrls.handle(`${baseUrl}${path}`, path, raw.toString('utf8')));
    }
    send(res, { status: 404, body: { ok: false, error: 'not_found' } });
  }

  const http = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { ok: false, error: 'internal_error' } });
      console.error('slack sandbox: request failed', error);
    });
  });
  http.on('upgrade', (req: IncomingMessage, duplex, head: Buffer) => socket.handleUpgrade(req, duplex, head));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    botToken: identity.botToken,
    appToken: identity.appToken,
    botUserId,
    botId: identity.botId,
    teamId: identity.teamId,
    appId: identity.appId,
    calls: (method) =>
      calls.filter((c) => method === undefined || c.method === method).map((c) => structuredClone(c)),
    clearCalls: () => {
      calls.length = 0;
    },
    newResponseUrl: (context) => responseUrls.issue(baseUrl, context),
    responses: () => responseUrls.responses(),
    onResponse: (listener) => responseUrls.onResponse(listener),
    failNext: (method, failure) => failures.failNext(method, failure),
    hold: (method) => holds.hold(method),
    messages: (channel) => conversations.list(channel),
    postAs: (user, channel, text) =>
      conversations.post({ channel: directory.conversationOf(channel) ?? channel, user, text }),
    dmChannelOf: (userId) => directory.dmChannelOf(userId),
    user: (userId) => {
      const found = directory.user(userId);
      return found && { ...found };
    },
    fileContent: (fileId) => files.content(fileId),
    onChange: (listener) => conversations.onChange(listener),
    issueTriggerId: (userId) => views.issueTrigger(userId),
    homeView: (userId) => views.home(userId),
    openViews: (userId) => views.stack(userId),
    view: (viewId) => views.view(viewId),
    viewClient: {
      fill: (userId, viewId, values) => views.fill(userId, viewId, values),
      answer: (userId, viewId, answer) => views.answer(userId, viewId, answer),
    },
    socket,
    runFunction: (callbackId, inputs) => {
      const execution = functions.start(callbackId, inputs);
      const event = functionExecutedEvent(execution, inputs, identity.appId);
      const payload = eventCallbackPayload({
        event,
        teamId: identity.teamId,
        appId: identity.appId,
        botUserId,
      });
      return { execution, payload };
    },
    functionExecution: (executionId) => functions.get(executionId),
    functionExecutions: () => functions.list(),
    functionEnded: (executionId, timeoutMs) => functions.ended(executionId, timeoutMs),
    close: async () => {
      closing.abort();
      await socket.close();
      http.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        http.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}
