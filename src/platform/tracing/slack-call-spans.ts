import {
  context,
  createContextKey,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Tracer,
} from '@opentelemetry/api';

/**
 * The Slack calls as client spans. Bolt 5's WebClient sends every Web API method through
 * `WebClient.prototype.apiCall` (retries included), each attempt through `fetch`; Bolt's `respond()`
 * POSTs to the response_url with the App's `fetchFn` (`clientOptions.fetch`, else `globalThis.fetch`;
 * ours reads `globalThis.fetch` at each call, slack-call-metrics.ts). So `apiCall` and the global
 * `fetch` are wrapped once, for every client: the app's, the secret delivery's and the reports' own.
 * A span names the Web API method or "response_url", never the URL (a response_url lets anyone
 * answer in the person's name) nor what was sent.
 */

const IN_WEB_API_CALL = createContextKey('keywarden.slack.web-api-call');
const RESPONSE_URLS = createContextKey('keywarden.slack.response-urls');

interface ApiCallable {
  prototype: {
    apiCall: (this: unknown, method: string, options?: Record<string, unknown>) => Promise<unknown>;
  };
}
/** Where `fetch` lives: `globalThis` in production, a stand-in object in tests. */
interface FetchHolder {
  fetch: typeof fetch;
}

/** The request's response_url(s), so the POST there is named as the answer to it. */
export function withResponseUrls(parent: Context, body: unknown): Context {
  const urls = responseUrlsOf(body);
  return urls.length === 0 ? parent : parent.setValue(RESPONSE_URLS, urls);
}

function responseUrlsOf(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const record = body as { response_url?: unknown; response_urls?: unknown };
  const urls: string[] = [];
  if (typeof record.response_url === 'string') urls.push(record.response_url);
  if (Array.isArray(record.response_urls)) {
    for (const entry of record.response_urls as { response_url?: unknown }[]) {
      if (typeof entry?.response_url === 'string') urls.push(entry.response_url);
    }
  }
  return urls;
}

/** Slack's error code (`channel_not_found`, `ratelimited`) or the client's, never a message. */
function slackErrorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { data, code } = error as { data?: { error?: unknown }; code?: unknown };
  if (typeof data?.error === 'string') return data.error;
  return typeof code === 'string' ? code : 'unknown';
}

function fetchTarget(input: Parameters<typeof fetch>[0], init: RequestInit | undefined) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const given = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : undefined);
  return { url, method: (given ?? 'GET').toUpperCase() };
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** Wraps `apiCall` and `fetch`; the returned function puts them back. */
export function instrumentSlackCalls(
  tracer: Tracer,
  webClient: ApiCallable,
  holder: FetchHolder,
): () => void {
  const apiCall = webClient.prototype.apiCall;
  const send = holder.fetch;

  webClient.prototype.apiCall = function tracedApiCall(
    this: unknown,
    method: string,
    options?: Record<string, unknown>,
  ) {
    const attributes = { 'rpc.system': 'slack', 'rpc.method': method };
    return tracer.startActiveSpan(`slack ${method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        return await context.with(context.active().setValue(IN_WEB_API_CALL, true), () =>
          apiCall.call(this, method, options),
        );
      } catch (error) {
        span.setAttribute('error.type', slackErrorType(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  };

  holder.fetch = function tracedFetch(input: Parameters<typeof fetch>[0], init?: RequestInit) {
    const active = context.active();
    // The HTTP leg of a Web API call is its method's span already.
    if (active.getValue(IN_WEB_API_CALL) === true) return send(input, init);
    const { url, method } = fetchTarget(input, init);
    const responseUrls = active.getValue(RESPONSE_URLS) as string[] | undefined;
    const name = url !== undefined && responseUrls?.includes(url) ? 'slack response_url' : `HTTP ${method}`;
    const host = hostOf(url);
    const attributes = { 'http.request.method': method, ...(host ? { 'server.address': host } : {}) };
    return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        const response = await send(input, init);
        span.setAttribute('http.response.status_code', response.status);
        // fetch resolves whatever the status; Bolt 5's respond() then throws RespondError on a non-2xx.
        if (!response.ok) {
          span.setAttribute('error.type', String(response.status));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return response;
      } catch (error) {
        span.setAttribute('error.type', 'request_failed');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  };

  return () => {
    webClient.prototype.apiCall = apiCall;
    holder.fetch = send;
  };
}
