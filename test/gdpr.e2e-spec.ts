import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dumpDatabaseText } from './support/dump';
import { createPractitioner, createTreatment, dayAhead, localInstant } from './support/scheduling';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

const ZONE = 'Europe/Paris';

interface PatientExport {
  format: string;
  clinic_id: string;
  patient: { id: string; first_name: string; last_name: string; phone: string; email: string };
  appointments: Array<{ id: string; start: string; notes: string | null; status: string }>;
  conversations: Array<{ id: string; messages: Array<{ text: string | null }> }>;
  media: Array<{ reference: string }>;
}

describe('Patient data rights (export and erasure)', () => {
  let api: TestApp;
  let clinicId: string;
  let token: string;
  let base: string;
  let clinicDb: string;
  let patientId: string;
  let keptPatientId: string;
  let dataDir: string;
  let mediaFile: string;
  let conversationId: string;
  const appointmentIds: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-gdpr-'));
    api = await TestApp.start({ DATA_DIR: dataDir });
    const superToken = await api.superadminToken();
    clinicId = (await api.provisionClinic(superToken, { timezone: ZONE })).id;
    token = (await api.createClinicAdmin(superToken, clinicId)).token;
    base = `/api/clinics/${clinicId}`;
    clinicDb = `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;
    const treatmentId = await createTreatment(api, base, token);
    const practitionerId = await createPractitioner(api, base, token, 'Gdpr', treatmentId);
    const patient = await api.post<{ id: string }>(
      `${base}/patients`,
      { first_name: 'Zebulon', last_name: 'Quixotte', phone: '06 55 44 33 22', email: 'zebulon.quixotte@example.org', birth_date: '1970-01-02', beneficiary_number: '170017512345678' },
      token,
    );
    patientId = patient.body.id;
    keptPatientId = (await api.post<{ id: string }>(`${base}/patients`, { first_name: 'Other', last_name: 'Keeper', phone: '+33611112222' }, token)).body.id;
    for (const [days, notes] of [[30, 'Zebulon Quixotte prefers mornings'], [31, null]] as const) {
      const res = await api.post<{ id: string }>(
        `${base}/appointments`,
        { patient_id: patientId, treatment_id: treatmentId, practitioner_id: practitionerId, start: localInstant(dayAhead(days, ZONE), '09:00', ZONE), notes: notes ?? undefined },
        token,
      );
      expect(res.status).toBe(201);
      appointmentIds.push(res.body.id);
    }
    await api.post(`${base}/appointments/${appointmentIds[1]}/cancel`, { reason: 'Quixotte called to cancel from 0655443322' }, token);
    await api.post(`${base}/appointments`, { patient_id: keptPatientId, treatment_id: treatmentId, practitioner_id: practitionerId, start: localInstant(dayAhead(32, ZONE), '09:00', ZONE) }, token);

    // Their WhatsApp conversation (from their phone number), a message naming them, and the photo of their card.
    const relative = `image/${clinicId}/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}.jpg`;
    mediaFile = path.join(dataDir, 'uploads', relative);
    await mkdir(path.dirname(mediaFile), { recursive: true });
    await writeFile(mediaFile, 'jpeg bytes of Quixotte\'s card');
    conversationId = await withAdmin(clinicDb, async (c) => {
      const conversation = await c.query<{ id: string }>(`INSERT INTO conversations (wa_id, user_phone, profile_name) VALUES ('33655443322', '+33655443322', 'Zebulon Q') RETURNING id`);
      const id = conversation.rows[0].id;
      await c.query(`INSERT INTO messages (conversation_id, direction, type, text, whatsapp_message_id, status) VALUES ($1, 'in', 'text', 'Je suis Zebulon Quixotte', 'wamid.gdpr1', 'processed')`, [id]);
      await c.query(
        `INSERT INTO messages (conversation_id, direction, type, media_id, media_path, media_status, media_mime_type, whatsapp_message_id, status) VALUES ($1, 'in', 'image', '777', $2, 'stored', 'image/jpeg', 'wamid.gdpr2', 'processed')`,
        [id, relative],
      );
      return id;
    });
  });

  afterAll(async () => {
    await api.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exports everything held about the patient as JSON', async () => {
    const res = await api.get<PatientExport>(`${base}/patients/${patientId}/export`, token);
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('sophie.patient-export.v1');
    expect(res.body.clinic_id).toBe(clinicId);
    expect(res.body.patient).toMatchObject({ id: patientId, first_name: 'Zebulon', last_name: 'Quixotte', phone: '+33655443322', email: 'zebulon.quixotte@example.org' });
    expect(res.body.appointments.map((a) => a.id)).toEqual(appointmentIds);
    expect(res.body.appointments[0].notes).toBe('Zebulon Quixotte prefers mornings');
    expect(res.body.appointments[1].status).toBe('cancelled');
    expect(res.body.conversations.map((c) => c.id)).toEqual([conversationId]);
    expect(res.body.conversations[0].messages.map((m) => m.text)).toContain('Je suis Zebulon Quixotte');
    expect(res.body.media.map((m) => m.reference).some((r) => r.endsWith('/media'))).toBe(true);
  });

  it('erases the patient: nothing in the clinic database holds their name or phone; appointment dates stay without identity', async () => {
    const before = await dumpDatabaseText(clinicDb);
    expect(before).toContain('Quixotte');
    expect(before).toContain('33655443322');

    const res = await api.request<{ appointments_kept_without_identity: number }>('DELETE', `${base}/patients/${patientId}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.appointments_kept_without_identity).toBe(2);

    const after = await dumpDatabaseText(clinicDb);
    expect(existsSync(mediaFile)).toBe(false);
    for (const trace of ['Quixotte', 'Zebulon', 'zebulon.quixotte', '33655443322', '0655443322', '655443322', '170017512345678', '1970-01-02', 'wamid.gdpr']) {
      expect(after).not.toContain(trace);
    }
    const kept = await withAdmin(clinicDb, (c) =>
      c.query<{ id: string; patient_id: string | null; status: string }>('SELECT id, patient_id, status FROM appointments WHERE id = ANY($1) ORDER BY starts_at', [appointmentIds]),
    );
    expect(kept.rows).toEqual([
      { id: appointmentIds[0], patient_id: null, status: 'booked' },
      { id: appointmentIds[1], patient_id: null, status: 'cancelled' },
    ]);
    expect(after).toContain('Keeper');
  });

  it('knows the patient no more: read, export and erase answer 404', async () => {
    expect((await api.get(`${base}/patients/${patientId}`, token)).status).toBe(404);
    expect((await api.get(`${base}/patients/${patientId}/export`, token)).status).toBe(404);
    expect((await api.request('DELETE', `${base}/patients/${patientId}`, { token })).status).toBe(404);
  });

  it('records the export and the erasure in the audit log, with ids only', async () => {
    const rows = await withAdmin(`${api.prefix}_registry`, (c) =>
      c.query<{ action: string; clinic_id: string }>(`SELECT action, clinic_id FROM audit_log WHERE target_id = $1 AND action IN ('patient.exported', 'patient.erased') ORDER BY id`, [patientId]),
    );
    expect(rows.rows).toEqual([
      { action: 'patient.exported', clinic_id: clinicId },
      { action: 'patient.erased', clinic_id: clinicId },
    ]);
    const all = await withAdmin(`${api.prefix}_registry`, (c) => c.query('SELECT * FROM audit_log'));
    expect(JSON.stringify(all.rows)).not.toMatch(/Quixotte|655443322/);
  });

  it('lets no other clinic export or erase this clinic\'s patients', async () => {
    const superToken = await api.superadminToken();
    const other = await api.provisionClinic(superToken);
    const otherAdmin = await api.createClinicAdmin(superToken, other.id);
    expect((await api.get(`${base}/patients/${keptPatientId}/export`, otherAdmin.token)).status).toBe(403);
    expect((await api.request('DELETE', `${base}/patients/${keptPatientId}`, { token: otherAdmin.token })).status).toBe(403);
    expect((await api.get(`/api/clinics/${other.id}/patients/${keptPatientId}/export`, otherAdmin.token)).status).toBe(404);
  });
});
