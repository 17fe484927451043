import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { RequestActor } from '@sophie/auth';
import { SecretBox, SecretsService } from '@sophie/common';
import { MessagesService } from '@sophie/conversations';
import { WhatsAppNumbersService } from '@sophie/registry';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import type { WhatsAppCredentials } from '../client';
import { InboxDispatcher } from '../dispatch/inbox-dispatcher';
import { WhatsAppErrorCode, whatsappError } from '../whatsapp-error-code';
import type { PutWhatsAppConfigDto, SecretHintDto, WhatsAppConfigDto } from './whatsapp-config.dto';
import { WhatsAppConfigEntity } from './whatsapp-config.entity';

/** What a webhook request is checked against. */
export interface WebhookKeys {
  readonly phoneNumberId: string;
  readonly verifyToken: string;
  readonly appSecret: string;
  readonly isActive: boolean;
}

/** How long the decrypted keys of a clinic are reused by the webhook before being read again. */
const KEYS_TTL_MS = 30_000;

/** The current clinic's WhatsApp configuration. Secrets are sealed at rest, write-only through the API. */
@Injectable()
export class WhatsAppConfigService {
  private readonly keys = new LRUCache<string, WebhookKeys | 'none'>({ max: 20_000, ttl: KEYS_TTL_MS });

  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly secrets: SecretsService,
    private readonly numbers: WhatsAppNumbersService,
    private readonly audit: ClinicAudit,
    private readonly messages: MessagesService,
    private readonly dispatcher: InboxDispatcher,
  ) {}

  async get(): Promise<WhatsAppConfigDto> {
    return this.describe(await this.row());
  }

  /**
   * Creates or replaces the configuration. The phone number id is claimed in the registry first (409 when another
   * clinic holds it). Secrets left out keep their stored values; the first configuration needs all three.
   */
  async put(dto: PutWhatsAppConfigDto, actor: RequestActor): Promise<WhatsAppConfigDto> {
    const current = await this.row();
    const missing = (['verify_token', 'access_token', 'webhook_secret'] as const).filter((k) => dto[k] === undefined);
    if (!current && missing.length > 0) throw whatsappError(WhatsAppErrorCode.SecretRequired, `The first configuration needs ${missing.join(', ')}`);
    await this.numbers.claim(dto.phone_number_id, this.tenant.clinicId);
    const seal = (value: string | undefined, sealed: string | undefined): string => (value === undefined ? (sealed as string) : this.secrets.encrypt(value));
    const row: WhatsAppConfigEntity = {
      id: true,
      phoneNumberId: dto.phone_number_id,
      verifyTokenSealed: seal(dto.verify_token, current?.verifyTokenSealed),
      accessTokenSealed: seal(dto.access_token, current?.accessTokenSealed),
      webhookSecretSealed: seal(dto.webhook_secret, current?.webhookSecretSealed),
      apiVersion: dto.api_version ?? current?.apiVersion ?? 'v21.0',
      provider: dto.provider ?? current?.provider ?? 'meta',
      isActive: dto.is_active ?? current?.isActive ?? true,
      tokenInvalidAt: dto.access_token === undefined ? (current?.tokenInvalidAt ?? null) : null,
      reminderTemplates: dto.reminder_templates ?? current?.reminderTemplates ?? {},
      createdAt: current?.createdAt ?? new Date(),
      updatedAt: new Date(),
    };
    await (await this.tenant.getRepository(WhatsAppConfigEntity)).save(row);
    this.keys.delete(this.tenant.clinicId);
    await this.audit.record('whatsapp_config.updated', 'clinic', this.tenant.clinicId, actor);
    if (row.isActive && row.tokenInvalidAt === null) {
      // Messages kept queued while the token was refused (or the channel off) go out now.
      for (const conversationId of await this.messages.conversationsWithQueuedOutbound()) await this.dispatcher.sendOutbound(this.tenant.clinicId, conversationId);
    }
    return this.get();
  }

  /** Keys for checking a webhook of the current clinic (cached briefly); null when the clinic has no configuration. */
  async webhookKeys(): Promise<WebhookKeys | null> {
    const clinicId = this.tenant.clinicId;
    const cached = this.keys.get(clinicId);
    if (cached !== undefined) return cached === 'none' ? null : cached;
    const row = await this.row();
    const keys: WebhookKeys | null = row
      ? {
          phoneNumberId: row.phoneNumberId,
          verifyToken: this.secrets.decrypt(row.verifyTokenSealed),
          appSecret: this.secrets.decrypt(row.webhookSecretSealed),
          isActive: row.isActive,
        }
      : null;
    this.keys.set(clinicId, keys ?? 'none');
    return keys;
  }

  /** Credentials for sending; null when there is no active configuration or Meta refused its token. */
  async credentials(): Promise<WhatsAppCredentials | null> {
    const row = await this.row();
    if (!row || !row.isActive || row.tokenInvalidAt) return null;
    return { phoneNumberId: row.phoneNumberId, apiVersion: row.apiVersion, accessToken: this.secrets.decrypt(row.accessTokenSealed) };
  }

  /** The approved reminder template for a language, else for `fallback`, else null. */
  async reminderTemplate(language: string, fallback: string): Promise<string | null> {
    const templates = (await this.row())?.reminderTemplates ?? {};
    return templates[language] ?? templates[fallback] ?? null;
  }

  /** Meta refused the access token (190): visible through the API until a new token is put. True the first time. */
  async markTokenInvalid(): Promise<boolean> {
    const result = await (await this.tenant.getRepository(WhatsAppConfigEntity))
      .createQueryBuilder()
      .update()
      .set({ tokenInvalidAt: () => 'now()' })
      .where('id AND token_invalid_at IS NULL')
      .execute();
    return (result.affected ?? 0) > 0;
  }

  private async row(): Promise<WhatsAppConfigEntity | null> {
    return (await this.tenant.getRepository(WhatsAppConfigEntity)).findOneBy({ id: true });
  }

  private describe(row: WhatsAppConfigEntity | null): WhatsAppConfigDto {
    const hint = (sealed: string | undefined): SecretHintDto =>
      sealed === undefined ? { is_set: false, last4: null } : { is_set: true, last4: SecretBox.hint(this.secrets.decrypt(sealed)) };
    return {
      configured: row !== null,
      phone_number_id: row?.phoneNumberId ?? null,
      verify_token: hint(row?.verifyTokenSealed),
      access_token: hint(row?.accessTokenSealed),
      webhook_secret: hint(row?.webhookSecretSealed),
      api_version: row?.apiVersion ?? null,
      provider: row?.provider ?? null,
      is_active: row?.isActive ?? false,
      needs_new_token: row?.tokenInvalidAt != null,
      reminder_templates: row?.reminderTemplates ?? {},
      webhook_path: `/webhook/whatsapp/${this.tenant.clinicId}`,
    };
  }
}
