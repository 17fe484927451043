import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { t as assistantText } from '@sophie/assistant';
import { DateTime, Info } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeMetaGraph } from './fakes/meta-graph-fake';
import { PatientChat, allText, choice } from './support/assistant-chat';
import { launchChromium, screenshot } from './support/browser';
import { TestApp } from './support/test-app';
import { SUPERADMIN_PASSWORD, withAdmin } from './support/test-env';
import { eventually, newMetaSetup } from './support/whatsapp';

const ZONE = 'Europe/Paris';
const CLINIC_NAME = 'Cabinet des Glycines';
const PATIENT = { waId: '33655501234', profileName: 'Élise W.', firstName: 'Élise', lastName: 'Dupont' };
const STAFF_REPLY = 'Bonjour Élise, ici l’accueil du cabinet : votre rendez-vous est bien noté.';

interface AppointmentRow {
  id: string;
  start: string;
  status: string;
  source: string;
  practitioner_id: string;
}

/**
 * The whole product in one journey, in Chromium against the real server, PostgreSQL and a fake Graph API: the
 * superadmin creates a clinic, its admin and its WhatsApp channel; the admin sets up a treatment and a practitioner
 * with hours; a new patient books through signed webhooks, as Meta would post them; the admin finds the appointment
 * in the practitioner's week and the conversation in the inbox (arriving without a reload), takes over and replies.
 * The steps run in order and share what they create.
 */
