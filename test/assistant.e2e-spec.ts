import { formatDate, formatTime, t } from '@sophie/assistant';
import { PatientChat, allText, choice } from './support/assistant-chat';
import { createPractitioner, createTreatment, dayAhead, localInstant } from './support/scheduling';
import { withAdmin } from './support/test-env';
import { type WhatsAppWorld, eventually, startWhatsAppWorld } from './support/whatsapp';

const ZONE = 'Europe/Paris';

describe('The assistant on WhatsApp', () => {
  let world: WhatsAppWorld;
  let base: string;
  let treatmentId: string;
  let phoneCounter = 0;

  const clinicDb = (): string => `${world.api.prefix}_clinic_${world.clinicId.replace(/-/g, '')}`;
  const patient = (name = 'Patient'): PatientChat => {
    phoneCounter += 1;
    return new PatientChat(world.api, world.graph, { id: world.clinicId, phoneNumberId: world.meta.phoneNumberId, appSecret: world.meta.appSecret }, `3365100${String(phoneCounter).padStart(4, '0')}`, name);
  };

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    base = `/api/clinics/${world.clinicId}`;
    await world.api.patch(base, { emergency_message: 'Pour les urgences, appelez le 15.', address: '1 rue de la Paix, Paris', phone: '+33 1 23 45 67 89', opening_hours: 'Lun–Ven 9h–18h', onboarding_form_url: 'https://example.org/form' }, world.token);
    treatmentId = await createTreatment(world.api, base, world.token);
    await createPractitioner(world.api, base, world.token, 'Martin', treatmentId);
    await createPractitioner(world.api, base, world.token, 'Durand', treatmentId);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('greets a new patient with the menu, in French by default', async () => {
    const chat = patient();
    const replies = await chat.say('Bonjour');
    const clinic = await world.api.get<{ name: string }>(base, world.token);
    expect(replies[0].text).toBe(t('fr', 'menu.greeting', { name: '', clinic: clinic.body.name }));
    expect(replies[1]).toMatchObject({ type: 'list', text: t('fr', 'menu.body') });
    expect(replies[1].choices.map((c) => c.id)).toEqual(['menu:book', 'menu:appointments', 'menu:info', 'menu:staff', 'menu:language']);
  });

  it.each([
    ['fr', 'Bonjour, je voudrais prendre un rendez-vous chez vous'],
    ['en', 'Hello, I would like to book an appointment please'],
    ['de', 'Guten Tag, ich möchte gerne einen Termin vereinbaren'],
    ['it', 'Buongiorno, vorrei prenotare un appuntamento per favore'],
    ['es', 'Buenos días, quisiera pedir una cita por favor'],
  ] as const)('books for a new patient from greeting to confirmation in %s', async (language, greeting) => {
    const chat = patient();
    const cardId = world.graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from(`card of ${language}`) });
    let replies = await chat.say(greeting);
    // Asking to book in free text goes straight to the practitioner (one treatment only).
    expect(allText(replies)).toContain(t(language, 'book.choose_practitioner'));
    replies = await chat.tap(choice(replies, 'practitioner:any'));
    const slot = choice(replies, 'slot:');
    replies = await chat.tap(slot);
    expect(allText(replies)).toContain(t(language, 'reg.first_name'));
    replies = await chat.say('Élise');
    replies = await chat.say('Müller-Núñez');
    expect(allText(replies)).toContain(t(language, 'reg.birth_date'));
    replies = await chat.say('31/02/1990');
    expect(allText(replies)).toContain(t(language, 'reg.birth_date_invalid'));
    replies = await chat.say('24/03/1985');
    replies = await chat.tap(choice(replies, 'reg:skip'), 'button');
    replies = await chat.tap(choice(replies, 'reg:yes'), 'button');
    replies = await chat.say('CPAM');
    replies = await chat.say('1 85 03 75 123 456 78');
    replies = await chat.image(cardId);
    expect(allText(replies)).toContain(t(language, 'reg.card_received'));
    expect(replies[replies.length - 1].choices.map((c) => c.id)).toEqual(['book:confirm', 'book:cancel']);
    replies = await chat.tap(choice(replies, 'book:confirm'), 'button');
    const start = new Date(slot.id.slice('slot:'.length));
    const confirmation = allText(replies);
    expect(confirmation).toContain(formatDate(start, ZONE, language));
    expect(confirmation).toContain(formatTime(start, ZONE, language));
    expect(confirmation).toContain(t(language, 'book.confirmed', { treatment: '', practitioner: '', date: '', time: '' }).slice(0, 8));

    const rows = await withAdmin(clinicDb(), (c) =>
      c.query<{ first_name: string; last_name: string; birth_date: string; beneficiary_number: string; insurance_card_url: string | null; source: string }>(
        `SELECT p.first_name, p.last_name, to_char(p.birth_date, 'YYYY-MM-DD') AS birth_date, p.beneficiary_number, p.insurance_card_url, a.source
           FROM patients p JOIN appointments a ON a.patient_id = p.id WHERE p.phone = $1`,
        [`+${chat.waId}`],
      ),
    );
    expect(rows.rows).toEqual([{ first_name: 'Élise', last_name: 'Müller-Núñez', birth_date: '1985-03-24', beneficiary_number: '185037512345678', insurance_card_url: expect.stringMatching(/\/messages\/.+\/media$/), source: 'whatsapp' }]);
    const conversation = await withAdmin(clinicDb(), (c) => c.query<{ detected_language: string }>('SELECT detected_language FROM conversations WHERE wa_id = $1', [chat.waId]));
    expect(conversation.rows[0].detected_language).toBe(language);
  });

  it("finds a patient's conversation by the patient, for the dashboard's patient page", async () => {
    const chat = patient();
    await chat.say('Bonjour');
    const created = await world.api.post<{ id: string }>(`${base}/patients`, { first_name: 'Lina', last_name: 'Filtre', phone: `+${chat.waId}` }, world.token);
    const other = await world.api.post<{ id: string }>(`${base}/patients`, { first_name: 'Sans', last_name: 'Message', phone: '+33655501234' }, world.token);
    const ofPatient = await world.api.get<{ items: Array<{ wa_id: string }>; total: number }>(`${base}/conversations?patient_id=${created.body.id}`, world.token);
    expect(ofPatient.body.total).toBe(1);
    expect(ofPatient.body.items[0].wa_id).toBe(chat.waId);
    expect((await world.api.get<{ total: number }>(`${base}/conversations?patient_id=${other.body.id}`, world.token)).body.total).toBe(0);
    expect((await world.api.get(`${base}/conversations?patient_id=not-a-uuid`, world.token)).status).toBe(400);
  });

  it('answers an emergency at once, in the middle of a booking, and lets the booking go on', async () => {
    const chat = patient();
    let replies = await chat.say('Bonjour');
    replies = await chat.tap(choice(replies, 'menu:book'));
    const practitioners = replies;
    replies = await chat.say("j'ai une douleur insupportable et je saigne beaucoup");
    expect(allText(replies)).toBe('Pour les urgences, appelez le 15.');
    replies = await chat.tap(choice(practitioners, 'practitioner:any'));
    expect(replies[0].choices.some((c) => c.id.startsWith('slot:'))).toBe(true);
  });

  it('offers fresh slots, with an apology, when the chosen slot is taken before the confirmation', async () => {
    const chat = patient();
    // A known patient: no registration questions.
    await world.api.post(`${base}/patients`, { first_name: 'Known', last_name: 'Patient', phone: `+${chat.waId}` }, world.token);
    let replies = await chat.say('Bonjour');
    replies = await chat.tap(choice(replies, 'menu:book'));
    replies = await chat.tap(choice(replies, 'practitioner:any'));
    const slot = choice(replies, 'slot:');
    replies = await chat.tap(slot);
    expect(replies[0].choices.map((c) => c.id)).toEqual(['book:confirm', 'book:cancel']);
    // Meanwhile the front desk books that time for other patients, until no practitioner is free then.
    const start = slot.id.slice('slot:'.length);
    const statuses: number[] = [];
    for (const phone of ['+33699990001', '+33699990002', '+33699990003']) {
      const other = await world.api.post<{ id: string }>(`${base}/patients`, { last_name: 'Other', phone }, world.token);
      statuses.push((await world.api.post(`${base}/appointments`, { patient_id: other.body.id, treatment_id: treatmentId, start: new Date(start).toISOString() }, world.token)).status);
    }
    expect(statuses[0]).toBe(201);
    expect(statuses[2]).toBe(409);
    replies = await chat.tap(choice(replies, 'book:confirm'), 'button');
    expect(allText(replies)).toContain(t('fr', 'book.slot_taken'));
    expect(replies[replies.length - 1].choices.map((c) => c.id)).not.toContain(slot.id);
  });

  it('books by free text: a day and time in words', async () => {
    const chat = patient();
    await world.api.post(`${base}/patients`, { first_name: 'Texte', last_name: 'Libre', phone: `+${chat.waId}` }, world.token);
    const day = dayAhead(3, ZONE);
    const [year, month, date] = day.split('-');
    let replies = await chat.say(`Je voudrais un rendez-vous le ${date}/${month}/${year} à 10h avec Martin`);
    expect(replies[replies.length - 1].choices.map((c) => c.id)).toEqual(['book:confirm', 'book:cancel']);
    expect(allText(replies)).toContain('Dr Martin');
    replies = await chat.say('oui');
    expect(allText(replies)).toContain('10:00');
    const booked = await withAdmin(clinicDb(), (c) => c.query<{ starts_at: Date }>(`SELECT a.starts_at FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE p.phone = $1`, [`+${chat.waId}`]));
    expect(booked.rows[0].starts_at.toISOString()).toBe(new Date(localInstant(day, '10:00', ZONE)).toISOString());
  });

  it('lists upcoming appointments, cancels one after confirmation, and moves another', async () => {
    const chat = patient();
    const created = await world.api.post<{ id: string }>(`${base}/patients`, { first_name: 'Anne', last_name: 'Moveson', phone: `+${chat.waId}` }, world.token);
    const first = await world.api.post<{ id: string }>(`${base}/appointments`, { patient_id: created.body.id, treatment_id: treatmentId, start: localInstant(dayAhead(5, ZONE), '09:00', ZONE) }, world.token);
    const second = await world.api.post<{ id: string }>(`${base}/appointments`, { patient_id: created.body.id, treatment_id: treatmentId, start: localInstant(dayAhead(6, ZONE), '09:00', ZONE) }, world.token);
    let replies = await chat.say('Bonjour');
    replies = await chat.tap(choice(replies, 'menu:appointments'));
    expect(replies[0].choices.map((c) => c.id)).toEqual([`appt:${first.body.id}`, `appt:${second.body.id}`]);
    replies = await chat.tap(choice(replies, `appt:${first.body.id}`));
    replies = await chat.tap(choice(replies, 'appt:cancel'), 'button');
    replies = await chat.tap(choice(replies, 'appt:yes'), 'button');
    expect(allText(replies)).toContain(t('fr', 'appts.cancelled', { date: '', time: '' }).split(' ')[0]);
    expect((await world.api.get<{ status: string }>(`${base}/appointments/${first.body.id}`, world.token)).body.status).toBe('cancelled');

    replies = await chat.say('menu');
    replies = await chat.tap(choice(replies, 'menu:appointments'));
    replies = await chat.tap(choice(replies, `appt:${second.body.id}`));
    replies = await chat.tap(choice(replies, 'appt:move'), 'button');
    const newSlot = choice(replies, 'slot:');
    replies = await chat.tap(newSlot);
    replies = await chat.tap(choice(replies, 'book:confirm'), 'button');
    const moved = await world.api.get<{ start: string; reschedule_count: number }>(`${base}/appointments/${second.body.id}`, world.token);
    expect(moved.body.reschedule_count).toBe(1);
    expect(new Date(moved.body.start).toISOString()).toBe(newSlot.id.slice('slot:'.length));
  });

  it('hands the conversation to staff and stays silent until staff hand it back', async () => {
    const chat = patient();
    let replies = await chat.say('Bonjour');
    replies = await chat.tap(choice(replies, 'menu:staff'));
    expect(allText(replies)).toContain(t('fr', 'handoff.started'));
    replies = await chat.say('Vous êtes là ?');
    expect(replies).toEqual([]);
    // An emergency is still answered.
    replies = await chat.say('urgence, je ne peux plus respirer');
    expect(allText(replies)).toBe('Pour les urgences, appelez le 15.');
    const conversation = await withAdmin(clinicDb(), (c) => c.query<{ handed_off_at: Date | null }>('SELECT handed_off_at FROM conversations WHERE wa_id = $1', [chat.waId]));
    expect(conversation.rows[0].handed_off_at).not.toBeNull();
  });

  it('lets staff take over, read, reply and hand back, with the inbox filters following along', async () => {
    const chat = patient();
    await chat.say('Bonjour');
    const conversationId = await withAdmin(clinicDb(), async (c) => (await c.query<{ id: string }>('SELECT id FROM conversations WHERE wa_id = $1', [chat.waId])).rows[0].id);
    const inbox = (query: string): Promise<string[]> =>
      world.api.get<{ items: Array<{ id: string }> }>(`${base}/conversations?${query}&limit=200`, world.token).then((r) => r.body.items.map((c) => c.id));

    expect((await world.api.post(`${base}/conversations/${conversationId}/take-over`, {}, world.token)).status).toBe(200);
    expect(await chat.say('Je voudrais parler à quelqu\'un')).toEqual([]);
    expect(await inbox('handed_off=true')).toContain(conversationId);
    expect(await inbox('handed_off=false')).not.toContain(conversationId);
    expect(await inbox('unread=true')).toContain(conversationId);
    await world.api.get(`${base}/conversations/${conversationId}/messages`, world.token);
    expect(await inbox('unread=true')).not.toContain(conversationId);

    const reply = await world.api.post<{ id: string }>(`${base}/conversations/${conversationId}/messages`, { text: 'Bonjour, ici l\'accueil.' }, world.token);
    expect(reply.status).toBe(201);
    const sentToPatient = async (body: string): Promise<boolean> =>
      eventually(() => (world.graph.sent.some((s) => s.body.to === chat.waId && (s.body.text as { body?: string } | undefined)?.body === body) ? true : undefined), body);
    expect(await sentToPatient('Bonjour, ici l\'accueil.')).toBe(true);

    expect((await world.api.post(`${base}/conversations/${conversationId}/hand-back`, {}, world.token)).status).toBe(200);
    expect(await sentToPatient(t('fr', 'handoff.ended'))).toBe(true);
    const after = await chat.say('Bonjour');
    expect(after.some((r) => r.choices.some((c) => c.id === 'menu:book'))).toBe(true);
  });

  it('refuses free text from staff once the 24-hour window is closed, and sends a template instead', async () => {
    const chat = patient();
    await chat.say('Bonjour');
    const conversationId = await withAdmin(clinicDb(), async (c) => {
      await c.query(`UPDATE conversations SET last_inbound_at = now() - interval '25 hours' WHERE wa_id = $1`, [chat.waId]);
      return (await c.query<{ id: string }>('SELECT id FROM conversations WHERE wa_id = $1', [chat.waId])).rows[0].id;
    });
    const late = await world.api.post<{ code: string }>(`${base}/conversations/${conversationId}/messages`, { text: 'Bonjour ?' }, world.token);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('WHATSAPP_OUTSIDE_WINDOW');
    const template = await world.api.post(`${base}/conversations/${conversationId}/messages`, { template: { name: 'relance_patient', language_code: 'fr', parameters: ['Marie'] } }, world.token);
    expect(template.status).toBe(201);
    const sent = await eventually(() => world.graph.sent.find((s) => s.body.to === chat.waId && s.body.type === 'template'), 'the template');
    expect(sent.body.template).toMatchObject({ name: 'relance_patient', language: { code: 'fr' } });
    const both = await world.api.post(`${base}/conversations/${conversationId}/messages`, { text: 'x', template: { name: 'a', language_code: 'fr' } }, world.token);
    expect(both.status).toBe(400);
  });

  it('stops on STOP and resumes on START', async () => {
    const chat = patient();
    await chat.say('Bonjour');
    let replies = await chat.say('STOP');
    expect(allText(replies)).toBe(t('fr', 'optout.stopped'));
    const stopped = await withAdmin(clinicDb(), (c) => c.query<{ opted_out_at: Date | null }>('SELECT opted_out_at FROM conversations WHERE wa_id = $1', [chat.waId]));
    expect(stopped.rows[0].opted_out_at).not.toBeNull();
    replies = await chat.say('START');
    expect(allText(replies)).toContain(t('fr', 'optout.started'));
  });

  it('never stays silent: gibberish, a sticker, a location and an empty reaction get a helpful re-prompt', async () => {
    const chat = patient();
    await chat.say('Bonjour');
    for (const send of [
      () => chat.say('asdkjh qwe zzz'),
      () => chat.other('sticker', { id: world.graph.addMedia({ mimeType: 'image/webp', bytes: Buffer.from('webp') }), mime_type: 'image/webp' }),
      () => chat.other('location', { latitude: 48.85, longitude: 2.35 }),
      () => chat.other('reaction', { message_id: 'wamid.x', emoji: '' }),
    ]) {
      const replies = await send();
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.some((r) => r.choices.some((c) => c.id === 'menu:book'))).toBe(true);
    }
  });

  it('gives the clinic\'s information with the onboarding form', async () => {
    const chat = patient();
    let replies = await chat.say('Bonjour');
    replies = await chat.tap(choice(replies, 'menu:info'));
    const text = allText(replies);
    expect(text).toContain('1 rue de la Paix, Paris');
    expect(text).toContain('+33 1 23 45 67 89');
    expect(text).toContain('https://example.org/form');
  });
});
