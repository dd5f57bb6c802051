import type { FetchFunction } from '@slack/web-api';
import { safeLabel, type Metrics } from './metrics';

const DEFAULT_API_URL = 'https://slack.com/api/';

/**
 * Counts every Slack Web API request through the WebClient's `fetch` option (web-api 8). The WebClient
 * emits no per-call hook, and its named methods (`chat.postMessage`...) are bound to `apiCall` when the
 * client is built, so a wrapper on an instance misses them; options are what reach every client, Bolt's
 * own per-team clients included. Each attempt is counted (a retried call counts each try), which is what
 * a rate limit is about. Bolt 5 also POSTs to response_urls with this same function (App's `fetchFn`):
 * only URLs under the Web API's base are counted, so a response_url (a credential) never becomes a label.
 */
export function slackCallCounting(metrics: Metrics, apiUrl = DEFAULT_API_URL): { fetch: FetchFunction } {
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  return {
    // globalThis.fetch is read at each call, so tracing's wrapper (installed later) is under it.
    fetch: async (url, init) => {
      const href = String(url);
      if (!href.startsWith(base)) return globalThis.fetch(url, init);
      const method = safeLabel(methodOf(href.slice(base.length)));
      try {
        const response = await globalThis.fetch(url, init);
        if (response.status === 429) {
          metrics.slackRateLimited.labels(method).inc();
          metrics.slackCalls.labels(method, 'ratelimited').inc();
        } else {
          const ok = response.ok && !(await saysNotOk(response));
          metrics.slackCalls.labels(method, ok ? 'ok' : 'error').inc();
        }
        return response;
      } catch (error) {
        metrics.slackCalls.labels(method, 'failed').inc();
        throw error;
      }
    },
  };
}

/** The Web API method is the path below the base (`chat.postMessage`), without a query. */
function methodOf(path: string): string | undefined {
  const method = path.split('?')[0];
  return method === '' ? undefined : method;
}

/** Slack answers most failures 200 `{"ok":false}`: read from a clone, so the client still gets the body. */
async function saysNotOk(response: Response): Promise<boolean> {
  try {
    return /^\s*\{\s*"ok"\s*:\s*false/.test(await response.clone().text());
  } catch {
    return false;
  }
}
