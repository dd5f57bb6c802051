/** What an authorization request asks for (OpenID Connect Core 3.1.2.1). */
export interface AuthorizationParameters {
  state: string;
  nonce: string;
  codeVerifier: string;
  loginHint?: string;
  acrValues?: string[];
  maxAgeSeconds: number;
}

/**
 * The OpenID Connect provider, as the step-up needs it; src/platform/oidc implements it. In the
 * kernel so the adapter and the slice's domain share one shape.
 */
export interface IdentityProvider {
  authorizationUrl(parameters: AuthorizationParameters): Promise<string>;
  /**
   * Exchanges the callback's code and verifies the ID token (signature, issuer, audience, nonce,
   * expiry). Throws: code OIDC_UNAVAILABLE when the provider did not answer, OIDC_REJECTED otherwise.
   */
  redeem(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<SignIn>;
}

/** Who signed in, and how (from the verified ID token). */
export interface SignIn {
  subject: string;
  email?: string;
  emailVerified?: boolean;
  slackUserId?: string;
  acr?: string;
  amr: string[];
  authTime?: Date;
}
