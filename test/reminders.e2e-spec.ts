import { formatDate, t } from '@sophie/assistant';
import { PatientChat, allText, choice } from './support/assistant-chat';
import { createPractitioner, createTreatment, dayAhead, localInstant } from './support/scheduling';
import { withAdmin } from './support/test-env';
import { type WhatsAppWorld, eventually, startWhatsAppWorld } from './support/whatsapp';

const ZONE = 'Europe/Paris';

interface ReminderJob {
  id: string;
  state: string;
  start_after: Date;
  starts_at: string;
}

describe('Appointment reminders', () => {
  let world: WhatsAppWorld;
  let base: string;
  let treatmentId: string;
  let counter = 0;

  const registry = (): string => `${world.api.prefix}_registry`;
  const jobsOf = (appointmentId: string): Promise<ReminderJob[]> =>
    withAdmin(registry(), async (c) =>
      (await c.query<ReminderJob>(`SELECT id, state, start_after, data->>'startsAt' AS starts_at FROM pgboss.job WHERE name = 'reminders' AND data->>'appointmentId' = $1 ORDER BY created_on`, [appointmentId])).rows,
    );
  /** Time travel for the queue: the reminders of this appointment are due now. */
  const makeDue = (appointmentId: string): Promise<unknown> =>
    withAdmin(registry(), (c) => c.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'reminders' AND data->>'appointmentId' = $1 AND state IN ('created', 'retry')`, [appointmentId]));
  const settledJobs = (appointmentId: string): Promise<ReminderJob[]> =>
    eventually(async () => {
      const jobs = await jobsOf(appointmentId);
      return jobs.length > 0 && jobs.every((j) => j.state === 'completed') ? jobs : undefined;
    }, 'the reminder jobs to finish');
  const templatesTo = (waId: string): Array<Record<string, unknown>> => world.graph.sent.filter((s) => s.body.to === waId && s.body.type === 'template').map((s) => s.body);

  async function patientWithAppointment(days: number, time: string): Promise<{ waId: string; appointmentId: string; patientId: string }> {
    counter += 1;
    const waId = `3366200${String(counter).padStart(4, '0')}`;
    const patient = await world.api.post<{ id: string }>(`${base}/patients`, { first_name: 'Rémi', last_name: 'Rappel', phone: `+${waId}` }, world.token);
    const appointment = await world.api.post<{ id: string }>(`${base}/appointments`, { patient_id: patient.body.id, treatment_id: treatmentId, start: localInstant(dayAhead(days, ZONE), time, ZONE) }, world.token);
    expect(appointment.status).toBe(201);
    return { waId, appointmentId: appointment.body.id, patientId: patient.body.id };
  }

  const chatOf = (waId: string): PatientChat => new PatientChat(world.api, world.graph, { id: world.clinicId, phoneNumberId: world.meta.phoneNumberId, appSecret: world.meta.appSecret }, waId, 'Rémi');

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    base = `/api/clinics/${world.clinicId}`;
    treatmentId = await createTreatment(world.api, base, world.token);
    await createPractitioner(world.api, base, world.token, 'Martin', treatmentId);
    expect((await world.api.patch(base, { settings: { reminder_hours_before: 168 } }, world.token)).status).toBe(200);
    const put = await world.api.request('PUT', `${base}/whatsapp`, { token: world.token, body: { phone_number_id: world.meta.phoneNumberId, reminder_templates: { fr: 'rappel_rdv' } } });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('queues one reminder at the clinic\'s delay before the appointment, and sends it as the clinic\'s template with confirm and cancel', async () => {
    const { waId, appointmentId } = await patientWithAppointment(9, '09:00');
    const [job] = await jobsOf(appointmentId);
    const start = new Date(localInstant(dayAhead(9, ZONE), '09:00', ZONE));
    expect(Math.abs(job.start_after.getTime() - (start.getTime() - 168 * 3_600_000))).toBeLessThan(1_000);
    await makeDue(appointmentId);
    await settledJobs(appointmentId);
    const sent = await eventually(() => (templatesTo(waId).length > 0 ? templatesTo(waId) : undefined), 'the reminder');
    expect(sent).toHaveLength(1);
    expect(sent[0].template).toMatchObject({
      name: 'rappel_rdv',
      language: { code: 'fr' },
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'Détartrage' }, { type: 'text', text: 'Dr Martin' }, { type: 'text' }, { type: 'text', text: '09:00' }] },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `reminder:confirm:${appointmentId}` }] },
        { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: `reminder:cancel:${appointmentId}` }] },
      ],
    });
  });

  it('sends a moved appointment\'s reminder for its new time only, once', async () => {
    const { waId, appointmentId } = await patientWithAppointment(10, '09:00');
    const moved = await world.api.post(`${base}/appointments/${appointmentId}/reschedule`, { start: localInstant(dayAhead(10, ZONE), '10:00', ZONE) }, world.token);
    expect(moved.status).toBe(200);
    expect(await jobsOf(appointmentId)).toHaveLength(2);
    await makeDue(appointmentId);
    await settledJobs(appointmentId);
    const sent = templatesTo(waId);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('10:00');
  });

  it('sends nothing for a cancelled appointment, nor to a patient who sent STOP', async () => {
    const cancelled = await patientWithAppointment(11, '09:00');
    await world.api.post(`${base}/appointments/${cancelled.appointmentId}/cancel`, {}, world.token);
    const stopped = await patientWithAppointment(11, '10:00');
    await chatOf(stopped.waId).say('STOP');
    for (const { appointmentId } of [cancelled, stopped]) {
      await makeDue(appointmentId);
      await settledJobs(appointmentId);
    }
    expect(templatesTo(cancelled.waId)).toEqual([]);
    expect(templatesTo(stopped.waId)).toEqual([]);
  });

  it('queues nothing for an appointment booked inside the reminder delay', async () => {
    const { appointmentId } = await patientWithAppointment(3, '09:00');
    expect(await jobsOf(appointmentId)).toEqual([]);
  });

  it('thanks the patient who confirms from the reminder, and cancels after confirmation from its cancel reply', async () => {
    const first = await patientWithAppointment(12, '09:00');
    const chat = chatOf(first.waId);
    let replies = await chat.other('button', { payload: `reminder:confirm:${first.appointmentId}`, text: 'Je serai là' });
    const start = new Date(localInstant(dayAhead(12, ZONE), '09:00', ZONE));
    expect(allText(replies)).toBe(t('fr', 'reminder.confirmed', { date: formatDate(start, ZONE, 'fr'), time: '09:00' }));
    replies = await chat.other('button', { payload: `reminder:cancel:${first.appointmentId}`, text: 'Annuler' });
    expect(replies[0].choices.map((c) => c.id)).toEqual(['appt:yes', 'appt:no']);
    replies = await chat.tap(choice(replies, 'appt:yes'), 'button');
    expect((await world.api.get<{ status: string }>(`${base}/appointments/${first.appointmentId}`, world.token)).body.status).toBe('cancelled');
  });
});
