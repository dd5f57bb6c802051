import type { IncomingMessage } from 'node:http';

/**
 * The cookie that ties the callback to the browser the approver opened their link in: set by
 * /stepup/start, read by /stepup/callback, on /stepup only. SameSite=Lax: the provider's redirect
 * back is a top-level GET, which carries it; another site's request for an image does not.
 */
export const BROWSER_COOKIE = 'kw_stepup';

export function browserCookie(value: string, secure: boolean): string {
  return `${BROWSER_COOKIE}=${value}; Path=/stepup; Max-Age=600; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function browserOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === BROWSER_COOKIE) return rest.join('=');
  }
  return undefined;
}
