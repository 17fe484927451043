import { Injectable } from '@nestjs/common';
import { CodeChallengeMethod, type Credentials, OAuth2Client } from 'google-auth-library';
// The Calendar API alone: the `googleapis` entry loads every Google API (half a second and ~65 MB of heap).
import { calendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar';
import { AppConfig, type GoogleSettings } from '@sophie/common';
import { REQUESTED_SCOPES } from './google-scopes';

export interface GrantedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiry: Date | null;
  readonly scope: string;
  /** The linked account's address, from the ID token. */
  readonly email: string;
}

/**
 * The installation's Google OAuth client and the Calendar API, with their base URLs taken from configuration
 * (GOOGLE_API_URL, GOOGLE_OAUTH_URL) so the real library code can talk to the local fake. Every call gives up after GOOGLE_TIMEOUT_MS. Library retries are off:
 * writes are retried by the durable queue with backoff, reads fail fast (a calendar that cannot be read offers no
 * slots).
 */
@Injectable()
export class GoogleApi {
  private readonly settings: GoogleSettings | undefined;

  constructor(config: AppConfig) {
    this.settings = config.google;
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** A new OAuth client (one per linked calendar use: credentials are per practitioner). */
  oauthClient(credentials?: Credentials): OAuth2Client {
    const settings = this.required();
    const base = settings.oauthUrl;
    const client = new OAuth2Client({
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      redirectUri: settings.redirectUri,
      // Node's own fetch: gaxios would otherwise import node-fetch dynamically, which some runtimes (jest's VM) refuse.
      transporterOptions: { timeout: settings.timeoutMs, retry: false, fetchImplementation: fetch },
      ...(base === undefined
        ? {}
        : { endpoints: { oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`, oauth2TokenUrl: `${base}/token`, oauth2RevokeUrl: `${base}/revoke`, tokenInfoUrl: `${base}/tokeninfo` } }),
    });
    // google-auth-library asks gaxios to retry its own token, revoke and tokeninfo calls three times; the durable
    // queue retries writes with backoff instead, and a read must fail fast.
    client.transporter.interceptors.request.add({ resolved: (options) => Promise.resolve({ ...options, retry: false }) });
    if (credentials) client.setCredentials(credentials);
    return client;
  }

  /** Where to send the practitioner: offline access, consent every time (so Google returns a refresh token), PKCE S256. */
  authorizationUrl(state: string, codeChallenge: string): string {
    return this.oauthClient().generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [...REQUESTED_SCOPES],
      state,
      code_challenge: codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
    });
  }

  /** A PKCE pair: the verifier stays with us, the challenge goes to Google. */
  codeVerifier(): Promise<{ codeVerifier: string; codeChallenge: string }> {
    return this.oauthClient()
      .generateCodeVerifierAsync()
      .then((pair) => ({ codeVerifier: pair.codeVerifier, codeChallenge: pair.codeChallenge ?? '' }));
  }

  /** Exchanges an authorisation code (with its PKCE verifier) for tokens; null fields mean Google left them out. */
  async exchange(code: string, codeVerifier: string): Promise<Partial<GrantedTokens>> {
    const { tokens } = await this.oauthClient().getToken({ code, codeVerifier, redirect_uri: this.required().redirectUri });
    return {
      accessToken: tokens.access_token ?? undefined,
      refreshToken: tokens.refresh_token ?? undefined,
      expiry: typeof tokens.expiry_date === 'number' ? new Date(tokens.expiry_date) : null,
      scope: tokens.scope,
      email: verifiedEmail(tokens.id_token, this.required().clientId),
    };
  }

  /** Revokes a grant at Google (an access or refresh token revokes the whole grant). */
  async revoke(token: string): Promise<void> {
    await this.oauthClient().revokeToken(token);
  }

  /** The Calendar API acting with `auth`. */
  calendar(auth: OAuth2Client): calendar_v3.Calendar {
    return calendar({ version: 'v3', auth, rootUrl: this.required().apiUrl, retry: false, timeout: this.required().timeoutMs });
  }

  private required(): GoogleSettings {
    if (!this.settings) throw new Error('Google is not configured (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI)');
    return this.settings;
  }
}

/**
 * The e-mail of an ID token received straight from Google's token endpoint over TLS, for our client id. Its
 * signature is not checked: OpenID Connect Core 3.1.3.7 lets a client rely on the TLS channel of the token
 * endpoint instead. Undefined when absent or unverified.
 */
export function verifiedEmail(idToken: string | null | undefined, clientId: string): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audience.includes(clientId) || claims.email_verified !== true || typeof claims.email !== 'string') return undefined;
    return claims.email;
  } catch {
    return undefined;
  }
}
