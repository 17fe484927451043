import { Injectable, Logger } from '@nestjs/common';
import { LessThan } from 'typeorm';
import type { RequestActor } from '@sophie/auth';
import { AppConfig, SecretsService } from '@sophie/common';
import { PractitionersService } from '@sophie/practitioners';
import { UserRole, UsersService } from '@sophie/registry';
import { ClinicAudit, TenantConnectionProvider, TenantContext } from '@sophie/tenancy';
import { CalendarErrorCode, calendarError } from '../calendar-error-code';
import type { CalendarConnectDto, CalendarLinkDto, CalendarUnlinkDto } from '../dto/calendar-link.dto';
import { GoogleApi, type GrantedTokens } from '../google/google-api';
import { googleFailure } from '../google/google-errors';
import { missingScopes } from '../google/google-scopes';
import { CalendarIntegrations } from '../integration/calendar-integrations';
import { CalendarLinkRequestEntity } from '../integration/calendar-link-request.entity';
import { CalendarSync } from '../sync/calendar-sync.service';
import { linkStateKey, newNonce, nonceHash, signLinkState, verifyLinkState } from './link-state';

/** How long an admin has to complete Google's consent after asking for the link. */
const LINK_TTL_SECONDS = 10 * 60;

/** What Google sends back to the redirect URI (other parameters are ignored). */
export interface OAuthCallbackQuery {
  readonly state?: string;
  readonly code?: string;
  readonly error?: string;
}

/** How a link attempt ended, as the dashboard's practitioner page is told (`?calendar=`). */
export type LinkOutcome = 'connected' | 'denied' | 'missing_scopes' | 'failed';

/**
 * Linking a practitioner's Google Calendar. `connect` starts it: a PKCE pair and a single-use, ten-minute state
 * bound to the clinic, the practitioner and the admin (signed, so the callback finds its clinic without trusting
 * the browser; its nonce's hash kept in the clinic database with the sealed verifier). `callback` finishes it:
 * the state is checked and used up, the code exchanged with the verifier, the granted scopes checked, the tokens
 * stored sealed, and the practitioner's upcoming appointments queued for their calendar.
 */
@Injectable()
export class CalendarLinkService {
  private readonly logger = new Logger(CalendarLinkService.name);
  /** Link states are signed with the first (from SECRETS_KEY) and accepted under any (previous keys too, during a rotation). */
  private readonly stateKeys: readonly Buffer[];

  constructor(
    private readonly config: AppConfig,
    private readonly google: GoogleApi,
    private readonly secrets: SecretsService,
    private readonly tenant: TenantConnectionProvider,
    private readonly context: TenantContext,
    private readonly practitioners: PractitionersService,
    private readonly users: UsersService,
    private readonly audit: ClinicAudit,
    private readonly integrations: CalendarIntegrations,
    private readonly sync: CalendarSync,
  ) {
    this.stateKeys = [config.secretsKey, ...config.previousSecretsKeys].map(linkStateKey);
  }

  async connect(practitionerId: string, actor: RequestActor): Promise<CalendarConnectDto> {
    if (!this.google.enabled) throw this.notConfigured();
    if (actor.userId === null) throw calendarError(CalendarErrorCode.LinkForbidden, 'Only a signed-in user can link a calendar');
    await this.practitioners.get(practitionerId);
    const { codeVerifier, codeChallenge } = await this.google.codeVerifier();
    const nonce = newNonce();
    const expiresAt = Math.floor(Date.now() / 1000) + LINK_TTL_SECONDS;
    const requests = await this.tenant.getRepository(CalendarLinkRequestEntity);
    await requests.delete({ expiresAt: LessThan(new Date()) });
    await requests.insert({
      nonceHash: nonceHash(nonce),
      practitionerId,
      userId: actor.userId,
      codeVerifierSealed: this.secrets.encrypt(codeVerifier),
      expiresAt: new Date(expiresAt * 1000),
    });
    const state = signLinkState({ clinicId: this.tenant.clinicId, practitionerId, userId: actor.userId, nonce, expiresAt }, this.stateKeys[0]);
    await this.audit.record('practitioner.calendar_link_started', 'practitioner', practitionerId, actor);
    return { authorization_url: this.google.authorizationUrl(state, codeChallenge), expires_at: new Date(expiresAt * 1000).toISOString() };
  }

  /** Finishes a link; answers where to send the browser (only ever the dashboard's practitioner page). */
  async callback(query: OAuthCallbackQuery, request: Pick<RequestActor, 'ip' | 'requestId'>): Promise<string> {
    if (!this.google.enabled) throw this.notConfigured();
    if (!query.state) throw calendarError(CalendarErrorCode.StateInvalid, 'The link has no state: start again from the dashboard');
    const check = verifyLinkState(query.state, this.stateKeys, Math.floor(Date.now() / 1000));
    if (!check.ok) {
      if (check.reason === 'expired') throw calendarError(CalendarErrorCode.StateExpired, 'This link has expired: start again from the dashboard');
      throw calendarError(CalendarErrorCode.StateInvalid, 'This link was not issued by Sophie or was altered');
    }
    const { clinicId, practitionerId, userId, nonce } = check.claims;
    return this.context.runForClinic(clinicId, async () => {
      const pending = await this.takeRequest(nonce);
      if (!pending || pending.practitionerId !== practitionerId || pending.userId !== userId) {
        throw calendarError(CalendarErrorCode.StateUsed, 'This link was already used or cancelled: start again from the dashboard');
      }
      const standing = await this.users.standing(userId);
      if (!standing || standing.disabled || (standing.role !== UserRole.SuperAdmin && standing.clinicId !== clinicId)) {
        throw calendarError(CalendarErrorCode.LinkForbidden, 'The admin who started this link may no longer act for this clinic');
      }
      const actor: RequestActor = { userId, role: standing.role, ip: request.ip, requestId: request.requestId };
      const outcome = await this.complete(practitionerId, query, this.secrets.decrypt(pending.codeVerifierSealed), actor);
      return `${this.config.adminUrl}/clinics/${clinicId}/practitioners/${practitionerId}?calendar=${outcome}`;
    });
  }

