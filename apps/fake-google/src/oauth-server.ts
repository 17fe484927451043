import { createHash, randomBytes } from 'node:crypto';
import { Answer, oauthError } from './google-errors';

/** How the next sign-in at the consent screen goes; see `FakeGoogle.nextConsent`. */
export interface FakeConsent {
  /** The account signing in; `defaultAccount` when left out. */
  email?: string;
  /** The scopes granted (normally a subset of those asked); all those asked when left out. */
  grantScopes?: string[];
  /** The user clicks "Cancel": the redirect carries `error=access_denied`. */
  deny?: boolean;
}

/** A grant (one code exchange: a refresh token and the access tokens refreshed from it), as tests see it. */
export interface FakeGoogleGrant {
  email: string;
  scopes: string[];
  refreshToken: string;
  /** Revoked through `/revoke` or `revokeGrant()`. */
  revoked: boolean;
  createdAt: Date;
}

/** A live access token: whose, and what it may do. */
export interface LiveToken {
  email: string;
  scopes: string[];
  expiresAt: number;
}

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accessTokenLifetimeSeconds: number;
}

interface Grant extends FakeGoogleGrant {
  clientId: string;
}

interface AccessToken {
  grant: Grant;
  expiresAt: number;
}

interface AuthCode {
  email: string;
  scopes: string[];
  redirectUri: string;
  challenge: string;
  issuedAt: number;
  used: boolean;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const DEFAULT_ACCOUNT = 'practitioner@example.test';

/** Google's OAuth 2.0 server for one client: authorization codes with PKCE, grants, access and refresh tokens. */
export class OAuthServer {
  /** Who signs in when no `nextConsent()` is pending. */
  defaultAccount = DEFAULT_ACCOUNT;

  private pending?: FakeConsent;
  private readonly codes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private grantList: Grant[] = [];

  constructor(private readonly config: OAuthConfig) {}

  nextConsent(consent: FakeConsent): void {
    this.pending = consent;
  }

  /** The pending one-shot consent, not consumed. */
  peekConsent(): FakeConsent {
    return this.pending ?? {};
  }

  /** The pending one-shot consent, consumed, or the default account's. */
  takeConsent(): FakeConsent {
    const consent = this.pending ?? {};
    this.pending = undefined;
    return consent;
  }

  /** Why Google would refuse this authorization request (its error page's text), or undefined. */
  checkAuthorization(params: URLSearchParams): string | undefined {
    if (params.get('client_id') !== this.config.clientId) return 'Error 400: invalid_client\nThe OAuth client was not found.';
    if (!isAbsoluteUrl(params.get('redirect_uri'))) return 'Error 400: invalid_request\nMissing or invalid required parameter: redirect_uri';
    if (params.get('response_type') !== 'code') return `Error 400: unsupported_response_type\nresponse_type must be "code", got "${params.get('response_type')}"`;
    if (!params.get('scope')) return 'Error 400: invalid_request\nMissing required parameter: scope';
    if (!params.get('code_challenge')) return 'Error 400: invalid_request\nMissing required parameter: code_challenge (this fake requires PKCE)';
    if (params.get('code_challenge_method') !== 'S256') return 'Error 400: invalid_request\ncode_challenge_method must be S256';
    return undefined;
  }

  /** The end of the consent screen: a 302 back to the client with a code (or `error=access_denied`). */
  authorize(params: URLSearchParams, consent: FakeConsent): Answer {
    const problem = this.checkAuthorization(params);
    if (problem) return { status: 400, text: `${problem}\n` };
    const redirectUri = params.get('redirect_uri') ?? '';
    const redirect = new URL(redirectUri);
    const state = params.get('state');
    if (consent.deny) {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const scopes = consent.grantScopes ?? splitScopes(params.get('scope'));
      const code = `4/0${token(40)}`;
      const email = consent.email ?? this.defaultAccount;
      this.codes.set(code, { email, scopes, redirectUri, challenge: params.get('code_challenge') ?? '', issuedAt: Date.now(), used: false });
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('scope', scopes.join(' '));
    }
    if (state !== null) redirect.searchParams.set('state', state);
    return { status: 302, location: redirect.toString() };
  }

  /** `POST /token`: the code exchange and the refresh. */
  token(form: URLSearchParams, authorization: string | undefined): Answer {
    const client = clientCredentials(form, authorization);
    if (client.id !== this.config.clientId) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (client.secret !== this.config.clientSecret) return oauthError(401, 'invalid_client', 'Unauthorized');
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.exchangeCode(form);
    if (grantType === 'refresh_token') return this.refresh(form.get('refresh_token'));
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }

  /** `POST /revoke`: revokes the grant of an access or refresh token. */
  revoke(tokenValue: string | null): Answer {
    const refreshGrant = this.refreshTokens.get(tokenValue ?? '');
    const grant = refreshGrant && !refreshGrant.revoked ? refreshGrant : this.liveAccessToken(tokenValue)?.grant;
    if (!grant) return oauthError(400, 'invalid_token', 'Token expired or revoked');
    grant.revoked = true;
    return { status: 200, json: {} };
  }

