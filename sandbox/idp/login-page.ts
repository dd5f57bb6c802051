import { escapeHtml as escape } from '../../src/platform/http/escape-html';

/** The sandbox provider's sign-in form: email, password, and the one-time code (the second factor). */
export function loginPage(uid: string, loginHint: string | undefined, error?: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox sign-in</title></head><body>' +
    '<main><h1>Sandbox identity provider</h1>' +
    (error ? `<p id="error">${escape(error)}</p>` : '') +
    `<form method="post" action="/interaction/${escape(uid)}/login">` +
    `<label>Email <input name="login" type="email" value="${escape(loginHint ?? '')}" required></label>` +
    '<label>Password <input name="password" type="password" required></label>' +
    '<label>One-time code <input name="otp" inputmode="numeric" autocomplete="one-time-code"></label>' +
    '<button type="submit">Sign in</button></form></main></body></html>\n'
  );
}
