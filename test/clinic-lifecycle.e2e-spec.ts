import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { cli } from './support/cli';
import { withAdmin } from './support/test-env';
import { configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, startWhatsAppWorld, textMessage, WhatsAppWorld } from './support/whatsapp';
import { sha256Of } from '../libs/backup/src';

interface Clinic {
  id: string;
  name: string;
  status: string;
  is_active: boolean;
  decommissioned_at: string | null;
  final_export_path: string | null;
  final_export_sha256: string | null;
}

describe('Clinic lifecycle: suspend, reactivate, decommission', () => {
  let world: WhatsAppWorld;
  let clinic: Clinic;
  let adminLogin: { username: string; password: string };
  let registryRow: () => Promise<Record<string, unknown>>;

  const patientNames = async (token = world.token): Promise<{ status: number; names: string[] }> => {
    const res = await world.api.get<{ items: Array<{ last_name: string }> }>(`/api/clinics/${world.clinicId}/patients`, token);
    return { status: res.status, names: res.status === 200 ? res.body.items.map((p) => p.last_name) : [] };
  };
  const webhook = (): ReturnType<typeof postWebhook> =>
    postWebhook(world.api, world.clinicId, notification(world.meta.phoneNumberId, { contacts: [contact('33612345678')], messages: [textMessage('33612345678', 'Bonjour')] }), world.meta.appSecret);
  const actions = async (): Promise<string[]> => {
    const res = await world.api.get<{ items: Array<{ action: string }> }>(`/api/superadmin/audit?clinic_id=${world.clinicId}&action=clinic.*&limit=50`, world.superToken);
    return res.body.items.map((e) => e.action).reverse();
  };
  const setActive = (active: boolean): ReturnType<WhatsAppWorld['api']['patch']> => world.api.patch(`/api/superadmin/clinics/${world.clinicId}`, { is_active: active }, world.superToken);

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    const admin = await world.api.createClinicAdmin(world.superToken, world.clinicId);
    adminLogin = { username: admin.username, password: admin.password };
    clinic = (await world.api.get<Clinic>(`/api/superadmin/clinics/${world.clinicId}`, world.superToken)).body;
    expect((await world.api.post(`/api/clinics/${world.clinicId}/patients`, { first_name: 'Jeanne', last_name: 'Kept', phone: '+33698765432' }, world.token)).status).toBe(201);
    registryRow = () =>
      withAdmin(`${world.api.prefix}_registry`, async (c) => (await c.query<Record<string, unknown>>('SELECT * FROM clinics WHERE id = $1', [world.clinicId])).rows[0]);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('suspends a clinic: its staff and its webhooks are refused with a clear status, its data is kept, and reactivation serves it again', async () => {
    expect((await setActive(false)).body).toMatchObject({ status: 'suspended', is_active: false });
    expect(await patientNames()).toEqual({ status: 403, names: [] });
    const refused = await webhook();
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CLINIC_SUSPENDED' });

    expect((await setActive(true)).body).toMatchObject({ status: 'active', is_active: true });
    expect(await patientNames()).toEqual({ status: 200, names: ['Kept'] });
    expect((await webhook()).status).toBe(200);
    expect(await actions()).toEqual(expect.arrayContaining(['clinic.suspended', 'clinic.reactivated']));
  });

  it('decommissions only a suspended clinic, and only when its name is typed again', async () => {
    const active = await world.api.post(`/api/superadmin/clinics/${world.clinicId}/decommission`, { confirm_name: clinic.name }, world.superToken);
    expect(active.status).toBe(409);
    expect(active.body).toMatchObject({ code: 'INVALID_CLINIC_TRANSITION' });
    expect((await setActive(false)).status).toBe(200);
    const wrong = await world.api.post(`/api/superadmin/clinics/${world.clinicId}/decommission`, { confirm_name: `${clinic.name} ` }, world.superToken);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'DECOMMISSION_NOT_CONFIRMED' });
    expect(await withAdmin('postgres', async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [(await registryRow()).database_name])).rowCount)).toBe(1);
    const byAdmin = await world.api.post(`/api/superadmin/clinics/${world.clinicId}/decommission`, { confirm_name: clinic.name }, world.token);
    expect(byAdmin.status).toBe(403);
  });

  it('decommissions: a verified final export, then the database and role dropped, users disabled, the number freed, a tombstone kept', async () => {
    const before = await registryRow();
    const res = await world.api.post<Clinic>(`/api/superadmin/clinics/${world.clinicId}/decommission`, { confirm_name: clinic.name }, world.superToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: world.clinicId, name: clinic.name, status: 'decommissioned', is_active: false, decommissioned_at: expect.any(String) as string });

    // The final export: an owner-only folder under BACKUP_DIR, its dump matching the recorded SHA-256.
    const exportFolder = res.body.final_export_path ?? '';
    expect(exportFolder).toContain(`${path.sep}final-exports${path.sep}${world.clinicId}-`);
    expect((await stat(exportFolder)).mode & 0o777).toBe(0o700);
    const manifest = JSON.parse(await readFile(path.join(exportFolder, 'manifest.json'), 'utf8')) as { kind: string; clinics: Array<{ dump: { file: string; sha256: string } }> };
    expect(manifest.kind).toBe('final-export');
    expect(await sha256Of(path.join(exportFolder, manifest.clinics[0].dump.file))).toBe(res.body.final_export_sha256);

    const gone = await withAdmin('postgres', async (c) => ({
      databases: (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [before.database_name])).rowCount,
      roles: (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [before.database_role])).rowCount,
    }));
    expect(gone).toEqual({ databases: 0, roles: 0 });
    expect(await registryRow()).toMatchObject({ status: 'decommissioned', database_password_encrypted: null, name: clinic.name });

    // Everyone is told the clinic is gone; its admins can no longer sign in.
    expect((await world.api.get(`/api/clinics/${world.clinicId}/patients`, world.superToken)).status).toBe(410);
    expect((await webhook()).status).toBe(410);
    expect((await world.api.post('/api/auth/login', adminLogin)).status).toBe(401);
    expect(await actions()).toEqual(expect.arrayContaining(['clinic.decommission_started', 'clinic.decommissioned']));

    // Its WhatsApp number may go to another clinic now.
    const other = await world.api.provisionClinic(world.superToken);
    const otherAdmin = await world.api.createClinicAdmin(world.superToken, other.id);
    await configureWhatsApp(world.api, other.id, otherAdmin.token, { ...newMetaSetup(), phoneNumberId: world.meta.phoneNumberId });
  });

  it('refuses to decommission twice, and brings the clinic back from its final export with the CLI', async () => {
    const again = await world.api.post(`/api/superadmin/clinics/${world.clinicId}/decommission`, { confirm_name: clinic.name }, world.superToken);
    expect(again.status).toBe(409);
    const tombstone = await world.api.get<Clinic>(`/api/superadmin/clinics/${world.clinicId}`, world.superToken);
    const run = await cli(world.api.env, 'restore', '--clinic', world.clinicId, '--from', tombstone.body.final_export_path ?? '');
    expect(run).toMatchObject({ code: 0 });
    expect((await cli(world.api.env, 'clinics', 'reactivate', world.clinicId)).out).toMatch(/is active/);
    // The API learns of the change made by another process within its registry cache's few seconds.
    const served = await eventually(async () => {
      const answer = await patientNames(world.superToken);
      return answer.status === 200 ? answer : undefined;
    }, 'the restored clinic served again');
    expect(served.names).toEqual(['Kept']);
  });

  it('suspends and decommissions from the CLI too, refusing a wrong confirmation', async () => {
    const { id, name } = await world.api.provisionClinic(world.superToken);
    expect((await cli(world.api.env, 'clinics', 'suspend', id)).out).toMatch(/is suspended/);
    // Without pg_dump there is no final export, so nothing is dropped: the clinic stays suspended, whole.
    const noTools = await cli({ ...world.api.env, PG_BIN_DIR: path.join(world.api.config.dataDir, 'no-such-folder') }, 'clinics', 'decommission', id, '--confirm-name', name);
    expect(noTools.code).toBe(2);
    expect(noTools.err).toMatch(/pg_dump was not found in PG_BIN_DIR/);
    expect((await world.api.get<Clinic>(`/api/superadmin/clinics/${id}`, world.superToken)).body.status).toBe('suspended');
    const wrong = await cli(world.api.env, 'clinics', 'decommission', id, '--confirm-name', 'not its name');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/exact name/);
    const done = await cli(world.api.env, 'clinics', 'decommission', id, '--confirm-name', name);
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toMatch(/is decommissioned/);
    expect((await world.api.get<Clinic>(`/api/superadmin/clinics/${id}`, world.superToken)).body.status).toBe('decommissioned');
  });
});
