import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/platform/config';
import { SANDBOX_ACR, startIdp, type IdpServer } from '../idp';
import { DEMO_SLACK_USERS } from './people';

const CLIENT_ID = 'keywarden-sandbox';

export interface SandboxStepUp {
  idp: IdpServer;
  /** The bot's port, chosen before either starts. */
  port: number;
  publicUrl: string;
  clientSecret: string;
}

/** The local identity provider, for the demo people, with the bot's callback on `port`. */
export async function startSandboxIdp(port: number): Promise<SandboxStepUp> {
  const publicUrl = `http://127.0.0.1:${port}`;
  const clientSecret = randomBytes(24).toString('hex');
  const idp = await startIdp({
    clientId: CLIENT_ID,
    clientSecret,
    redirectUris: [`${publicUrl}/stepup/callback`],
    people: DEMO_SLACK_USERS.flatMap((user) => (user.email ? [{ email: user.email }] : [])),
  });
  return { idp, port, publicUrl, clientSecret };
}

/**
 * approvals.stepUp and its two variables, as an operator would write them, pointed at the local
 * provider, whose address is known only now: a policy file cannot name it.
 */
export function withStepUp(config: Config, stepUp: SandboxStepUp): void {
  if (!config.policy.approvals) throw new Error('the sandbox policy has no approvals to step up');
  config.policy.approvals.stepUp = {
    issuer: stepUp.idp.url,
    clientId: CLIENT_ID,
    acrValues: [SANDBOX_ACR.mfa],
    amr: ['otp'],
    maxAgeSeconds: 300,
    for: ['delete'],
  };
  config.stepUp = { publicUrl: stepUp.publicUrl, clientSecret: stepUp.clientSecret };
}
