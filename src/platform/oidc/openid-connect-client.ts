import * as oidc from 'openid-client';
import type { AuthorizationParameters, IdentityProvider, SignIn } from '../../kernel/ports/identity-provider';
import { isSecureOrLoopback } from '../config/policy-rules';
import { isUnreachable, oidcRejected, oidcUnavailable } from './oidc-errors';

export interface OidcClientSettings {
  /** The issuer; its discovery document is read on first use, and again after a failure. */
  issuer: string;
  clientId: string;
  /** KEYWARDEN_OIDC_CLIENT_SECRET; unset, a public client (PKCE alone). */
  clientSecret?: string;
  /** <KEYWARDEN_PUBLIC_URL>/stepup/callback, registered at the provider. */
  redirectUri: string;
  /** Each call to the provider; a person is waiting in the browser. */
  timeoutSeconds?: number;
}

const TIMEOUT_SECONDS = 10;

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The authorization code flow with openid-client (v6): discovery, the authorization URL (PKCE S256,
 * state, nonce, acr_values, max_age, login_hint), and the callback's code exchange, where
 * openid-client checks state and iss, sends the verifier, and verifies the ID token's signature,
 * issuer, audience, nonce and expiry. Failures are KeywardenErrors: OIDC_UNAVAILABLE when the
 * provider did not answer, OIDC_REJECTED when its answer does not hold.
 */
export class OpenIdConnectClient implements IdentityProvider {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcClientSettings) {}

  async authorizationUrl(parameters: AuthorizationParameters): Promise<string> {
    const config = await this.discovered();
    const query: Record<string, string> = {
      redirect_uri: this.settings.redirectUri,
      response_type: 'code',
      scope: 'openid email',
      state: parameters.state,
      nonce: parameters.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(parameters.codeVerifier),
      code_challenge_method: 'S256',
      max_age: String(parameters.maxAgeSeconds),
      ...(parameters.acrValues ? { acr_values: parameters.acrValues.join(' ') } : {}),
      ...(parameters.loginHint ? { login_hint: parameters.loginHint } : {}),
    };
    return oidc.buildAuthorizationUrl(config, query).href;
  }

  /** `callbackUrl`: the callback as the browser reached it (its query holds code, state and iss). */
  async redeem(
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<SignIn> {
    const config = await this.discovered();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        pkceCodeVerifier: expected.codeVerifier,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      throw isUnreachable(error) ? oidcUnavailable('code exchange', error) : oidcRejected('sign-in', error);
    }
    if (!claims) throw oidcRejected('sign-in', new Error('no ID token'));
    const amr = Array.isArray(claims.amr) ? claims.amr.filter((value) => typeof value === 'string') : [];
    return {
      subject: claims.sub,
      email: text(claims.email),
      emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
      slackUserId: text(claims.slack_user_id),
      acr: text(claims.acr),
      amr,
      authTime: typeof claims.auth_time === 'number' ? new Date(claims.auth_time * 1000) : undefined,
    };
  }

  /** The discovery document, once; a failed discovery is forgotten so the next sign-in tries again. */
  private discovered(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    const url = new URL(issuer);
    const auth = clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None();
    // Plain http only for a provider on this machine (the sandbox's); the policy refuses it elsewhere.
    const insecure = url.protocol === 'http:' && isSecureOrLoopback(issuer);
    try {
      const config = await oidc.discovery(url, clientId, undefined, auth, {
        timeout: this.settings.timeoutSeconds ?? TIMEOUT_SECONDS,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      config.timeout = this.settings.timeoutSeconds ?? TIMEOUT_SECONDS;
      return config;
    } catch (error) {
      throw isUnreachable(error) ? oidcUnavailable('discovery', error) : oidcRejected('discovery', error);
    }
  }
}
