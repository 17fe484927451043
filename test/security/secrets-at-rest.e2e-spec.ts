import { SecretBox } from '../../libs/common/src';
import { dumpDatabaseText } from '../support/dump';
import type { ClinicAdmin, TestApp } from '../support/test-app';
import { adminUrl, SUPERADMIN_PASSWORD, withAdmin } from '../support/test-env';
import { MetaSetup, WhatsAppWorld, configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from '../support/whatsapp';

/**
 * Attack suite: secrets at rest. After clinics are provisioned, their WhatsApp configured with known secrets and
 * messages exchanged (so the queue holds jobs), a dump of every database of the installation (the registry with its
 * queue schema, every clinic database and the clinic template) holds none of those secrets in clear, nor in the
 * trivial encodings (base64, base64url, hex) an export would also reveal.
 */

interface Secret {
  what: string;
  value: string;
}

/** Every row of every table of every non-system schema (dumpDatabaseText covers `public`; the queue lives in `pgboss`). */
async function dumpOtherSchemas(database: string): Promise<string> {
  return withAdmin(database, async (client) => {
    const tables = await client.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('public', 'pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'`,
    );
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      parts.push(`-- ${name}`, ...rows.rows.map((r) => r.row));
    }
    // Comments on databases and roles are part of a dump too.
    const comments = await client.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database`);
    parts.push(...comments.rows.map((r) => r.comment ?? ''));
    return parts.join('\n');
  });
}

const encodings = (value: string): Array<[string, string]> => [
  ['clear', value],
  ['base64', Buffer.from(value).toString('base64')],
  ['base64url', Buffer.from(value).toString('base64url')],
  ['hex', Buffer.from(value).toString('hex')],
];

describe('Attack suite: secrets at rest', () => {
  let world: WhatsAppWorld;
  let api: TestApp;
  let clinics: Array<{ id: string; meta: MetaSetup; admin: ClinicAdmin }>;
  let secrets: Secret[];
  let dumps: Map<string, string>;

  const registryDb = (): string => `${api.prefix}_registry`;

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    api = world.api;
    clinics = [];
    for (let i = 0; i < 2; i += 1) {
      const id = (await api.provisionClinic(world.superToken)).id;
      const admin = await api.createClinicAdmin(world.superToken, id);
      const meta = newMetaSetup();
      world.graph.tokens.set(meta.phoneNumberId, meta.accessToken);
      await configureWhatsApp(api, id, admin.token, meta);
      clinics.push({ id, meta, admin });
    }

    // Traffic, so that conversations, messages, the system log and queue jobs exist when the databases are dumped.
    for (const clinic of clinics) {
      const from = '33655544433';
      const id = wamid();
      const res = await postWebhook(api, clinic.id, notification(clinic.meta.phoneNumberId, { contacts: [contact(from)], messages: [textMessage(from, 'Bonjour, je voudrais un rendez-vous', id)] }), clinic.meta.appSecret);
      expect(res.status).toBe(200);
    }
    await eventually(() => (world.graph.sent.filter((s) => s.kind !== 'read').length >= clinics.length ? true : undefined), 'the assistant\'s answers');
    // A refused delivery too: its system-log entry must not carry the signature's secret either.
    await postWebhook(api, clinics[0].id, '{"object":"whatsapp_business_account","entry":[]}', clinics[1].meta.appSecret);

    // Every clinic role password, read back the way the API itself reads it: the registry's sealed value, opened.
    const box = new SecretBox(api.config.secretsKey);
    const roles = await withAdmin(registryDb(), async (c) => (await c.query<{ id: string; sealed: string }>('SELECT id, database_password_encrypted AS sealed FROM clinics')).rows);
    expect(roles.length).toBe(3);
    const dbPasswords = roles.map((r) => ({ what: `database password of clinic ${r.id}`, value: box.decrypt(r.sealed) }));

    const worldClinic = { id: world.clinicId, meta: world.meta };
    secrets = [
      ...[worldClinic, ...clinics].flatMap(({ id, meta }) => [
        { what: `WhatsApp access token of ${id}`, value: meta.accessToken },
        { what: `WhatsApp verify token of ${id}`, value: meta.verifyToken },
        { what: `WhatsApp app secret of ${id}`, value: meta.appSecret },
      ]),
      ...dbPasswords,
      { what: 'JWT_SECRET', value: api.config.jwtSecret },
      { what: 'SECRETS_KEY (base64)', value: api.config.secretsKey.toString('base64') },
      { what: 'SECRETS_KEY (hex)', value: api.config.secretsKey.toString('hex') },
      { what: 'superadmin password', value: SUPERADMIN_PASSWORD },
      { what: 'clinic admin password', value: clinics[0].admin.password },
    ];
    const serverPassword = decodeURIComponent(new URL(adminUrl()).password);
    if (serverPassword.length >= 8) secrets.push({ what: 'database server admin password', value: serverPassword });

    const databases = await withAdmin('postgres', async (c) => (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname', [`${api.prefix}\\_%`])).rows.map((r) => r.datname));
    dumps = new Map();
    for (const database of databases) dumps.set(database, `${await dumpDatabaseText(database)}\n${await dumpOtherSchemas(database)}`);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('dumps the whole installation: the registry, its queue, every clinic database and the template', () => {
    const names = [...dumps.keys()];
    expect(names).toContain(registryDb());
    for (const id of [world.clinicId, ...clinics.map((c) => c.id)]) expect(names).toContain(`${api.prefix}_clinic_${id.replace(/-/g, '')}`);
    expect(names).toContain(`${api.prefix}_clinic_template`);
    // Controls: the dump does reach the rows that hold the secrets (sealed) and the queue's jobs.
    const all = [...dumps.values()].join('\n');
    for (const { id, meta } of [{ id: world.clinicId, meta: world.meta }, ...clinics]) {
      expect(dumps.get(`${api.prefix}_clinic_${id.replace(/-/g, '')}`)).toContain(meta.phoneNumberId);
    }
    expect(all).toMatch(/v1:[0-9a-f]{8}:/);
    expect(dumps.get(registryDb())).toMatch(/-- pgboss\.job/);
  });

  it('holds no WhatsApp token, verify token, app secret, database password or key in clear, in any database', () => {
    const found: string[] = [];
    for (const [database, text] of dumps) {
      for (const secret of secrets) {
        for (const [encoding, value] of encodings(secret.value)) {
          if (text.includes(value)) found.push(`${secret.what} (${encoding}) in ${database}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('never answers a secret through the API either (WhatsApp settings, clinic records, users, audit logs)', async () => {
    const found: string[] = [];
    for (const clinic of clinics) {
      const answers = [
        await api.get(`/api/clinics/${clinic.id}/whatsapp`, clinic.admin.token),
        await api.get(`/api/clinics/${clinic.id}`, clinic.admin.token),
        await api.get(`/api/superadmin/clinics/${clinic.id}`, world.superToken),
        await api.get(`/api/superadmin/clinics/${clinic.id}/users`, world.superToken),
        await api.get('/api/superadmin/clinics', world.superToken),
        await api.get('/api/superadmin/audit', world.superToken),
        await api.get(`/api/clinics/${clinic.id}/audit`, clinic.admin.token),
      ];
      for (const res of answers) {
        expect(res.status).toBe(200);
        const text = JSON.stringify(res.body);
        for (const secret of secrets) if (text.includes(secret.value)) found.push(`${secret.what} in an answer`);
      }
    }
    expect(found).toEqual([]);
  });
});
