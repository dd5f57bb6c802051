import axios, { type AxiosAdapter } from 'axios';
import { safeLabel, type Metrics } from './metrics';

/**
 * Counts every Slack Web API request through the WebClient's `adapter` option. The WebClient emits no
 * per-call hook, and its named methods (`chat.postMessage`...) are bound to `apiCall` when the client
 * is built, so a wrapper on an instance misses them; options are what reach every client, Bolt's own
 * per-team clients included. Each attempt is counted (a retried call counts each try), which is what
 * a rate limit is about. The request is then made by axios's own adapter, as it would have been.
 */
export function slackCallCounting(metrics: Metrics): { adapter: AxiosAdapter } {
  const send = axios.getAdapter(axios.defaults.adapter);
  return {
    adapter: async (config) => {
      const method = safeLabel(methodOf(config.url));
      try {
        const response = await send(config);
        if (response.status === 429) {
          metrics.slackRateLimited.labels(method).inc();
          metrics.slackCalls.labels(method, 'ratelimited').inc();
        } else {
          metrics.slackCalls
            .labels(method, answeredOk(response.status, response.data) ? 'ok' : 'error')
            .inc();
        }
        return response;
      } catch (error) {
        metrics.slackCalls.labels(method, 'failed').inc();
        throw error;
      }
    },
  };
}

/** The Web API method is the last segment of the URL (`https://slack.com/api/chat.postMessage`). */
function methodOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const path = url.split('?')[0] ?? url;
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The body is not yet parsed at the adapter: a JSON text (or bytes, for a file download). */
function answeredOk(status: number, data: unknown): boolean {
  if (status < 200 || status >= 300) return false;
  if (typeof data !== 'string') return true;
  return !/^\s*\{\s*"ok"\s*:\s*false/.test(data);
}
