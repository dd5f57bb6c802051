/** The OpenID Connect provider, as the step-up needs it (src/platform/oidc implements it). */
export interface IdentityProvider {
  authorizationUrl(parameters: {
    state: string;
    nonce: string;
    codeVerifier: string;
    loginHint?: string;
    acrValues?: string[];
    maxAgeSeconds: number;
  }): Promise<string>;
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
