import { Injectable } from '@nestjs/common';
import type { Credentials } from 'google-auth-library';
import { In, IsNull, type Repository } from 'typeorm';
import { SecretsService } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import type { GrantedTokens } from '../google/google-api';
import { CalendarIntegrationEntity } from './calendar-integration.entity';

export interface NewLink {
  readonly practitionerId: string;
  readonly calendarId: string;
  readonly tokens: GrantedTokens;
  readonly linkedBy: string;
}

/** The current clinic's calendar links. Tokens are sealed on the way in and opened only to talk to Google. */
@Injectable()
export class CalendarIntegrations {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly secrets: SecretsService,
  ) {}

  async find(practitionerId: string): Promise<CalendarIntegrationEntity | null> {
    return (await this.repository()).findOneBy({ practitionerId });
  }

  async findMany(practitionerIds: readonly string[]): Promise<CalendarIntegrationEntity[]> {
    if (practitionerIds.length === 0) return [];
    return (await this.repository()).findBy({ practitionerId: In([...practitionerIds]) });
  }

  /** Creates or replaces a practitioner's link; answers the link it replaced, if any. */
  async link(input: NewLink): Promise<CalendarIntegrationEntity | null> {
    const repository = await this.repository();
    const previous = await repository.findOneBy({ practitionerId: input.practitionerId });
    await repository.upsert(
      {
        practitionerId: input.practitionerId,
        provider: 'google',
        calendarId: input.calendarId,
        accountEmail: input.tokens.email,
        accessTokenSealed: this.secrets.encrypt(input.tokens.accessToken),
        refreshTokenSealed: this.secrets.encrypt(input.tokens.refreshToken),
        tokenExpiry: input.tokens.expiry,
        scopes: input.tokens.scope,
        isActive: true,
        needsReconnectSince: null,
        linkedBy: input.linkedBy,
      },
      ['practitionerId'],
    );
    return previous;
  }

  /** The credentials google-auth-library works with. */
  credentials(integration: CalendarIntegrationEntity): Credentials {
    return {
      access_token: integration.accessTokenSealed === null ? null : this.secrets.decrypt(integration.accessTokenSealed),
      refresh_token: integration.refreshTokenSealed === null ? null : this.secrets.decrypt(integration.refreshTokenSealed),
      expiry_date: integration.tokenExpiry?.getTime() ?? null,
      token_type: 'Bearer',
    };
  }

  /**
   * Stores what a refresh brought (the library's `tokens` event). Google does not send the refresh token again:
   * fields left out keep their stored values. Only if the link still holds the grant the session started with
   * (`grant`: its sealed refresh token, random per sealing), so a session that outlived a relink cannot write the
   * old account's token beside the new one. Outside any caller's transaction: a rollback must not undo it.
   */
  async mergeTokens(link: CalendarIntegrationEntity, tokens: Credentials): Promise<void> {
    const patch: Partial<CalendarIntegrationEntity> = {};
    if (tokens.access_token) patch.accessTokenSealed = this.secrets.encrypt(tokens.access_token);
    if (tokens.refresh_token) patch.refreshTokenSealed = this.secrets.encrypt(tokens.refresh_token);
    if (typeof tokens.expiry_date === 'number') patch.tokenExpiry = new Date(tokens.expiry_date);
    if (Object.keys(patch).length === 0 || link.refreshTokenSealed === null) return;
    await (await this.standalone()).update({ id: link.id, isActive: true, refreshTokenSealed: link.refreshTokenSealed }, patch);
  }

  /**
   * Google refused the grant: the link stays (the dashboard says "reconnect") but its tokens are dropped. Only if
   * the link still holds that grant (a relink since is left alone). True only for the call that made the change,
   * so it is reported once.
   */
  async markNeedsReconnect(link: CalendarIntegrationEntity): Promise<boolean> {
    if (link.refreshTokenSealed === null) return false;
    const result = await (await this.standalone()).update(
      { id: link.id, needsReconnectSince: IsNull(), refreshTokenSealed: link.refreshTokenSealed },
      { isActive: false, needsReconnectSince: new Date(), accessTokenSealed: null, refreshTokenSealed: null, tokenExpiry: null },
    );
    return (result.affected ?? 0) > 0;
  }

  async remove(integrationId: string): Promise<void> {
    await (await this.repository()).delete({ id: integrationId });
  }

  private repository(): Promise<Repository<CalendarIntegrationEntity>> {
    return this.tenant.getRepository(CalendarIntegrationEntity);
  }

  /** The clinic database outside the caller's transaction, if any. */
  private async standalone(): Promise<Repository<CalendarIntegrationEntity>> {
    return (await this.tenant.dataSource()).getRepository(CalendarIntegrationEntity);
  }
}
