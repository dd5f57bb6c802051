import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider, { interactionPolicy, type Configuration } from 'oidc-provider';
import { closeServer, listen } from '../query-api/http';
import { loginPage } from './login-page';

/** The second factor's methods and levels, as the ID token carries them. */
export const SANDBOX_ACR = { mfa: 'urn:keywarden:sandbox:mfa', pwd: 'urn:keywarden:sandbox:pwd' } as const;
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_ONE_TIME_CODE = '424242';

export interface IdpPerson {
  email: string;
  /** Sent as a slack_user_id claim when set. */
  slackUserId?: string;
}

export interface StartIdpOptions {
  host?: string;
  port?: number;
  clientId: string;
  /** Unset: a public client (PKCE alone). */
  clientSecret?: string;
  redirectUris: string[];
  people: IdpPerson[];
}

export interface IdpServer {
  /** The issuer (its discovery document is <url>/.well-known/openid-configuration). */
  url: string;
  /** Sign-ins from now on report an authentication this many seconds old (an IdP that ignores max_age). */
  backdateLogins(seconds: number): void;
  /** Every sign-in that finished: who, and with which methods. */
  signIns(): { email: string; amr: string[] }[];
  close(): Promise<void>;
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > 8192) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * A real OpenID Connect provider (panva's oidc-provider, certified) for the sandbox and the tests,
 * with its own sign-in: email, the demo password, and a one-time code as the second factor. With
 * the code the ID token says amr [pwd, otp] and the MFA acr; without it, [pwd] only: the weaker
 * sign-in a policy must refuse. Consent is implied for the one client.
 */
export async function startIdp(options: StartIdpOptions): Promise<IdpServer> {
  const people = new Map(options.people.map((person) => [person.email.toLowerCase(), person]));
  const finished: { email: string; amr: string[] }[] = [];
  let backdateSeconds = 0;
  const server = createServer();
  const url = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);

  // An IdP that honours max_age re-prompts a stale session; the backdating knob plays one that does not.
  const policy = interactionPolicy.base();
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        ...(options.clientSecret
          ? { client_secret: options.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
          : { token_endpoint_auth_method: 'none' }),
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    acrValues: [SANDBOX_ACR.mfa, SANDBOX_ACR.pwd],
    // oidc-provider leaves amr out of ID tokens unless a scope names it (or the claims parameter asks).
    claims: {
      acr: null,
      auth_time: null,
      sid: null,
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified', 'slack_user_id'],
    },
    // The email in the ID token itself: the bot reads no userinfo.
    conformIdTokenClaims: false,
    cookies: { keys: ['keywarden-sandbox-idp-cookie-key'] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    findAccount: (_ctx, id) => {
      const person = people.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: person.email,
          email_verified: true,
          ...(person.slackUserId ? { slack_user_id: person.slackUserId } : {}),
        }),
      };
    },
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(url, configuration);
  const callback = provider.callback();

  async function interact(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
    if (req.method === 'GET') return sendHtml(res, 200, loginPage(details.uid, hint));
    if (req.method !== 'POST' || !path.endsWith('/login')) return sendHtml(res, 405, 'not allowed');
    const form = await formOf(req);
    const email = (form.get('login') ?? '').trim().toLowerCase();
    const otp = (form.get('otp') ?? '').trim();
    if (!people.has(email) || form.get('password') !== DEMO_PASSWORD) {
      return sendHtml(res, 200, loginPage(details.uid, hint, 'Wrong email or password.'));
    }
    if (otp !== '' && otp !== DEMO_ONE_TIME_CODE) {
      return sendHtml(res, 200, loginPage(details.uid, hint, 'Wrong one-time code.'));
    }
    const amr = otp === '' ? ['pwd'] : ['pwd', 'otp'];
    finished.push({ email, amr });
    await provider.interactionFinished(
      req,
      res,
      {
        login: {
          accountId: email,
          amr,
          acr: otp === '' ? SANDBOX_ACR.pwd : SANDBOX_ACR.mfa,
          ts: Math.floor(Date.now() / 1000) - backdateSeconds,
          remember: false,
        },
      },
      { mergeWithLastSubmission: false },
    );
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/interaction/')) return void callback(req, res);
    interact(req, res, path).catch(() => {
      if (!res.headersSent) sendHtml(res, 400, 'This sign-in cannot go on; start again from Slack.');
      else res.end();
    });
  });

  return {
    url,
    backdateLogins: (seconds) => {
      backdateSeconds = seconds;
    },
    signIns: () => [...finished],
    // Idempotent: a test takes the provider down on purpose and its afterAll closes it again.
    close: () => (server.listening ? closeServer(server) : Promise.resolve()),
  };
}