  async status(practitionerId: string): Promise<CalendarLinkDto> {
    await this.practitioners.get(practitionerId);
    const none = { account_email: null, calendar_id: null, needs_reconnect_since: null, events_pending: 0, events_failed: 0, last_sync_error: null };
    if (!this.google.enabled) return { status: 'not_configured', ...none };
    const integration = await this.integrations.find(practitionerId);
    if (!integration) return { status: 'not_connected', ...none };
    const sync = await this.sync.outOfStep(practitionerId);
    return {
      status: integration.isActive ? 'connected' : 'needs_reconnect',
      account_email: integration.accountEmail,
      calendar_id: integration.calendarId,
      needs_reconnect_since: integration.needsReconnectSince?.toISOString() ?? null,
      events_pending: sync.pending,
      events_failed: sync.failed,
      last_sync_error: sync.lastError,
    };
  }

  /** Revokes the grant at Google (best effort) and removes the link; events already written stay with their owner. */
  async disconnect(practitionerId: string, actor: RequestActor): Promise<CalendarUnlinkDto> {
    await this.practitioners.get(practitionerId);
    const integration = await this.integrations.find(practitionerId);
    if (!integration) throw calendarError(CalendarErrorCode.NotLinked, 'This practitioner has no linked calendar');
    const credentials = this.integrations.credentials(integration);
    const revoked = await this.revoke(credentials.refresh_token ?? credentials.access_token ?? null, practitionerId);
    await this.integrations.remove(integration.id);
    await this.sync.forgetPractitioner(practitionerId);
    await this.audit.record('practitioner.calendar_unlinked', 'practitioner', practitionerId, actor);
    return { ...(await this.status(practitionerId)), revoked_at_google: revoked };
  }

  private async complete(practitionerId: string, query: OAuthCallbackQuery, codeVerifier: string, actor: RequestActor): Promise<LinkOutcome> {
    if (query.error !== undefined || !query.code) {
      await this.audit.record('practitioner.calendar_link_denied', 'practitioner', practitionerId, actor);
      return 'denied';
    }
    let tokens: Partial<GrantedTokens>;
    try {
      tokens = await this.google.exchange(query.code, codeVerifier);
    } catch (error) {
      this.logger.warn({ clinicId: this.tenant.clinicId, practitionerId, reason: googleFailure(error).reason }, 'Google refused the authorisation code');
      return 'failed';
    }
    const granted = complete(tokens);
    if (!granted || missingScopes(granted.scope).length > 0) {
      await this.revoke(tokens.accessToken ?? tokens.refreshToken ?? null, practitionerId);
      return granted ? 'missing_scopes' : 'failed';
    }
    const practitioner = await this.practitioners.get(practitionerId);
    const previous = await this.integrations.link({ practitionerId, calendarId: practitioner.googleCalendarId, tokens: granted, linkedBy: actor.userId ?? '' });
    if (previous && previous.accountEmail !== granted.email) {
      // Another Google account replaces the old one: end the old grant and forget events we can no longer reach.
      const old = this.integrations.credentials(previous);
      await this.revoke(old.refresh_token ?? null, practitionerId);
      await this.sync.forgetPractitioner(practitionerId);
    }
    await this.audit.record('practitioner.calendar_linked', 'practitioner', practitionerId, actor);
    await this.sync.resyncPractitioner(practitionerId);
    return 'connected';
  }

  /** Single use: the pending link is deleted as it is read, so a second callback with the same state finds nothing. */
  private async takeRequest(nonce: string): Promise<CalendarLinkRequestEntity | null> {
    const repository = await this.tenant.getRepository(CalendarLinkRequestEntity);
    const result = await repository
      .createQueryBuilder()
      .delete()
      .where('nonce_hash = :hash AND expires_at > now()', { hash: nonceHash(nonce) })
      .returning('practitioner_id, user_id, code_verifier_sealed')
      .execute();
    const row = (result.raw as Array<{ practitioner_id: string; user_id: string; code_verifier_sealed: string }>)[0];
    return row ? Object.assign(new CalendarLinkRequestEntity(), { practitionerId: row.practitioner_id, userId: row.user_id, codeVerifierSealed: row.code_verifier_sealed }) : null;
  }

  /** Revokes a grant at Google; false when Google could not confirm it (already revoked counts as done). */
  private async revoke(token: string | null, practitionerId: string): Promise<boolean> {
    if (token === null) return false;
    try {
      await this.google.revoke(token);
      return true;
    } catch (error) {
      const failure = googleFailure(error);
      if (failure.kind === 'invalid' && failure.reason === 'invalid_token') return true;
      this.logger.warn({ clinicId: this.tenant.clinicId, practitionerId, reason: failure.reason }, 'Google did not confirm the revocation');
      return false;
    }
  }

  private notConfigured(): Error {
    return calendarError(CalendarErrorCode.GoogleNotConfigured, 'Google Calendar is not configured on this installation (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI): slots follow Sophie\'s own agenda');
  }
}

/** Every token field a working link needs, or null. */
function complete(tokens: Partial<GrantedTokens>): GrantedTokens | null {
  const { accessToken, refreshToken, email, scope } = tokens;
  if (!accessToken || !refreshToken || !email || scope === undefined) return null;
  return { accessToken, refreshToken, email, scope, expiry: tokens.expiry ?? null };
}
