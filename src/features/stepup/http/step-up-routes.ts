import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StepUpService } from '../domain/step-up-service';
import type { StepUpFailure } from '../domain/step-up-result';
import { randomSecret } from '../domain/step-up-secrets';
import type { Logger } from '../../../platform/logger';
import { sendPage } from './step-up-page';
import { browserCookie, browserOf } from './browser-cookie';
import {
  STEP_UP_APPROVED_PAGE,
  STEP_UP_REACTIVATED_PAGE,
  STEP_UP_REACTIVATION_REFUSED_PAGE,
  STEP_UP_REFUSED_PAGE,
  stepUpFailureText,
} from '../slack/texts';

export const STEP_UP_START_PATH = '/stepup/start';
export const STEP_UP_CALLBACK_PATH = '/stepup/callback';

/** A start link or a callback is a few hundred characters; anything longer is not ours. */
const MAX_URL_LENGTH = 4096;

const STATUS: Partial<Record<StepUpFailure, number>> = {
  'unknown-link': 404,
  'rate-limited': 429,
  'idp-unavailable': 502,
};

/**
 * What every request to the two routes must be before it is read: a GET, without a body, with a
 * URL of sane length. Anything else is answered here, at once, and its connection closed.
 */
function refusedShape(req: IncomingMessage, res: ServerResponse): boolean {
  const bodyLength = Number(req.headers['content-length'] ?? 0);
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET', connection: 'close', 'content-length': '0' });
  } else if (bodyLength > 0 || req.headers['transfer-encoding'] !== undefined) {
    res.writeHead(413, { connection: 'close', 'content-length': '0' });
  } else if ((req.url ?? '').length > MAX_URL_LENGTH) {
    res.writeHead(414, { connection: 'close', 'content-length': '0' });
  } else {
    return false;
  }
  res.end();
  return true;
}

/** The request's query, parsed against a fixed base: the URL's host is never read or echoed. */
function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * GET /stepup/start?t=TOKEN: a ticket's link; sets the browser cookie and redirects to the
 * provider's sign-in (a URL built from its discovery document, never from the request). GET
 * /stepup/callback: the provider's answer. Both answer with one fixed sentence; neither logs its
 * URL, query or cookie.
 */
export function stepUpRoutes(service: StepUpService, publicUrl: string, log: Logger) {
  const secure = publicUrl.startsWith('https:');
  return {
    async start(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (refusedShape(req, res)) return;
      const browser = randomSecret();
      const result = await service.start(queryOf(req).get('t') ?? undefined, {
        browser,
        address: addressOf(req),
      });
      log.info({ route: 'start', outcome: result.ok ? 'redirected' : result.failure }, 'step-up');
      if (!result.ok)
        return sendPage(res, STATUS[result.failure] ?? 400, stepUpFailureText(result.failure, result.verb));
      res.writeHead(303, {
        location: result.redirect,
        'set-cookie': browserCookie(browser, secure),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'content-length': '0',
      });
      res.end();
    },

    async callback(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (refusedShape(req, res)) return;
      // The provider's answer as it reached us, on the public base openid-client checks it against.
      const url = new URL(`${publicUrl}${STEP_UP_CALLBACK_PATH}`);
      url.search = queryOf(req).toString();
      const result = await service.finish(url, { browser: browserOf(req), address: addressOf(req) });
      const done = result.ok ? ('request' in result ? 'approved' : 'reactivated') : result.failure;
      log.info({ route: 'callback', outcome: done }, 'step-up');
      if (result.ok)
        return sendPage(res, 200, 'request' in result ? STEP_UP_APPROVED_PAGE : STEP_UP_REACTIVATED_PAGE);
      if (result.failure === 'approval-refused') return sendPage(res, 409, STEP_UP_REFUSED_PAGE);
      if (result.failure === 'reactivation-refused')
        return sendPage(res, 409, STEP_UP_REACTIVATION_REFUSED_PAGE);
      return sendPage(res, STATUS[result.failure] ?? 403, stepUpFailureText(result.failure, result.verb));
    },
  };
}
