import { DomainError } from '@sophie/common';
import { ClinicRegistryService } from '@sophie/registry';
import { TenantContext } from '@sophie/tenancy';
import { WhatsAppConfigService } from '@sophie/whatsapp';
import type { CliContext } from '../cli-context';
import { ChatError } from './chat-error';
import type { ChatChannel } from './chat-session';

/**
 * The clinic's WhatsApp number and app secret, read from its configuration inside the CLI's Nest context (the
 * secret is decrypted with this machine's SECRETS_KEY, which must be the server's). Needs a context with the clinic
 * services (`withCliContext(…, { clinicServices: true })`).
 */
export async function readChatChannel(ctx: CliContext, clinicId: string): Promise<ChatChannel & { isActive: boolean }> {
  const clinic = await ctx.app.get(ClinicRegistryService).findById(clinicId);
  if (!clinic) throw new ChatError(`No clinic ${clinicId} in this installation (${ctx.config.embedded ? `DATA_DIR ${ctx.config.dataDir}` : 'DATABASE_URL'}, DB_PREFIX ${ctx.config.dbPrefix}): see \`npm run cli -- clinics list\`.`);
  try {
    const keys = await ctx.app.get(TenantContext).runForClinic(clinicId, () => ctx.app.get(WhatsAppConfigService).webhookKeys());
    if (!keys) {
      throw new ChatError(`Clinic ${clinicId} (${clinic.name}) has no WhatsApp configuration: make a demo clinic with \`npm run cli -- seed-demo\`, or PUT /api/clinics/${clinicId}/whatsapp.`);
    }
    return { clinicId, clinicName: clinic.name, phoneNumberId: keys.phoneNumberId, appSecret: keys.appSecret, isActive: keys.isActive };
  } catch (error) {
    if (error instanceof ChatError) throw error;
    if (error instanceof DomainError) throw new ChatError(`Clinic ${clinicId} (${clinic.name}): ${error.message}`);
    if (error instanceof Error && /key .* to decrypt|Unsupported state|unable to authenticate/i.test(error.message)) {
      throw new ChatError(`The clinic's app secret cannot be decrypted here: this CLI's SECRETS_KEY is not the server's (same DATA_DIR, or the same SECRETS_KEY?).`);
    }
    throw error;
  }
}
