import { DateTime } from 'luxon';
import { createPractitioner, createTreatment, dayAhead as dayAheadIn, localInstant } from './support/scheduling';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

interface Slot {
  start: string;
  end: string;
  practitioner_ids: string[];
}
interface SlotsAnswer {
  time_zone: string;
  slots: Slot[];
}
interface Appointment {
  id: string;
  practitioner_id: string;
  patient_id: string | null;
  start: string;
  end: string;
  status: string;
  cancellation_reason: string | null;
  reschedule_count: number;
}
interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { alternatives: Slot[] };
}

const ZONE = 'Europe/Paris';

function dayAhead(days: number): string {
  return dayAheadIn(days, ZONE);
}

function at(day: string, time: string): string {
  return localInstant(day, time, ZONE);
}

function localTimes(slots: Slot[]): string[] {
  return slots.map((s) => DateTime.fromISO(s.start, { zone: ZONE }).toFormat('HH:mm'));
}

describe('Slots and appointments', () => {
  let api: TestApp;
  let clinicId: string;
  let token: string;
  let base: string;
  let treatmentId: string;
  let drA: string;
  let drB: string;
  let patientIds: string[];

  function slots(day: string, practitionerId?: string, toDay = day): Promise<{ status: number; body: SlotsAnswer }> {
    const who = practitionerId ? `&practitionerId=${practitionerId}` : '';
    return api.get<SlotsAnswer>(`${base}/slots?treatmentId=${treatmentId}${who}&from=${day}&to=${toDay}`, token);
  }

  function book(day: string, time: string, practitionerId: string | undefined, patient = patientIds[0]): Promise<{ status: number; body: Appointment & ErrorBody }> {
    return api.post<Appointment & ErrorBody>(`${base}/appointments`, { patient_id: patient, treatment_id: treatmentId, practitioner_id: practitionerId, start: at(day, time) }, token);
  }

  beforeAll(async () => {
    api = await TestApp.start();
    const superToken = await api.superadminToken();
    clinicId = (await api.provisionClinic(superToken, { timezone: ZONE })).id;
    token = (await api.createClinicAdmin(superToken, clinicId)).token;
    base = `/api/clinics/${clinicId}`;
    treatmentId = await createTreatment(api, base, token);
    drA = await createPractitioner(api, base, token, 'Alpha', treatmentId);
    drB = await createPractitioner(api, base, token, 'Beta', treatmentId);
    patientIds = [];
    for (let i = 0; i < 30; i += 1) {
      const res = await api.post<{ id: string }>(`${base}/patients`, { first_name: `P${i}`, last_name: 'Booker', phone: `+3361200${String(i).padStart(4, '0')}` }, token);
      patientIds.push(res.body.id);
    }
  });

  afterAll(async () => {
    await api.destroy();
  });

  it('offers the 15-minute grid inside working hours, with the break left free, in the clinic\'s offset', async () => {
    const day = dayAhead(10);
    const res = await slots(day, drA);
    expect(res.status).toBe(200);
    expect(res.body.time_zone).toBe(ZONE);
    const times = localTimes(res.body.slots);
    expect(times.slice(0, 3)).toEqual(['09:00', '09:15', '09:30']);
    // A 30-minute treatment with 10 minutes of clean-up must end its blocked time by 12:00 and by 17:00.
    expect(times).toContain('11:15');
    expect(times).not.toContain('11:30');
    expect(times.filter((t) => t >= '11:30' && t < '14:00')).toEqual([]);
    expect(times[times.length - 1]).toBe('16:15');
    expect(res.body.slots[0].start).toBe(at(day, '09:00'));
  });

  it('books an offered slot, then no longer offers it nor the time its buffer holds', async () => {
    const day = dayAhead(11);
    const res = await book(day, '09:00', drA);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ practitioner_id: drA, status: 'booked', start: at(day, '09:00'), end: at(day, '09:30'), patient_name: 'P0 Booker' });
    const listed = await api.get<{ items: Array<{ id: string; patient_name: string | null }> }>(`${base}/appointments?practitioner_id=${drA}&from=${encodeURIComponent(at(day, '00:00'))}&to=${encodeURIComponent(at(day, '23:59'))}`, token);
    expect(listed.body.items.find((a) => a.id === (res.body as { id: string }).id)?.patient_name).toBe('P0 Booker');
    const after = localTimes((await slots(day, drA)).body.slots);
    expect(after.slice(0, 2)).toEqual(['09:45', '10:00']);
    const other = localTimes((await slots(day, drB)).body.slots);
    expect(other[0]).toBe('09:00');
  });

  it('lets exactly one of 30 concurrent bookings of one slot through; the others get 409 with free alternatives', async () => {
    const day = dayAhead(12);
    const results = await Promise.all(patientIds.map((patient) => book(day, '10:00', drA, patient)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    const refusal = results.find((r) => r.status === 409)?.body;
    expect(refusal?.code).toBe('SLOT_TAKEN');
    const alternatives = refusal?.details?.alternatives ?? [];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((a) => a.start)).not.toContain(at(day, '10:00'));
    // 10:00–10:30 plus 10 minutes of clean-up: 09:15 (ends 09:45, cleaned by 09:55) and 10:45 are the nearest free.
    expect(alternatives.map((a) => a.start)).toEqual(expect.arrayContaining([at(day, '09:15'), at(day, '10:45')]));
    expect(alternatives.map((a) => a.start)).not.toContain(at(day, '09:30'));
    const held = await withAdmin(`${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`, (c) =>
      c.query<{ n: number }>(`SELECT count(*)::int AS n FROM appointments WHERE starts_at = $1 AND status <> 'cancelled'`, [new Date(at(day, '10:00'))]),
    );
    expect(held.rows[0].n).toBe(1);
  });

  it('books "first available" on whichever practitioner is still free, then refuses when all are taken', async () => {
    const day = dayAhead(13);
    const first = await book(day, '14:00', undefined, patientIds[1]);
    const second = await book(day, '14:00', undefined, patientIds[2]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(new Set([first.body.practitioner_id, second.body.practitioner_id])).toEqual(new Set([drA, drB]));
    const third = await book(day, '14:00', undefined, patientIds[3]);
    expect(third.status).toBe(409);
    const any = await slots(day);
    expect(localTimes(any.body.slots)).not.toContain('14:00');
  });

  it('answers 422 with alternatives for a time outside working hours or off the grid', async () => {
    const day = dayAhead(14);
    const lunch = await book(day, '12:30', drA);
    expect(lunch.status).toBe(422);
    expect(lunch.body.code).toBe('SLOT_NOT_OFFERED');
    expect(lunch.body.details?.alternatives.length).toBeGreaterThan(0);
    expect((await book(day, '09:07', drA)).status).toBe(422);
  });

  it('offers nothing on a day the clinic is closed, and nothing during a practitioner\'s part-day absence', async () => {
    const closedDay = dayAhead(15);
    expect((await api.post(`${base}/closures`, { starts_on: closedDay, ends_on: closedDay, reason: 'Holiday' }, token)).status).toBe(201);
    expect((await slots(closedDay)).body.slots).toEqual([]);
    const absenceDay = dayAhead(16);
    const absence = await api.post(`${base}/closures`, { practitioner_id: drA, starts_on: absenceDay, ends_on: absenceDay, start_time: '09:00', end_time: '12:00' }, token);
    expect(absence.status).toBe(201);
    const times = localTimes((await slots(absenceDay, drA)).body.slots);
    expect(times[0]).toBe('14:00');
    expect(localTimes((await slots(absenceDay, drB)).body.slots)[0]).toBe('09:00');
  });

  it('cancels with a reason, which frees the time; a second cancel is refused', async () => {
    const day = dayAhead(17);
    const booked = await book(day, '15:00', drB);
    const cancelled = await api.post<Appointment>(`${base}/appointments/${booked.body.id}/cancel`, { reason: 'Patient is ill' }, token);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation_reason: 'Patient is ill' });
    expect(localTimes((await slots(day, drB)).body.slots)).toContain('15:00');
    const again = await api.post<ErrorBody>(`${base}/appointments/${booked.body.id}/cancel`, {}, token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPOINTMENT_INVALID_TRANSITION');
    expect((await book(day, '15:00', drB)).status).toBe(201);
  });

  it('reschedules to a free time (its own old time counts as free) and refuses a taken one', async () => {
    const day = dayAhead(18);
    const booked = await book(day, '09:00', drB);
    const blocker = await book(day, '11:00', drB, patientIds[4]);
    expect(blocker.status).toBe(201);
    const overlapping = await api.post<Appointment>(`${base}/appointments/${booked.body.id}/reschedule`, { start: at(day, '09:15') }, token);
    expect(overlapping.status).toBe(200);
    expect(overlapping.body).toMatchObject({ start: at(day, '09:15'), reschedule_count: 1 });
    expect(localTimes((await slots(day, drB)).body.slots)[0]).toBe('10:00');
    const onTaken = await api.post<ErrorBody>(`${base}/appointments/${booked.body.id}/reschedule`, { start: at(day, '11:00') }, token);
    expect(onTaken.status).toBe(409);
    expect(onTaken.body.code).toBe('SLOT_TAKEN');
    const toOther = await api.post<Appointment>(`${base}/appointments/${booked.body.id}/reschedule`, { start: at(day, '11:00'), practitioner_id: drA }, token);
    expect(toOther.status).toBe(200);
    expect(toOther.body.practitioner_id).toBe(drA);
  });

  it('refuses to mark a future appointment completed or no-show', async () => {
    const booked = await book(dayAhead(19), '09:00', drA);
    for (const action of ['complete', 'no-show']) {
      const res = await api.post<ErrorBody>(`${base}/appointments/${booked.body.id}/${action}`, {}, token);
      expect(res.status).toBe(409);
    }
  });

  it('marks a past appointment completed or no-show once', async () => {
    const dbName = `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;
    const booked = await book(dayAhead(20), '09:00', drA);
    const other = await book(dayAhead(20), '10:00', drA);
    await withAdmin(dbName, (c) => c.query(`UPDATE appointments SET starts_at = starts_at - interval '30 days', ends_at = ends_at - interval '30 days', blocked_from = blocked_from - interval '30 days', blocked_to = blocked_to - interval '30 days' WHERE id = ANY($1)`, [[booked.body.id, other.body.id]]));
    const done = await api.post<Appointment>(`${base}/appointments/${booked.body.id}/complete`, {}, token);
    expect(done.body.status).toBe('completed');
    const missed = await api.post<Appointment>(`${base}/appointments/${other.body.id}/no-show`, {}, token);
    expect(missed.body.status).toBe('no_show');
    expect((await api.post(`${base}/appointments/${booked.body.id}/no-show`, {}, token)).status).toBe(409);
  });

  it('lists appointments by practitioner and period, in start order', async () => {
    const day = dayAhead(21);
    await book(day, '10:00', drA, patientIds[5]);
    await book(day, '09:00', drA, patientIds[6]);
    await book(day, '09:00', drB, patientIds[7]);
    const res = await api.get<{ items: Appointment[]; total: number }>(
      `${base}/appointments?practitioner_id=${drA}&from=${encodeURIComponent(at(day, '00:00'))}&to=${encodeURIComponent(at(dayAhead(22), '00:00'))}`,
      token,
    );
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((a) => a.start)).toEqual([at(day, '09:00'), at(day, '10:00')]);
    const byPatient = await api.get<{ items: Appointment[] }>(`${base}/appointments?patient_id=${patientIds[7]}`, token);
    expect(byPatient.body.items.map((a) => a.practitioner_id)).toEqual([drB]);
  });

  it('audits every appointment write with ids only', async () => {
    const booked = await book(dayAhead(23), '16:00', drA, patientIds[8]);
    await api.post(`${base}/appointments/${booked.body.id}/cancel`, { reason: 'Secret reason Zorglub' }, token);
    const rows = await withAdmin(`${api.prefix}_registry`, (c) =>
      c.query<{ action: string; target_type: string }>('SELECT action, target_type FROM audit_log WHERE target_id = $1 ORDER BY id', [booked.body.id]),
    );
    expect(rows.rows).toEqual([
      { action: 'appointment.created', target_type: 'appointment' },
      { action: 'appointment.cancelled', target_type: 'appointment' },
    ]);
    const all = await withAdmin(`${api.prefix}_registry`, (c) => c.query('SELECT * FROM audit_log'));
    expect(JSON.stringify(all.rows)).not.toContain('Zorglub');
  });

  describe('bad input', () => {
    const cases: Array<[string, () => string, unknown?]> = [
      ['slots without a treatment', () => `${base}/slots`],
      ['slots with a treatment id that is not a uuid', () => `${base}/slots?treatmentId=abc`],
      ['slots with an impossible date', () => `${base}/slots?treatmentId=${treatmentId}&from=2026-02-30`],
      ['slots with a date-time without offset', () => `${base}/slots?treatmentId=${treatmentId}&from=2026-03-01T09:00`],
      ['slots ending before they start', () => `${base}/slots?treatmentId=${treatmentId}&from=2026-03-10&to=2026-03-01`],
      ['slots over more than 92 days', () => `${base}/slots?treatmentId=${treatmentId}&from=2026-01-01&to=2026-12-31`],
      ['slots with an unknown parameter', () => `${base}/slots?treatmentId=${treatmentId}&color=red`],
      ['appointments with a bad status', () => `${base}/appointments?status=lost`],
      ['appointments with limit as text', () => `${base}/appointments?limit=ten`],
    ];
    it.each(cases)('answers 400 for %s', async (_name, path) => {
      const res = await api.get<ErrorBody>(path(), token);
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    });

    it('answers 400 for malformed bookings', async () => {
      const good = { patient_id: patientIds[0], treatment_id: treatmentId, practitioner_id: drA, start: at(dayAhead(24), '09:00') };
      const bodies: unknown[] = [
        { ...good, start: 'tomorrow' },
        { ...good, start: '2026-03-30T09:00' },
        { ...good, start: 12 },
        { ...good, patient_id: 'nope' },
        { ...good, extra: true },
        { ...good, notes: 'x'.repeat(2001) },
        [good],
      ];
      for (const body of bodies) {
        const res = await api.post<ErrorBody>(`${base}/appointments`, body, token);
        expect([res.status, JSON.stringify(body).slice(0, 40)]).toEqual([400, JSON.stringify(body).slice(0, 40)]);
      }
    });

    it('answers 404 for a practitioner, treatment, patient or appointment this clinic does not have', async () => {
      const ghost = '00000000-0000-4000-8000-000000000000';
      const good = { patient_id: patientIds[0], treatment_id: treatmentId, practitioner_id: drA, start: at(dayAhead(24), '09:00') };
      for (const body of [{ ...good, practitioner_id: ghost }, { ...good, treatment_id: ghost }, { ...good, patient_id: ghost }]) {
        expect((await api.post(`${base}/appointments`, body, token)).status).toBe(404);
      }
      expect((await api.get(`${base}/slots?treatmentId=${treatmentId}&practitionerId=${ghost}`, token)).status).toBe(404);
      expect((await api.get(`${base}/appointments/${ghost}`, token)).status).toBe(404);
      expect((await api.post(`${base}/appointments/${ghost}/cancel`, {}, token)).status).toBe(404);
    });

    it('refuses another clinic\'s admin (403) and finds none of this clinic\'s practitioners from another clinic (404)', async () => {
      const superToken = await api.superadminToken();
      const other = await api.provisionClinic(superToken);
      const otherAdmin = await api.createClinicAdmin(superToken, other.id);
      expect((await api.get(`${base}/slots?treatmentId=${treatmentId}`, otherAdmin.token)).status).toBe(403);
      const res = await api.get(`/api/clinics/${other.id}/slots?treatmentId=${treatmentId}&practitionerId=${drA}`, otherAdmin.token);
      expect(res.status).toBe(404);
    });
  });
});