describe('Admin journey: from a new clinic to a booking on WhatsApp and a staff reply', () => {
  let graph: FakeMetaGraph;
  let dataDir: string;
  let api: TestApp;
  let browser: Browser;
  let superContext: BrowserContext;
  let adminContext: BrowserContext | undefined;
  let page: Page;
  const meta = newMetaSetup();
  const admin = { username: 'accueil.glycines', password: '' };
  let clinicId = '';
  let practitionerId = '';
  let slotStart = '';

  const url = (p: string): string => `${api.baseUrl}/admin${p}`;
  const clinicDb = (): string => `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-journey-'));
    api = await TestApp.start({ META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir });
    // The fake checks the clinic's access token as Meta would.
    graph.tokens.set(meta.phoneNumberId, meta.accessToken);
    browser = await launchChromium();
    superContext = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'fr-FR' });
    page = await superContext.newPage();
  });

  afterAll(async () => {
    await adminContext?.close();
    await superContext?.close();
    await browser?.close();
    await api?.destroy();
    await graph?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('superadmin: signs in, creates the clinic, its admin and its WhatsApp channel', async () => {
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(api.config.superadminUsername);
    await page.getByLabel('Mot de passe').fill(SUPERADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
    await page.getByRole('heading', { name: 'Cliniques' }).waitFor();
    await screenshot(page, 'journey-superadmin-clinics');

    // The create-clinic form.
    await page.getByRole('link', { name: 'Nouvelle clinique' }).click();
    await page.getByLabel('Nom de la clinique').fill(CLINIC_NAME);
    await page.getByLabel('Fuseau horaire').selectOption(ZONE);
    await page.getByLabel('Téléphone').fill('+33 4 72 00 00 00');
    await page.getByLabel('Adresse').fill('3 rue des Glycines, Lyon');
    await page.getByLabel('E-mail').fill('accueil@glycines.example');
    await page.getByLabel("Horaires d'ouverture").fill('Tous les jours 8h-18h');
    await page.getByLabel("Message d'urgence").fill('Pour les urgences, appelez le 15.');
    await page.getByLabel('Langue par défaut').selectOption('fr');
    await screenshot(page, 'journey-new-clinic');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
    await page.getByRole('status').getByText(`Clinique « ${CLINIC_NAME} » créée.`).waitFor();
    await page.getByRole('row', { name: new RegExp(CLINIC_NAME) }).waitFor();

    // Its page, from the notice's link.
    await page.getByRole('link', { name: 'Ouvrir sa page pour créer son administrateur et configurer WhatsApp' }).click();
    await page.waitForURL(/\/admin\/superadmin\/clinics\/[0-9a-f-]{36}$/);
    clinicId = page.url().split('/').pop() ?? '';
    await page.getByRole('heading', { name: CLINIC_NAME, level: 1 }).waitFor();

    // Its admin, with a generated password.
    const users = page.getByRole('region', { name: 'Administrateurs de la clinique', exact: true });
    await users.getByText('Aucun administrateur').waitFor();
    await users.getByLabel("Nom d'utilisateur").fill(admin.username);
    await users.getByRole('button', { name: 'Générer' }).click();
    admin.password = await users.getByLabel('Mot de passe', { exact: true }).inputValue();
    expect(admin.password.length).toBeGreaterThanOrEqual(12);
    await users.getByRole('button', { name: "Créer l'administrateur" }).click();
    await users.getByRole('status').getByText(`« ${admin.username} »`).waitFor();
    await users.getByRole('row', { name: new RegExp(admin.username.replace('.', '\\.')) }).getByText('Actif').waitFor();

    // Its WhatsApp channel: the webhook URL shown is the one the patient's messages are posted to below.
    const whatsapp = page.getByRole('region', { name: 'Configuration WhatsApp', exact: true });
    await expect(whatsapp.getByLabel('URL de rappel (webhook) à coller dans Meta').inputValue()).resolves.toBe(`${api.baseUrl}/webhook/whatsapp/${clinicId}`);
    await whatsapp.getByText("WhatsApp n'est pas encore configuré").waitFor();
    await whatsapp.getByLabel('Identifiant du numéro de téléphone (Meta)').fill(meta.phoneNumberId);
    await whatsapp.getByLabel('Jeton de vérification du webhook').fill(meta.verifyToken);
    await whatsapp.getByLabel("Jeton d'accès permanent (utilisateur système)").fill(meta.accessToken);
    await whatsapp.getByLabel("Clé secrète de l'application Meta").fill(meta.appSecret);
    await whatsapp.getByRole('button', { name: 'Enregistrer' }).click();
    await whatsapp.getByText('Configuration WhatsApp enregistrée.').waitFor();
    await whatsapp.getByText(`Enregistré, se termine par …${meta.appSecret.slice(-4)}`).waitFor();
    await screenshot(page, 'journey-clinic-page');

    const superToken = await api.superadminToken();
    const stored = await api.get<{ timezone: string; emergency_message: string }>(`/api/superadmin/clinics/${clinicId}`, superToken);
    expect(stored.body).toMatchObject({ timezone: ZONE, emergency_message: 'Pour les urgences, appelez le 15.' });
    const channel = await api.get<Record<string, unknown>>(`/api/clinics/${clinicId}/whatsapp`, superToken);
    expect(channel.body).toMatchObject({ configured: true, phone_number_id: meta.phoneNumberId, webhook_secret: { is_set: true } });
  });

  it('clinic admin: signs in, adds a treatment and a practitioner who offers it, working every day', async () => {
    adminContext = await browser.newContext({ viewport: { width: 1024, height: 900 }, locale: 'fr-FR' });
    page = await adminContext.newPage();
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(admin.username);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinicId}$`));
    await page.getByRole('heading', { name: new RegExp(`Aujourd'hui · ${CLINIC_NAME}`) }).waitFor();
    await screenshot(page, 'journey-admin-today');

    const nav = page.getByRole('navigation', { name: 'Navigation' });
    await nav.getByRole('link', { name: 'Soins' }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinicId}/treatments$`));
    await page.getByText('Aucun soin pour le moment').waitFor();
    await page.getByRole('button', { name: 'Ajouter un soin' }).click();
    await page.getByLabel('Nom (Français)').fill('Détartrage');
    await page.getByLabel('Nom (Anglais)').fill('Scaling');
    await page.getByLabel('Durée (min)').fill('30');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('row', { name: /Détartrage/ }).waitFor();
    await screenshot(page, 'journey-treatments');

    await nav.getByRole('link', { name: 'Praticiens' }).click();
    await page.getByText('Aucun praticien pour le moment').waitFor();
    await page.getByRole('button', { name: 'Ajouter un praticien' }).click();
    await page.getByLabel('Prénom').fill('Claire');
    await page.getByLabel('Nom de famille').fill('Martin');
    await page.getByLabel('Spécialité').fill('Hygiéniste');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { name: 'Claire Martin', level: 1 }).waitFor();
    practitionerId = /\/practitioners\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    expect(practitionerId).not.toBe('');

    const offers = page.getByRole('region', { name: 'Soins proposés' });
    await offers.getByRole('checkbox', { name: 'Détartrage' }).check();
    await offers.getByRole('button', { name: 'Enregistrer les soins' }).click();
    await offers.getByRole('status').getByText('Enregistré.').waitFor();

    // 08:00–19:00 every day of the week, so that free slots exist from tomorrow whatever the day.
    const hours = page.getByRole('region', { name: 'Horaires de la semaine' });
    for (const day of Info.weekdays('long', { locale: 'fr' })) {
      const group = hours.getByRole('group', { name: day });
      await group.getByRole('button', { name: `Ajouter une plage le ${day}` }).click();
      await group.getByLabel('Début').fill('08:00');
      await group.getByLabel('Fin').fill('19:00');
    }
    await hours.getByRole('button', { name: 'Enregistrer les horaires' }).click();
    await hours.getByRole('status').getByText('Enregistré.').waitFor();
    await screenshot(page, 'journey-practitioner');

    const token = await api.login(admin.username, admin.password);
    const detail = await api.get<{ treatments: Array<{ duration_minutes: number }>; working_hours: Array<{ weekday: number; start: string; end: string }> }>(
      `/api/clinics/${clinicId}/practitioners/${practitionerId}`,
      token,
    );
    expect(detail.body.treatments).toEqual([expect.objectContaining({ duration_minutes: 30 })]);
    expect(detail.body.working_hours).toEqual([1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '19:00' })));

    // The inbox, left open while the patient writes.
    await nav.getByRole('link', { name: 'Messagerie' }).click();
    await page.waitForURL(/\/inbox$/);
    await page.getByText('Aucune conversation pour le moment.').waitFor();
  });

  it('patient: books on WhatsApp through signed webhooks, as a new patient, and is told it is confirmed', async () => {
    const chat = new PatientChat(api, graph, { id: clinicId, phoneNumberId: meta.phoneNumberId, appSecret: meta.appSecret }, PATIENT.waId, PATIENT.profileName);
    const cardId = graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from('a card') });

    // One treatment and one practitioner: asking to book goes straight to the nearest free slots. The patient asks for
    // another day instead, a week ahead: always in a later week than this one, so the admin has to go there.
    let replies = await chat.say('Bonjour, je voudrais prendre un rendez-vous chez vous');
    expect(choice(replies, 'slot:')).toBeDefined();
    replies = await chat.tap(choice(replies, 'slots:day'));
    expect(allText(replies)).toContain(assistantText('fr', 'book.ask_day'));
    const day = DateTime.now().setZone(ZONE).plus({ days: 7 });
    replies = await chat.say(`Le ${day.toFormat('dd/MM/yyyy')} s'il vous plaît`);
    const slot = choice(replies, 'slot:');
    slotStart = slot.id.slice('slot:'.length);
    expect(DateTime.fromISO(slotStart, { zone: ZONE }).toISODate()).toBe(day.toISODate());
    replies = await chat.tap(slot);
    expect(allText(replies)).toContain(assistantText('fr', 'reg.first_name'));
    replies = await chat.say(PATIENT.firstName);
    replies = await chat.say(PATIENT.lastName);
    expect(allText(replies)).toContain(assistantText('fr', 'reg.birth_date'));
    replies = await chat.say('24/03/1985');
    replies = await chat.tap(choice(replies, 'reg:skip'), 'button');
    replies = await chat.tap(choice(replies, 'reg:yes'), 'button');
    replies = await chat.say('CPAM');
    replies = await chat.say('1 85 03 75 123 456 78');
    replies = await chat.image(cardId);
    expect(allText(replies)).toContain(assistantText('fr', 'reg.card_received'));
    replies = await chat.tap(choice(replies, 'book:confirm'), 'button');
    expect(allText(replies)).toContain(assistantText('fr', 'book.confirmed', { treatment: '', practitioner: '', date: '', time: '' }).slice(0, 8));
    expect(allText(replies)).toContain(DateTime.fromISO(slotStart, { zone: ZONE }).toFormat('HH:mm'));

    const booked = await withAdmin(clinicDb(), (c) =>
      c.query<{ starts_at: Date; source: string; practitioner_id: string }>(
        `SELECT a.starts_at, a.source, a.practitioner_id FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE p.phone = $1 AND a.status = 'booked'`,
        [`+${PATIENT.waId}`],
      ),
    );
    expect(booked.rows).toEqual([{ starts_at: new Date(slotStart), source: 'whatsapp', practitioner_id: practitionerId }]);
  });

  it("admin: finds the conversation in the inbox without a reload, and the appointment in the practitioner's week", async () => {
    // The inbox page stayed open during the booking: the conversation came in by itself.
    const item = page.getByRole('link', { name: new RegExp(PATIENT.profileName) });
    await item.waitFor({ timeout: 20_000 });
    await screenshot(page, 'journey-inbox');

    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Agenda' }).click();
    await page.waitForURL(/\/appointments/);
    await page.getByRole('heading', { name: 'Agenda' }).waitFor();
    await expect(page.getByLabel('Praticien').inputValue()).resolves.toBe(practitionerId);

    // To the week of the appointment, one week at a time, each week shown before the next click.
    const start = DateTime.fromISO(slotStart, { zone: ZONE }).setLocale('fr');
    const thisWeek = DateTime.now().setZone(ZONE).startOf('week');
    const weeks = Math.round(start.startOf('week').diff(thisWeek, 'weeks').weeks);
    for (let i = 1; i <= weeks; i++) {
      await page.getByRole('button', { name: 'Semaine suivante' }).click();
      const monday = thisWeek.plus({ weeks: i }).setLocale('fr').toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
      await page.getByRole('region', { name: monday }).waitFor();
    }
    const column = page.getByRole('region', { name: start.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }) });
    const when = `${start.toFormat('HH:mm')}–${start.plus({ minutes: 30 }).toFormat('HH:mm')}`;
    const appointment = column.getByRole('button', { name: `${when} · ${PATIENT.firstName} ${PATIENT.lastName} · Détartrage · Réservé` });
    await appointment.waitFor();
    await screenshot(page, 'journey-week');

    await appointment.click();
    const details = page.getByRole('dialog', { name: 'Rendez-vous' });
    await details.getByText('Réservé sur WhatsApp').waitFor();
    await screenshot(page, 'journey-appointment');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    const token = await api.login(admin.username, admin.password);
    const listed = await api.get<{ items: AppointmentRow[] }>(`/api/clinics/${clinicId}/appointments?practitioner_id=${practitionerId}&limit=50`, token);
    expect(listed.body.items).toEqual([expect.objectContaining({ status: 'booked', source: 'whatsapp', practitioner_id: practitionerId })]);
    expect(new Date(listed.body.items[0].start).toISOString()).toBe(new Date(slotStart).toISOString());
  });

  it('admin: opens the conversation, takes over and replies; the reply reaches the Graph API', async () => {
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Messagerie' }).click();
    await page.waitForURL(/\/inbox$/);
    await page.getByRole('link', { name: new RegExp(PATIENT.profileName) }).click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText('Bonjour, je voudrais prendre un rendez-vous chez vous').waitFor();
    await thread.getByText('CPAM', { exact: true }).waitFor();
    await page.getByText("L'assistant répond à ce patient.").waitFor();

    await page.getByRole('button', { name: 'Prendre la main' }).click();
    await page.getByText(/L'équipe a pris la main/).waitFor();
    await page.getByLabel('Votre réponse').fill(STAFF_REPLY);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const sent = await eventually(
      () => graph.sent.find((s) => s.kind === 'message' && s.body.to === PATIENT.waId && (s.body.text as { body?: string } | undefined)?.body === STAFF_REPLY),
      'the staff reply at the Graph API',
    );
    expect(sent.phoneNumberId).toBe(meta.phoneNumberId);
    await thread.getByText(STAFF_REPLY).waitFor();
    await expect(page.getByLabel('Votre réponse').inputValue()).resolves.toBe('');
    await screenshot(page, 'journey-thread');

    const conversationId = page.url().split('/').pop() ?? '';
    const token = await api.login(admin.username, admin.password);
    const conversation = await api.get<{ handed_off_at: string | null; handed_off_by: string | null }>(`/api/clinics/${clinicId}/conversations/${conversationId}`, token);
    expect(conversation.body.handed_off_at).not.toBeNull();
  });
});
