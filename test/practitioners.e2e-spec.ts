import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

interface Practitioner {
  id: string;
  first_name: string | null;
  last_name: string | null;
  specialty: string | null;
  google_calendar_id: string;
  is_active: boolean;
}

interface Treatment {
  id: string;
  name: Record<string, string>;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  is_active: boolean;
}

interface Offer {
  treatment_id: string;
  name: Record<string, string>;
  duration_minutes: number;
  custom_duration_minutes: number | null;
  treatment_duration_minutes: number;
  is_active: boolean;
}

interface Range {
  weekday: number;
  start: string;
  end: string;
}

interface Closure {
  id: string;
  practitioner_id: string | null;
  starts_on: string;
  ends_on: string;
  start_time: string | null;
  end_time: string | null;
  whole_days: boolean;
  reason: string | null;
}

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('Practitioners, treatments, working hours and closures', () => {
  let api: TestApp;
  let superToken: string;
  let clinicA: { id: string };
  let clinicB: { id: string };
  let adminA: { token: string };
  let adminB: { token: string };

  const inA = (path: string): string => `/api/clinics/${clinicA.id}${path}`;

  async function practitioner(body: Record<string, unknown> = {}): Promise<Practitioner> {
    const res = await api.post<Practitioner>(inA('/practitioners'), { last_name: `Doc${Math.random().toString(36).slice(2, 8)}`, ...body }, adminA.token);
    if (res.status !== 201) throw new Error(`Creating a practitioner failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function treatment(body: Record<string, unknown> = {}): Promise<Treatment> {
    const res = await api.post<Treatment>(inA('/treatments'), { name: { fr: 'Soin', en: 'Care' }, duration_minutes: 30, ...body }, adminA.token);
    if (res.status !== 201) throw new Error(`Creating a treatment failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function auditActions(targetId: string): Promise<Array<{ action: string; target_type: string; clinic_id: string }>> {
    const rows = await withAdmin(`${api.prefix}_registry`, (c) =>
      c.query<{ action: string; target_type: string; clinic_id: string }>('SELECT action, target_type, clinic_id FROM audit_log WHERE target_id = $1 ORDER BY id', [targetId]),
    );
    return rows.rows;
  }

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    [clinicA, clinicB] = await Promise.all([api.provisionClinic(superToken), api.provisionClinic(superToken)]);
    [adminA, adminB] = await Promise.all([api.createClinicAdmin(superToken, clinicA.id), api.createClinicAdmin(superToken, clinicB.id)]);
  });

  afterAll(async () => {
    await api.destroy();
  });

  describe('practitioners', () => {
    it('creates a practitioner with the default calendar, reads it back, and updates only what the body names', async () => {
      const created = await api.post<Practitioner>(inA('/practitioners'), { first_name: 'Claire', last_name: 'Morel', specialty: 'Orthodontist' }, adminA.token);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ first_name: 'Claire', last_name: 'Morel', specialty: 'Orthodontist', google_calendar_id: 'primary', is_active: true });

      const read = await api.get<Practitioner & { treatments: Offer[]; working_hours: Range[] }>(inA(`/practitioners/${created.body.id}`), adminA.token);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: created.body.id, last_name: 'Morel', treatments: [], working_hours: [] });

      const updated = await api.patch<Practitioner>(inA(`/practitioners/${created.body.id}`), { google_calendar_id: 'claire@example.org', specialty: null }, adminA.token);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ first_name: 'Claire', last_name: 'Morel', specialty: null, google_calendar_id: 'claire@example.org', is_active: true });
    });

    it('lets the superadmin manage a clinic\'s practitioners too', async () => {
      const res = await api.post<Practitioner>(inA('/practitioners'), { last_name: 'BySuper' }, superToken);
      expect(res.status).toBe(201);
      expect((await api.get(inA(`/practitioners/${res.body.id}`), superToken)).status).toBe(200);
    });

    it('searches by name and filters by activity, a page at a time, ordered by name', async () => {
      for (const first of ['Anna', 'Bruno', 'Chloe', 'David']) await practitioner({ first_name: first, last_name: 'Quenteaux' });
      const bruno = (await api.get<Page<Practitioner>>(inA('/practitioners?search=bruno%20quent'), adminA.token)).body.items[0];
      await api.patch(inA(`/practitioners/${bruno.id}`), { is_active: false }, adminA.token);

      const page = await api.get<Page<Practitioner>>(inA('/practitioners?search=QUENTEAUX&limit=2&offset=1'), adminA.token);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
      expect(page.body.items.map((p) => p.first_name)).toEqual(['Bruno', 'Chloe']);

      const active = await api.get<Page<Practitioner>>(inA('/practitioners?search=quenteaux&active=true'), adminA.token);
      expect(active.body.items.map((p) => p.first_name)).toEqual(['Anna', 'Chloe', 'David']);
      const inactive = await api.get<Page<Practitioner>>(inA('/practitioners?search=quenteaux&active=false'), adminA.token);
      expect(inactive.body.items.map((p) => p.first_name)).toEqual(['Bruno']);
      expect((await api.get<Page<Practitioner>>(inA(`/practitioners?search=${encodeURIComponent('%')}`), adminA.token)).body.total).toBe(0);
    });

    it('DELETE deactivates rather than deletes: the practitioner stays readable, inactive', async () => {
      const p = await practitioner({ first_name: 'Leaving' });
      const res = await api.delete<Practitioner>(inA(`/practitioners/${p.id}`), adminA.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: p.id, is_active: false });
      const read = await api.get<Practitioner>(inA(`/practitioners/${p.id}`), adminA.token);
      expect(read.body).toMatchObject({ id: p.id, is_active: false });
      const count = await withAdmin(`${api.prefix}_clinic_${clinicA.id.replace(/-/g, '')}`, (c) => c.query('SELECT 1 FROM practitioners WHERE id = $1', [p.id]));
      expect(count.rowCount).toBe(1);
    });

    it('works without Google: the calendar link says so, and connecting is refused clearly', async () => {
      const p = await practitioner();
      const link = await api.get(inA(`/practitioners/${p.id}/calendar`), adminA.token);
      expect(link.status).toBe(200);
      expect(link.body).toMatchObject({ status: 'not_configured', account_email: null });
      const connect = await api.post(inA(`/practitioners/${p.id}/calendar/connect`), {}, adminA.token);
      expect(connect.status).toBe(409);
      expect(connect.body).toMatchObject({ code: 'GOOGLE_NOT_CONFIGURED', message: expect.stringContaining('GOOGLE_CLIENT_ID') });
      const callback = await api.get('/oauth/callback?state=x&code=y');
      expect(callback.body).toMatchObject({ statusCode: 409, code: 'GOOGLE_NOT_CONFIGURED' });
      expect((await api.get(inA(`/practitioners/${UNKNOWN_ID}/calendar`), adminA.token)).status).toBe(404);
    });

    it('answers 404 for a practitioner this clinic does not have and 400 for a malformed id', async () => {
      for (const path of [`/practitioners/${UNKNOWN_ID}`, `/practitioners/${UNKNOWN_ID}/treatments`, `/practitioners/${UNKNOWN_ID}/working-hours`]) {
        const res = await api.get(inA(path), adminA.token);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'PRACTITIONER_NOT_FOUND' });
      }
      expect((await api.patch(inA(`/practitioners/${UNKNOWN_ID}`), { last_name: 'X' }, adminA.token)).status).toBe(404);
      expect((await api.delete(inA(`/practitioners/${UNKNOWN_ID}`), adminA.token)).status).toBe(404);
      expect((await api.get(inA('/practitioners/not-an-id'), adminA.token)).status).toBe(400);
    });
  });

  describe('treatments', () => {
    it('creates a treatment named in several languages, reads, updates and deactivates it', async () => {
      const created = await api.post<Treatment>(inA('/treatments'), { name: { fr: 'Détartrage', en: 'Scaling' }, duration_minutes: 30, buffer_after_minutes: 10 }, adminA.token);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: { fr: 'Détartrage', en: 'Scaling' }, duration_minutes: 30, buffer_before_minutes: 0, buffer_after_minutes: 10, is_active: true });

      const updated = await api.patch<Treatment>(inA(`/treatments/${created.body.id}`), { name: { de: 'Zahnsteinentfernung' }, duration_minutes: 45 }, adminA.token);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: { de: 'Zahnsteinentfernung' }, duration_minutes: 45, buffer_after_minutes: 10 });

      const removed = await api.delete<Treatment>(inA(`/treatments/${created.body.id}`), adminA.token);
      expect(removed.status).toBe(200);
      expect(removed.body.is_active).toBe(false);
      const read = await api.get<Treatment>(inA(`/treatments/${created.body.id}`), adminA.token);
      expect(read.body).toMatchObject({ is_active: false, name: { de: 'Zahnsteinentfernung' } });
    });

    it('lists treatments a page at a time and filters by activity', async () => {
      const kept = await treatment({ name: { en: 'Kept' } });
      const dropped = await treatment({ name: { en: 'Dropped' } });
      await api.delete(inA(`/treatments/${dropped.id}`), adminA.token);
      const active = await api.get<Page<Treatment>>(inA('/treatments?active=true&limit=200'), adminA.token);
      expect(active.status).toBe(200);
      expect(active.body.items.map((t) => t.id)).toContain(kept.id);
      expect(active.body.items.map((t) => t.id)).not.toContain(dropped.id);
      expect(active.body.items.every((t) => t.is_active)).toBe(true);
      const inactive = await api.get<Page<Treatment>>(inA('/treatments?active=false&limit=200'), adminA.token);
      expect(inactive.body.items.map((t) => t.id)).toContain(dropped.id);
      expect(inactive.body.items.every((t) => !t.is_active)).toBe(true);
      const all = await api.get<Page<Treatment>>(inA('/treatments?limit=1&offset=1'), adminA.token);
      expect(all.body).toMatchObject({ total: active.body.total + inactive.body.total, limit: 1, offset: 1 });
      expect(all.body.items).toHaveLength(1);
    });

    it('answers 404 for a treatment this clinic does not have', async () => {
      const res = await api.get(inA(`/treatments/${UNKNOWN_ID}`), adminA.token);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'TREATMENT_NOT_FOUND' });
      expect((await api.patch(inA(`/treatments/${UNKNOWN_ID}`), { duration_minutes: 20 }, adminA.token)).status).toBe(404);
      expect((await api.delete(inA(`/treatments/${UNKNOWN_ID}`), adminA.token)).status).toBe(404);
    });
  });

  describe('treatments a practitioner offers', () => {
    it('replaces the whole list, with a duration of the practitioner\'s own, and shows it on the practitioner', async () => {
      const p = await practitioner();
      const scaling = await treatment({ name: { fr: 'Détartrage' }, duration_minutes: 30 });
      const whitening = await treatment({ name: { fr: 'Blanchiment' }, duration_minutes: 60 });
      const put = await api.put<{ treatments: Offer[] }>(
        inA(`/practitioners/${p.id}/treatments`),
        { treatments: [{ treatment_id: scaling.id, duration_minutes: 45 }, { treatment_id: whitening.id }] },
        adminA.token,
      );
      expect(put.status).toBe(200);
      expect(put.body.treatments).toEqual([
        { treatment_id: scaling.id, name: { fr: 'Détartrage' }, duration_minutes: 45, custom_duration_minutes: 45, treatment_duration_minutes: 30, is_active: true },
        { treatment_id: whitening.id, name: { fr: 'Blanchiment' }, duration_minutes: 60, custom_duration_minutes: null, treatment_duration_minutes: 60, is_active: true },
      ]);
      const detail = await api.get<{ treatments: Offer[] }>(inA(`/practitioners/${p.id}`), adminA.token);
      expect(detail.body.treatments.map((o) => [o.treatment_id, o.duration_minutes])).toEqual([
        [scaling.id, 45],
        [whitening.id, 60],
      ]);

      const again = await api.put<{ treatments: Offer[] }>(inA(`/practitioners/${p.id}/treatments`), { treatments: [{ treatment_id: whitening.id, duration_minutes: 90 }] }, adminA.token);
      expect(again.body.treatments.map((o) => [o.treatment_id, o.duration_minutes])).toEqual([[whitening.id, 90]]);
      const list = await api.get<{ treatments: Offer[] }>(inA(`/practitioners/${p.id}/treatments`), adminA.token);
      expect(list.body.treatments.map((o) => o.treatment_id)).toEqual([whitening.id]);

      const none = await api.put<{ treatments: Offer[] }>(inA(`/practitioners/${p.id}/treatments`), { treatments: [] }, adminA.token);
      expect(none.body.treatments).toEqual([]);
    });

    it.each([
      ['the same treatment twice', 'dup', 400, 'DUPLICATE_TREATMENT'],
      ['a treatment the clinic does not have', 'unknown', 404, 'TREATMENT_NOT_FOUND'],
    ])('refuses %s and changes nothing', async (_, kind, status, code) => {
      const p = await practitioner();
      const t = await treatment();
      await api.put(inA(`/practitioners/${p.id}/treatments`), { treatments: [{ treatment_id: t.id }] }, adminA.token);
      const other = kind === 'dup' ? t.id : UNKNOWN_ID;
      const res = await api.put(inA(`/practitioners/${p.id}/treatments`), { treatments: [{ treatment_id: other, duration_minutes: 20 }, { treatment_id: t.id }] }, adminA.token);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code });
      const list = await api.get<{ treatments: Offer[] }>(inA(`/practitioners/${p.id}/treatments`), adminA.token);
      expect(list.body.treatments.map((o) => [o.treatment_id, o.custom_duration_minutes])).toEqual([[t.id, null]]);
    });

    it('answers 404 for a practitioner this clinic does not have', async () => {
      const t = await treatment();
      const res = await api.put(inA(`/practitioners/${UNKNOWN_ID}/treatments`), { treatments: [{ treatment_id: t.id }] }, adminA.token);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'PRACTITIONER_NOT_FOUND' });
    });
  });

  describe('working hours', () => {
    it('replaces the whole week, a break being the gap between two ranges, and answers it sorted in HH:mm', async () => {
      const p = await practitioner();
      const week = [
        { weekday: 2, start: '14:00', end: '24:00' },
        { weekday: 1, start: '14:00', end: '18:30' },
        { weekday: 1, start: '08:30', end: '12:00' },
      ];
      const put = await api.put<{ ranges: Range[] }>(inA(`/practitioners/${p.id}/working-hours`), { ranges: week }, adminA.token);
      expect(put.status).toBe(200);
      const sorted = [week[2], week[1], week[0]];
      expect(put.body.ranges).toEqual(sorted);
      expect((await api.get<{ ranges: Range[] }>(inA(`/practitioners/${p.id}/working-hours`), adminA.token)).body.ranges).toEqual(sorted);
      expect((await api.get<{ working_hours: Range[] }>(inA(`/practitioners/${p.id}`), adminA.token)).body.working_hours).toEqual(sorted);

      const replaced = await api.put<{ ranges: Range[] }>(inA(`/practitioners/${p.id}/working-hours`), { ranges: [{ weekday: 7, start: '10:00', end: '11:00' }] }, adminA.token);
      expect(replaced.body.ranges).toEqual([{ weekday: 7, start: '10:00', end: '11:00' }]);
      const cleared = await api.put<{ ranges: Range[] }>(inA(`/practitioners/${p.id}/working-hours`), { ranges: [] }, adminA.token);
      expect(cleared.body.ranges).toEqual([]);
    });

    it.each([
      ['overlapping ranges of one weekday', [{ weekday: 3, start: '08:00', end: '12:00' }, { weekday: 3, start: '11:30', end: '15:00' }], 'WORKING_HOURS_OVERLAP'],
      ['the same range twice', [{ weekday: 4, start: '08:00', end: '12:00' }, { weekday: 4, start: '08:00', end: '12:00' }], 'WORKING_HOURS_OVERLAP'],
      ['a range ending before it starts', [{ weekday: 3, start: '18:00', end: '09:00' }], 'INVALID_WORKING_HOURS'],
      ['a range ending when it starts', [{ weekday: 3, start: '09:00', end: '09:00' }], 'INVALID_WORKING_HOURS'],
    ])('refuses %s with 400 and keeps the week', async (_, ranges, code) => {
      const p = await practitioner();
      const before = [{ weekday: 5, start: '09:00', end: '17:00' }];
      await api.put(inA(`/practitioners/${p.id}/working-hours`), { ranges: before }, adminA.token);
      const res = await api.put(inA(`/practitioners/${p.id}/working-hours`), { ranges }, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code });
      expect((await api.get<{ ranges: Range[] }>(inA(`/practitioners/${p.id}/working-hours`), adminA.token)).body.ranges).toEqual(before);
    });

    it('answers 404 for a practitioner this clinic does not have', async () => {
      const res = await api.put(inA(`/practitioners/${UNKNOWN_ID}/working-hours`), { ranges: [{ weekday: 1, start: '09:00', end: '10:00' }] }, adminA.token);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'PRACTITIONER_NOT_FOUND' });
    });
  });

  describe('closures and absences', () => {
    it('records whole-day closures and part-day absences and lists them by period and practitioner, in order of start', async () => {
      const p = await practitioner();
      const other = await practitioner();
      const clinicWide = await api.post<Closure>(inA('/closures'), { starts_on: '2031-08-04', ends_on: '2031-08-15', reason: 'Summer' }, adminA.token);
      expect(clinicWide.status).toBe(201);
      expect(clinicWide.body).toMatchObject({ practitioner_id: null, starts_on: '2031-08-04', ends_on: '2031-08-15', start_time: null, end_time: null, whole_days: true, reason: 'Summer' });
      const afternoon = await api.post<Closure>(inA('/closures'), { practitioner_id: p.id, starts_on: '2031-08-01', ends_on: '2031-08-01', start_time: '14:00', end_time: '18:30' }, adminA.token);
      expect(afternoon.status).toBe(201);
      expect(afternoon.body).toMatchObject({ practitioner_id: p.id, starts_on: '2031-08-01', ends_on: '2031-08-01', start_time: '14:00', end_time: '18:30', whole_days: false, reason: null });
      const othersAbsence = await api.post<Closure>(inA('/closures'), { practitioner_id: other.id, starts_on: '2031-08-02', ends_on: '2031-08-03' }, adminA.token);
      const later = await api.post<Closure>(inA('/closures'), { starts_on: '2031-09-20', ends_on: '2031-09-20', end_time: '12:00' }, adminA.token);
      expect(later.body).toMatchObject({ start_time: null, end_time: '12:00', whole_days: false });

      const august = await api.get<Page<Closure>>(inA('/closures?from=2031-08-01&to=2031-08-31'), adminA.token);
      expect(august.status).toBe(200);
      expect(august.body.items.map((c) => c.id)).toEqual([afternoon.body.id, othersAbsence.body.id, clinicWide.body.id]);

      const forP = await api.get<Page<Closure>>(inA(`/closures?from=2031-07-01&to=2031-12-31&practitioner_id=${p.id}`), adminA.token);
      expect(forP.body.items.map((c) => c.id)).toEqual([afternoon.body.id, clinicWide.body.id, later.body.id]);

      const overlapping = await api.get<Page<Closure>>(inA('/closures?from=2031-08-10&to=2031-08-10'), adminA.token);
      expect(overlapping.body.items.map((c) => c.id)).toEqual([clinicWide.body.id]);

      const paged = await api.get<Page<Closure>>(inA('/closures?from=2031-07-01&to=2031-12-31&limit=2&offset=2'), adminA.token);
      expect(paged.body).toMatchObject({ total: 4, limit: 2, offset: 2 });
      expect(paged.body.items.map((c) => c.id)).toEqual([clinicWide.body.id, later.body.id]);
    });

    it('deletes a closure, then answers 404 for it', async () => {
      const c = await api.post<Closure>(inA('/closures'), { starts_on: '2032-01-01', ends_on: '2032-01-01' }, adminA.token);
      const res = await api.delete(inA(`/closures/${c.body.id}`), adminA.token);
      expect(res.status).toBe(204);
      expect((await api.get<Page<Closure>>(inA('/closures?from=2032-01-01&to=2032-01-01'), adminA.token)).body.total).toBe(0);
      const again = await api.delete(inA(`/closures/${c.body.id}`), adminA.token);
      expect(again.status).toBe(404);
      expect(again.body).toMatchObject({ code: 'CLOSURE_NOT_FOUND' });
    });

    it.each([
      ['ends before it starts', { starts_on: '2031-05-10', ends_on: '2031-05-09' }],
      ['on one day, ends before it starts', { starts_on: '2031-05-10', ends_on: '2031-05-10', start_time: '15:00', end_time: '09:00' }],
      ['on one day, ends when it starts', { starts_on: '2031-05-10', ends_on: '2031-05-10', start_time: '09:00', end_time: '09:00' }],
      ['on one day, ends at midnight', { starts_on: '2031-05-10', ends_on: '2031-05-10', end_time: '00:00' }],
    ])('refuses a closure that %s (400)', async (_, body) => {
      const res = await api.post(inA('/closures'), body, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_CLOSURE_PERIOD' });
    });

    it('accepts a part-day closure spanning days whose end time is before its start time', async () => {
      const res = await api.post<Closure>(inA('/closures'), { starts_on: '2031-05-10', ends_on: '2031-05-11', start_time: '18:00', end_time: '09:00' }, adminA.token);
      expect(res.status).toBe(201);
    });

    it('answers 404 for an absence of a practitioner this clinic does not have', async () => {
      const res = await api.post(inA('/closures'), { practitioner_id: UNKNOWN_ID, starts_on: '2031-05-10', ends_on: '2031-05-10' }, adminA.token);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'PRACTITIONER_NOT_FOUND' });
      expect((await api.get(inA(`/closures?practitioner_id=${UNKNOWN_ID}`), adminA.token)).status).toBe(404);
      expect((await api.delete(inA(`/closures/${UNKNOWN_ID}`), adminA.token)).status).toBe(404);
    });
  });

  describe('bad input never gives a 500', () => {
    const long = (n: number): string => 'x'.repeat(n);

    it.each([
      ['POST /practitioners without last_name', 'post', '/practitioners', { first_name: 'A' }],
      ['POST /practitioners with a wrong type', 'post', '/practitioners', { last_name: 42 }],
      ['POST /practitioners with an unknown field', 'post', '/practitioners', { last_name: 'A', clinic_id: 'x' }],
      ['POST /practitioners with a too long name', 'post', '/practitioners', { last_name: long(101) }],
      ['POST /practitioners with an empty name', 'post', '/practitioners', { last_name: '' }],
      ['POST /practitioners with is_active as text', 'post', '/practitioners', { last_name: 'A', is_active: 'yes' }],
      ['POST /practitioners with a null calendar', 'post', '/practitioners', { last_name: 'A', google_calendar_id: null }],
      ['POST /treatments with an empty name', 'post', '/treatments', { name: {}, duration_minutes: 30 }],
      ['POST /treatments with a name as text', 'post', '/treatments', { name: 'Scaling', duration_minutes: 30 }],
      ['POST /treatments with a name as a list', 'post', '/treatments', { name: ['Scaling'], duration_minutes: 30 }],
      ['POST /treatments with an uppercase language', 'post', '/treatments', { name: { FR: 'Soin' }, duration_minutes: 30 }],
      ['POST /treatments with an unknown language', 'post', '/treatments', { name: { xx: 'Soin' }, duration_minutes: 30 }],
      ['POST /treatments with a three-letter language', 'post', '/treatments', { name: { fra: 'Soin' }, duration_minutes: 30 }],
      ['POST /treatments with an empty text', 'post', '/treatments', { name: { fr: '  ' }, duration_minutes: 30 }],
      ['POST /treatments with a too long text', 'post', '/treatments', { name: { fr: long(121) }, duration_minutes: 30 }],
      ['POST /treatments with a number as text', 'post', '/treatments', { name: { fr: 12 }, duration_minutes: 30 }],
      ['POST /treatments without a duration', 'post', '/treatments', { name: { fr: 'Soin' } }],
      ['POST /treatments with a too short duration', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: 4 }],
      ['POST /treatments with a too long duration', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: 721 }],
      ['POST /treatments with a fractional duration', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: 30.5 }],
      ['POST /treatments with a duration as text', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: '30' }],
      ['POST /treatments with a negative buffer', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: 30, buffer_before_minutes: -1 }],
      ['POST /treatments with a too long buffer', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: 30, buffer_after_minutes: 241 }],
      ['POST /treatments with an unknown field', 'post', '/treatments', { name: { fr: 'Soin' }, duration_minutes: 30, price: 10 }],
      ['POST /closures with an impossible date', 'post', '/closures', { starts_on: '2026-02-30', ends_on: '2026-03-01' }],
      ['POST /closures with a date in another format', 'post', '/closures', { starts_on: '01/03/2026', ends_on: '2026-03-01' }],
      ['POST /closures with a timestamp for a date', 'post', '/closures', { starts_on: '2026-03-01T00:00:00Z', ends_on: '2026-03-01' }],
      ['POST /closures without ends_on', 'post', '/closures', { starts_on: '2026-03-01' }],
      ['POST /closures with an impossible time', 'post', '/closures', { starts_on: '2026-03-01', ends_on: '2026-03-01', start_time: '25:00' }],
      ['POST /closures with seconds in a time', 'post', '/closures', { starts_on: '2026-03-01', ends_on: '2026-03-01', start_time: '09:00:00' }],
      ['POST /closures starting at 24:00', 'post', '/closures', { starts_on: '2026-03-01', ends_on: '2026-03-02', start_time: '24:00' }],
      ['POST /closures with a malformed practitioner id', 'post', '/closures', { practitioner_id: 'abc', starts_on: '2026-03-01', ends_on: '2026-03-01' }],
      ['POST /closures with a too long reason', 'post', '/closures', { starts_on: '2026-03-01', ends_on: '2026-03-01', reason: long(201) }],
      ['POST /closures with an unknown field', 'post', '/closures', { starts_on: '2026-03-01', ends_on: '2026-03-01', all_day: true }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_, method, path, body) => {
      const res = method === 'post' ? await api.post(inA(path), body, adminA.token) : await api.put(inA(path), body, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['null last_name', { last_name: null }],
      ['null is_active', { is_active: null }],
      ['is_active as text', { is_active: 'false' }],
      ['an unknown field', { phone: '+33612345678' }],
      ['a too long specialty', { specialty: long(121) }],
    ])('refuses a practitioner PATCH with %s', async (_, body) => {
      const p = await practitioner();
      const res = await api.patch(inA(`/practitioners/${p.id}`), body, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['a null name', { name: null }],
      ['a null duration', { duration_minutes: null }],
      ['an empty name', { name: {} }],
      ['is_active as a number', { is_active: 0 }],
    ])('refuses a treatment PATCH with %s', async (_, body) => {
      const t = await treatment();
      const res = await api.patch(inA(`/treatments/${t.id}`), body, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['no list', {}],
      ['a list that is not a list', { treatments: { treatment_id: UNKNOWN_ID } }],
      ['an item without treatment_id', { treatments: [{ duration_minutes: 30 }] }],
      ['a malformed treatment id', { treatments: [{ treatment_id: 'abc' }] }],
      ['a too short duration', { treatments: [{ treatment_id: UNKNOWN_ID, duration_minutes: 4 }] }],
      ['a duration as text', { treatments: [{ treatment_id: UNKNOWN_ID, duration_minutes: '30' }] }],
      ['an unknown field in an item', { treatments: [{ treatment_id: UNKNOWN_ID, price: 3 }] }],
      ['a null item', { treatments: [null] }],
      ['a text item', { treatments: ['abc'] }],
    ])('refuses a treatments PUT with %s', async (_, body) => {
      const p = await practitioner();
      const res = await api.put(inA(`/practitioners/${p.id}/treatments`), body, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['no list', {}],
      ['weekday 0', { ranges: [{ weekday: 0, start: '09:00', end: '10:00' }] }],
      ['weekday 8', { ranges: [{ weekday: 8, start: '09:00', end: '10:00' }] }],
      ['weekday as text', { ranges: [{ weekday: 'monday', start: '09:00', end: '10:00' }] }],
      ['a time without a leading zero', { ranges: [{ weekday: 1, start: '9:00', end: '10:00' }] }],
      ['a start at 24:00', { ranges: [{ weekday: 1, start: '24:00', end: '24:00' }] }],
      ['an end past 24:00', { ranges: [{ weekday: 1, start: '09:00', end: '24:30' }] }],
      ['an impossible minute', { ranges: [{ weekday: 1, start: '09:00', end: '12:60' }] }],
      ['a missing end', { ranges: [{ weekday: 1, start: '09:00' }] }],
      ['an unknown field in a range', { ranges: [{ weekday: 1, start: '09:00', end: '10:00', room: 2 }] }],
      ['an unknown field', { ranges: [], timezone: 'UTC' }],
      ['a text range', { ranges: ['Mon 9-12'] }],
    ])('refuses a working-hours PUT with %s', async (_, body) => {
      const p = await practitioner();
      const res = await api.put(inA(`/practitioners/${p.id}/working-hours`), body, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it.each([
      ['/practitioners?active=maybe', 'VALIDATION_FAILED'],
      ['/practitioners?limit=0', 'VALIDATION_FAILED'],
      ['/practitioners?sort=name', 'VALIDATION_FAILED'],
      ['/treatments?active=1', 'VALIDATION_FAILED'],
      ['/closures?from=2026-02-30', 'VALIDATION_FAILED'],
      ['/closures?to=tomorrow', 'VALIDATION_FAILED'],
      ['/closures?practitioner_id=abc', 'VALIDATION_FAILED'],
      ['/closures?from=2026-03-02&to=2026-03-01', 'INVALID_DATE_RANGE'],
      ['/treatments/not-an-id', 'BAD_REQUEST'],
    ])('refuses GET %s with 400', async (path, code) => {
      const res = await api.get(inA(path), adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code });
    });

    it('refuses malformed JSON with 400', async () => {
      const p = await practitioner();
      const res = await api.request('PUT', inA(`/practitioners/${p.id}/working-hours`), { token: adminA.token, raw: '{"ranges": [' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_JSON' });
    });
  });

  describe('between clinics', () => {
    it("refuses clinic B's admin on clinic A's practitioner (403)", async () => {
      const p = await practitioner();
      for (const [method, path] of [
        ['GET', `/practitioners/${p.id}`],
        ['PATCH', `/practitioners/${p.id}`],
        ['DELETE', `/practitioners/${p.id}`],
        ['GET', `/practitioners/${p.id}/working-hours`],
        ['PUT', `/practitioners/${p.id}/working-hours`],
        ['GET', '/practitioners'],
        ['GET', '/closures'],
      ]) {
        const res = await api.request(method, inA(path), { token: adminB.token, body: method === 'GET' || method === 'DELETE' ? undefined : { ranges: [] } });
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
      }
      expect((await api.get<Practitioner>(inA(`/practitioners/${p.id}`), adminA.token)).body.is_active).toBe(true);
    });

    it("does not find clinic B's practitioner or treatment in clinic A (404)", async () => {
      const inB = (path: string): string => `/api/clinics/${clinicB.id}${path}`;
      const pB = await api.post<Practitioner>(inB('/practitioners'), { last_name: 'Elsewhere' }, adminB.token);
      const tB = await api.post<Treatment>(inB('/treatments'), { name: { en: 'Elsewhere' }, duration_minutes: 20 }, adminB.token);
      expect([pB.status, tB.status]).toEqual([201, 201]);
      const pA = await practitioner();

      expect((await api.get(inA(`/practitioners/${pB.body.id}`), adminA.token)).status).toBe(404);
      expect((await api.get(inA(`/treatments/${tB.body.id}`), adminA.token)).status).toBe(404);
      expect((await api.put(inA(`/practitioners/${pB.body.id}/working-hours`), { ranges: [] }, adminA.token)).status).toBe(404);
      expect((await api.post(inA('/closures'), { practitioner_id: pB.body.id, starts_on: '2031-01-01', ends_on: '2031-01-01' }, adminA.token)).status).toBe(404);
      const offer = await api.put(inA(`/practitioners/${pA.id}/treatments`), { treatments: [{ treatment_id: tB.body.id }] }, adminA.token);
      expect(offer.status).toBe(404);
      expect(offer.body).toMatchObject({ code: 'TREATMENT_NOT_FOUND' });
      expect((await api.get(`/api/clinics/${clinicB.id}/practitioners/${pB.body.id}`, adminB.token)).status).toBe(200);
    });
  });

  it('documents every route in the OpenAPI document (which the route-guards test walks)', async () => {
    const doc = await api.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs-json');
    const routes = Object.entries(doc.body.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const base = '/api/clinics/{clinicId}';
    expect(routes).toEqual(
      expect.arrayContaining([
        `GET ${base}/practitioners`,
        `POST ${base}/practitioners`,
        `GET ${base}/practitioners/{practitionerId}`,
        `PATCH ${base}/practitioners/{practitionerId}`,
        `DELETE ${base}/practitioners/{practitionerId}`,
        `GET ${base}/practitioners/{practitionerId}/treatments`,
        `PUT ${base}/practitioners/{practitionerId}/treatments`,
        `GET ${base}/practitioners/{practitionerId}/working-hours`,
        `PUT ${base}/practitioners/{practitionerId}/working-hours`,
        `GET ${base}/treatments`,
        `POST ${base}/treatments`,
        `GET ${base}/treatments/{treatmentId}`,
        `PATCH ${base}/treatments/{treatmentId}`,
        `DELETE ${base}/treatments/{treatmentId}`,
        `GET ${base}/closures`,
        `POST ${base}/closures`,
        `DELETE ${base}/closures/{closureId}`,
      ]),
    );
  });

  describe('audit', () => {
    it('records every write with ids only, never a name', async () => {
      const p = await practitioner({ first_name: 'Audrey', last_name: 'Zanzibar' });
      const t = await treatment({ name: { fr: 'Polissage-Audit' } });
      await api.patch(inA(`/practitioners/${p.id}`), { specialty: 'Hygienist-Audit' }, adminA.token);
      await api.put(inA(`/practitioners/${p.id}/treatments`), { treatments: [{ treatment_id: t.id }] }, adminA.token);
      await api.put(inA(`/practitioners/${p.id}/working-hours`), { ranges: [{ weekday: 1, start: '09:00', end: '12:00' }] }, adminA.token);
      await api.get(inA(`/practitioners/${p.id}`), adminA.token);
      await api.delete(inA(`/practitioners/${p.id}`), adminA.token);
      await api.patch(inA(`/treatments/${t.id}`), { duration_minutes: 40 }, adminA.token);
      await api.delete(inA(`/treatments/${t.id}`), adminA.token);
      const c = await api.post<Closure>(inA('/closures'), { practitioner_id: p.id, starts_on: '2033-01-01', ends_on: '2033-01-01', reason: 'Secret-Audit-Reason' }, adminA.token);
      await api.delete(inA(`/closures/${c.body.id}`), adminA.token);

      const forPractitioner = await auditActions(p.id);
      expect(forPractitioner.map((r) => r.action)).toEqual([
        'practitioner.created',
        'practitioner.updated',
        'practitioner_treatments.replaced',
        'working_hours.replaced',
        'practitioner.deactivated',
      ]);
      expect(forPractitioner.every((r) => r.target_type === 'practitioner' && r.clinic_id === clinicA.id)).toBe(true);
      expect((await auditActions(t.id)).map((r) => [r.action, r.target_type])).toEqual([
        ['treatment.created', 'treatment'],
        ['treatment.updated', 'treatment'],
        ['treatment.deactivated', 'treatment'],
      ]);
      expect((await auditActions(c.body.id)).map((r) => [r.action, r.target_type])).toEqual([
        ['closure.created', 'closure'],
        ['closure.deleted', 'closure'],
      ]);
      const all = await withAdmin(`${api.prefix}_registry`, (client) => client.query('SELECT * FROM audit_log'));
      expect(JSON.stringify(all.rows)).not.toMatch(/Audrey|Zanzibar|Polissage|Hygienist|Secret-Audit/);
    });
  });
});