  /** `/tokeninfo`: what Google says about a live access token (numbers as strings, like Google). */
  tokenInfo(tokenValue: string | null | undefined): Answer {
    const access = this.liveAccessToken(tokenValue);
    if (!access) return oauthError(400, 'invalid_token', 'Invalid Value');
    const { grant, expiresAt } = access;
    return {
      status: 200,
      json: {
        azp: this.config.clientId,
        aud: this.config.clientId,
        sub: subjectOf(grant.email),
        scope: grant.scopes.join(' '),
        exp: String(Math.floor(expiresAt / 1000)),
        expires_in: String(Math.max(0, Math.floor((expiresAt - Date.now()) / 1000))),
        email: grant.email,
        email_verified: 'true',
        access_type: 'offline',
      },
    };
  }

  /** The live (known, unexpired, unrevoked) access token's account and scopes. */
  liveToken(tokenValue: string | undefined): LiveToken | undefined {
    const access = this.liveAccessToken(tokenValue);
    return access && { email: access.grant.email, scopes: access.grant.scopes, expiresAt: access.expiresAt };
  }

  /** The account behind an access token, refresh token or code, live or not. */
  accountOf(value: string | null | undefined): string | undefined {
    if (!value) return undefined;
    return this.accessTokens.get(value)?.grant.email ?? this.refreshTokens.get(value)?.email ?? this.codes.get(value)?.email;
  }

  revokeGrants(email: string): void {
    for (const grant of this.grantList) if (grant.email === email) grant.revoked = true;
  }

  expireAccessTokens(): void {
    for (const access of this.accessTokens.values()) access.expiresAt = 0;
  }

  grants(): FakeGoogleGrant[] {
    return this.grantList.map(({ email, scopes, refreshToken, revoked, createdAt }) => ({ email, scopes: [...scopes], refreshToken, revoked, createdAt }));
  }

  reset(): void {
    this.defaultAccount = DEFAULT_ACCOUNT;
    this.pending = undefined;
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
    this.grantList = [];
  }

  private exchangeCode(form: URLSearchParams): Answer {
    const code = form.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code');
    const entry = this.codes.get(code);
    const problem = entry ? codeProblem(entry, form) : 'Malformed auth code.';
    if (problem || !entry) return oauthError(400, 'invalid_grant', problem);
    entry.used = true;
    const grant: Grant = { email: entry.email, scopes: entry.scopes, refreshToken: `1//0${token(60)}`, revoked: false, createdAt: new Date(), clientId: this.config.clientId };
    this.grantList.push(grant);
    this.refreshTokens.set(grant.refreshToken, grant);
    const access = this.issueAccessToken(grant);
    return {
      status: 200,
      json: {
        access_token: access,
        expires_in: this.config.accessTokenLifetimeSeconds,
        refresh_token: grant.refreshToken,
        scope: grant.scopes.join(' '),
        token_type: 'Bearer',
        id_token: this.idToken(grant.email),
      },
    };
  }

  private refresh(refreshToken: string | null): Answer {
    if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.revoked || grant.clientId !== this.config.clientId) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    const access = this.issueAccessToken(grant);
    return { status: 200, json: { access_token: access, expires_in: this.config.accessTokenLifetimeSeconds, scope: grant.scopes.join(' '), token_type: 'Bearer' } };
  }

  private issueAccessToken(grant: Grant): string {
    const value = `ya29.${token(80)}`;
    this.accessTokens.set(value, { grant, expiresAt: Date.now() + this.config.accessTokenLifetimeSeconds * 1000 });
    return value;
  }

  private liveAccessToken(value: string | null | undefined): AccessToken | undefined {
    const access = this.accessTokens.get(value ?? '');
    return access && !access.grant.revoked && access.expiresAt > Date.now() ? access : undefined;
  }

  /** A JWT with the right header and claims and a random signature (clients decode without verifying). */
  private idToken(email: string): string {
    const iat = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid: 'fake', typ: 'JWT' };
    const payload = {
      iss: 'https://accounts.google.com',
      azp: this.config.clientId,
      aud: this.config.clientId,
      sub: subjectOf(email),
      email,
      email_verified: true,
      iat,
      exp: iat + 3600,
    };
    return [base64url(JSON.stringify(header)), base64url(JSON.stringify(payload)), randomBytes(256).toString('base64url')].join('.');
  }
}

/** Why the code cannot be redeemed with this request, or undefined. */
function codeProblem(entry: AuthCode, form: URLSearchParams): string | undefined {
  if (entry.used) return 'Code was already redeemed.';
  if (Date.now() - entry.issuedAt > CODE_LIFETIME_MS) return 'Code has expired.';
  if (form.get('redirect_uri') !== entry.redirectUri) return 'redirect_uri does not match the one of the authorization request.';
  const verifier = form.get('code_verifier');
  if (!verifier) return 'Missing code verifier.';
  if (createHash('sha256').update(verifier).digest('base64url') !== entry.challenge) return 'Invalid code verifier.';
  return undefined;
}

/** client_id/client_secret from the form (client_secret_post) or a Basic header (client_secret_basic). */
function clientCredentials(form: URLSearchParams, authorization: string | undefined): { id: string | null; secret: string | null } {
  const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
  if (basic && !form.has('client_secret')) {
    const [id, ...secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret.join(':')) };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

/** A stable numeric Google account id for an e-mail. */
export function subjectOf(email: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16)}`).toString();
  return `1${digits.padStart(20, '0')}`;
}

export function splitScopes(scope: string | null): string[] {
  return (scope ?? '').split(/\s+/).filter((s) => s !== '');
}

function token(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function isAbsoluteUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
