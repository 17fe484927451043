import type { Client } from 'pg';
import { formatPgUrl } from '../../../libs/common/src/database/pg-url';
import { withAdminAt } from '../../support/installation';
import { withAdmin } from '../../support/test-env';
import { MetaSetup, newMetaSetup } from '../../support/whatsapp';
import type { FakeMetaGraph } from '../../fakes/meta-graph-fake';
import type { ApiClient } from './api-process';
import type { WebhookTarget } from './webhook-burst';

/** A clinic with an admin and a WhatsApp configuration whose token the fake Graph API accepts. */
export async function whatsAppClinic(api: ApiClient, superToken: string, graph: FakeMetaGraph): Promise<WebhookTarget & { adminToken: string; meta: MetaSetup }> {
  const clinicId = await api.provisionClinic(superToken);
  const username = `admin_${Math.random().toString(36).slice(2, 10)}`;
  const password = 'Clinic-Admin-Pass-9';
  const created = await api.post(`/api/superadmin/clinics/${clinicId}/users`, { username, password }, superToken);
  if (created.status !== 201) throw new Error(`Creating an admin failed: ${created.status} ${JSON.stringify(created.body)}`);
  const adminToken = await api.login(username, password);
  const meta = newMetaSetup();
  graph.tokens.set(meta.phoneNumberId, meta.accessToken);
  const configured = await api.request('PUT', `/api/clinics/${clinicId}/whatsapp`, {
    token: adminToken,
    body: { phone_number_id: meta.phoneNumberId, verify_token: meta.verifyToken, access_token: meta.accessToken, webhook_secret: meta.appSecret },
  });
  if (configured.status !== 200) throw new Error(`WhatsApp configuration failed: ${configured.status} ${JSON.stringify(configured.body)}`);
  return { clinicId, phoneNumberId: meta.phoneNumberId, appSecret: meta.appSecret, adminToken, meta };
}

/** The name of a clinic's database in an installation. */
export function clinicDatabase(prefix: string, clinicId: string): string {
  return `${prefix}_clinic_${clinicId.replace(/-/g, '')}`;
}

export interface MessageRow {
  whatsapp_message_id: string | null;
  direction: 'in' | 'out';
  wa_id: string;
  status: string;
  processed_at: Date | null;
  payload: Record<string, unknown>;
}

/** A database server other than the tests' own, by its admin credentials. */
export interface ServerAddress {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
}

/** Every message of the clinic with its conversation's WhatsApp id, in arrival order (on `server`, else the tests' server). */
export function clinicMessages(prefix: string, clinicId: string, server?: ServerAddress): Promise<MessageRow[]> {
  const database = clinicDatabase(prefix, clinicId);
  const onServer = <T>(work: (client: Client) => Promise<T>): Promise<T> =>
    server
      ? withAdminAt(formatPgUrl({ host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database: 'postgres' }), database, work)
      : withAdmin(database, work);
  return onServer(async (c) =>
    (
      await c.query<MessageRow>(
        `SELECT m.whatsapp_message_id, m.direction, c.wa_id, m.status, m.processed_at, m.payload
         FROM messages m JOIN conversations c ON c.id = m.conversation_id ORDER BY m.sequence`,
      )
    ).rows,
  );
}
