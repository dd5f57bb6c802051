import { DEMO_ONE_TIME_CODE, DEMO_PASSWORD, startIdp, type IdpServer } from '../../sandbox/idp';
import { APPROVE_ACTION } from '../../src/features/approvals/slack/approval-request';
import { STEP_UP_LINK_ACTION } from '../../src/features/stepup/slack/step-up-prompt';
import { freePort } from './free-port';
import { POLICY_YAML, SLACK_USERS, startBot, type Bot, type BotOptions } from './bot';

export const STEP_UP_CLIENT = { id: 'keywarden', secret: 'sandbox-client-secret' };

/** The end-to-end stories' policy, with approvals.stepUp at this issuer. */
export function stepUpPolicy(issuer: string, extra = ''): string {
  return POLICY_YAML.replace(
    'expiresAfterHours: 24',
    `expiresAfterHours: 24
  stepUp:
    issuer: ${issuer}
    clientId: ${STEP_UP_CLIENT.id}
    acrValues: [urn:keywarden:sandbox:mfa]
    amr: [otp, mfa, hwk]
    maxAgeSeconds: 300${extra}`,
  );
}

/** The sandbox provider for the stories' people, the bot's callback on a port chosen first. */
export async function startStepUpIdp(): Promise<{ idp: IdpServer; port: number; publicUrl: string }> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const idp = await startIdp({
    clientId: STEP_UP_CLIENT.id,
    clientSecret: STEP_UP_CLIENT.secret,
    redirectUris: [`${publicUrl}/stepup/callback`],
    people: SLACK_USERS.map((user) => ({ email: user.email ?? `${user.name}@example.com` })),
  });
  return { idp, port, publicUrl };
}

/** The sandbox provider and a bot whose deletions' approvals step up there. */
export async function startStepUpBot(
  options: BotOptions = {},
): Promise<{ idp: IdpServer; bot: Bot; publicUrl: string }> {
  const { idp, port, publicUrl } = await startStepUpIdp();
  const bot = await startBot({
    ...options,
    policyYaml: stepUpPolicy(idp.url),
    port,
    stepUp: { publicUrl, clientSecret: STEP_UP_CLIENT.secret },
  });
  return { idp, bot, publicUrl };
}

/** A browser's cookies, one jar per site. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function get(url: string, jar: Jar, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.take(response);
  return response;
}

/** Approve clicked by `as`: the ephemeral answer, and the step-up link in its button. */
export async function clickApprove(
  bot: Bot,
  request: { requestId: string; message: { ts: string } },
  as: string,
): Promise<{ text: string; link?: string }> {
  const reply = await bot.driver.click(APPROVE_ACTION, request.requestId, {
    userId: as,
    channelId: 'C0APPROVALS',
    messageTs: request.message.ts,
  });
  const body = await bot.driver.waitForResponse(reply.responseUrl, 10_000);
  const text = String(body?.text ?? '');
  return { text, link: stepUpLinkIn(body?.blocks) };
}

/** The step-up link in an answer's blocks: the URL of its "Verify with ..." button. */
export function stepUpLinkIn(blocks: unknown): string | undefined {
  const json = JSON.stringify(blocks ?? []);
  return new RegExp(`"action_id":"${STEP_UP_LINK_ACTION}"[^}]*"url":"([^"]+)"`).exec(json)?.[1];
}

export interface SignInAs {
  login: string;
  password?: string;
  /** The one-time code; '' signs in with the password alone. */
  otp?: string;
}

/** The browser's walk: open the link, sign in at the provider, stop before the callback. */
export async function signIn(
  link: string,
  as: SignInAs,
): Promise<{ callback: string; botCookies: string; loginHint?: string }> {
  const bot = new Jar();
  const idp = new Jar();
  const started = await get(link, bot);
  if (started.status !== 303) throw new Error(`start answered ${started.status}: ${await started.text()}`);
  const authorize = started.headers.get('location') ?? '';
  const toInteraction = await get(authorize, idp);
  const interaction = new URL(toInteraction.headers.get('location') ?? '', authorize).href;
  const form = await (await get(interaction, idp)).text();
  const loginHint = /name="login" type="email" value="([^"]*)"/.exec(form)?.[1];
  const submitted = await get(`${interaction}/login`, idp, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      login: as.login,
      password: as.password ?? DEMO_PASSWORD,
      otp: as.otp ?? DEMO_ONE_TIME_CODE,
    }).toString(),
  });
  if (submitted.status !== 303) throw new Error(`sign-in answered ${submitted.status}`);
  let next = new URL(submitted.headers.get('location') ?? '', authorize).href;
  // The provider resumes the authorization, then sends the browser back to the bot.
  for (let hop = 0; hop < 5 && !next.includes('/stepup/callback'); hop++) {
    const response = await get(next, idp);
    next = new URL(response.headers.get('location') ?? '', next).href;
  }
  if (!next.includes('/stepup/callback')) throw new Error('the provider did not send the browser back');
  return { callback: next, botCookies: bot.header(), loginHint };
}

/** The callback, as the browser would send it to `base` (a replica), with its cookies. */
export async function finishAt(
  callback: string,
  botCookies: string,
  base?: string,
): Promise<{ status: number; page: string }> {
  const url = new URL(callback);
  const target = base ? `${base}${url.pathname}${url.search}` : callback;
  const response = await fetch(target, { redirect: 'manual', headers: { cookie: botCookies } });
  return { status: response.status, page: await response.text() };
}

/** The one sentence of a step-up page. */
export function outcomeOf(page: string): string {
  return /<p id="outcome">([^<]*)<\/p>/.exec(page)?.[1]?.replace(/&#39;/g, "'") ?? '';
}
