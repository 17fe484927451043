import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { createPractitioner, createTreatment, dayAhead, localInstant } from './support/scheduling';
import type { ClinicAdmin } from './support/test-app';
import { withAdmin } from './support/test-env';
import { type WhatsAppWorld, contact, eventually, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from './support/whatsapp';

const ZONE = 'Europe/Paris';
/** A 1×1 PNG: an image the patient sends. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface AppointmentRow {
  id: string;
  start: string;
  status: string;
  patient_id: string;
  cancellation_reason: string | null;
}

/**
 * The agenda area in a real browser against the real server and PostgreSQL: a practitioner's week (book a free
 * slot, a refused booking with the API's alternatives, reschedule, cancel) and the WhatsApp inbox (a message
 * arriving without a reload, an image preview, take over, reply through the fake Graph API, hand back).
 */
describe('Admin agenda and inbox in Chromium', () => {
  let world: WhatsAppWorld;
  let admin: ClinicAdmin;
  let base: string;
  let treatmentId: string;
  let practitionerId: string;
  let patientId: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const url = (path: string): string => `${world.api.baseUrl}/admin${path}`;
  const clinicDb = (): string => `${world.api.prefix}_clinic_${world.clinicId.replace(/-/g, '')}`;

  async function signIn(): Promise<void> {
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(admin.username);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${world.clinicId}$`));
  }

  const appointments = async (): Promise<AppointmentRow[]> =>
    (await world.api.get<{ items: AppointmentRow[] }>(`${base}/appointments?practitioner_id=${practitionerId}&limit=200`, world.token)).body.items;

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    base = `/api/clinics/${world.clinicId}`;
    admin = await world.api.createClinicAdmin(world.superToken, world.clinicId);
    treatmentId = await createTreatment(world.api, base, world.token);
    practitionerId = await createPractitioner(world.api, base, world.token, 'Martin', treatmentId);
    const patient = await world.api.post<{ id: string }>(`${base}/patients`, { first_name: 'Marie', last_name: 'Dupont', phone: '+33612345678' }, world.token);
    if (patient.status !== 201) throw new Error(`patient: ${patient.status} ${JSON.stringify(patient.body)}`);
    patientId = patient.body.id;
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it("books a free slot of a practitioner's week for a patient, shows refusals with alternatives, reschedules and cancels", async () => {
    const day = dayAhead(3, ZONE);
    const dayLabel = DateTime.fromISO(day, { zone: ZONE }).setLocale('fr').toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
    await signIn();
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.waitForURL(/\/appointments/);
    await page.getByRole('heading', { name: 'Agenda' }).waitFor();
    await expect(page.getByLabel('Praticien').inputValue()).resolves.toBe(practitionerId);
    if (DateTime.fromISO(day, { zone: ZONE }).startOf('week') > DateTime.now().setZone(ZONE).startOf('week')) {
      await page.getByRole('button', { name: 'Semaine suivante' }).click();
    }
    const column = page.getByRole('region', { name: dayLabel });
    await column.getByRole('button', { name: /Créneau libre, .* à 10:00/ }).click();

    const dialog = page.getByRole('dialog', { name: 'Réserver ce créneau' });
    await dialog.waitFor();
    await dialog.getByLabel('Rechercher un patient').fill('Dupont');
    await dialog.getByRole('button', { name: /Marie Dupont/ }).click();
    await screenshot(page, 'agenda-book');
    await dialog.getByRole('button', { name: 'Réserver', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const booked = column.getByRole('button', { name: /10:00–10:30 · Marie Dupont · Détartrage · Réservé/ });
    await booked.waitFor();
    const afterBooking = await appointments();
    expect(afterBooking).toEqual([expect.objectContaining({ start: localInstant(day, '10:00', ZONE), status: 'booked', patient_id: patientId })]);
    expect(page.url()).not.toMatch(/Dupont|Marie/);
    await screenshot(page, 'agenda-week');

    // Someone else takes 11:00 while the form is open: the API's 409 and its alternatives are shown.
    await column.getByRole('button', { name: /Créneau libre, .* à 11:00/ }).click();
    await dialog.getByLabel('Rechercher un patient').fill('Marie');
    await dialog.getByRole('button', { name: /Marie Dupont/ }).click();
    const taken = await world.api.post<AppointmentRow>(`${base}/appointments`, { patient_id: patientId, treatment_id: treatmentId, practitioner_id: practitionerId, start: localInstant(day, '11:00', ZONE) }, world.token);
    expect(taken.status).toBe(201);
    await dialog.getByRole('button', { name: 'Réserver', exact: true }).click();
    await dialog.getByRole('alert').getByText('Ce créneau vient d’être pris.').waitFor();
    await dialog.getByText('Créneaux libres les plus proches :').waitFor();
    await screenshot(page, 'agenda-slot-taken');
    await dialog.getByRole('button', { name: 'Annuler', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // Reschedule the appointment taken meanwhile to 15:00 that day.
    await column.getByRole('button', { name: /11:00–11:30 · Marie Dupont/ }).click();
    const details = page.getByRole('dialog', { name: 'Rendez-vous' });
    await details.getByRole('button', { name: 'Déplacer' }).click();
    await details.getByRole('radio', { name: '15:00' }).check();
    await details.getByRole('button', { name: 'Confirmer le déplacement' }).click();
    await details.getByText(/15:00 – 15:30/).waitFor();
    await eventually(async () => ((await appointments()).find((a) => a.id === taken.body.id)?.start === localInstant(day, '15:00', ZONE) ? true : undefined), 'the reschedule');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await column.getByRole('button', { name: /15:00–15:30 · Marie Dupont/ }).waitFor();

    // Cancel the 10:00 appointment with a reason: it leaves the week (cancelled ones are hidden by default).
    await booked.click();
    await details.getByText('Réservé sur WhatsApp').or(details.getByText("Saisi par l'équipe")).waitFor();
    await screenshot(page, 'agenda-appointment');
    await details.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
    await details.getByLabel("Motif d'annulation").fill('Patiente malade');
    await details.getByRole('button', { name: "Confirmer l'annulation" }).click();
    await details.locator('.badge', { hasText: 'Annulé' }).waitFor();
    await page.keyboard.press('Escape');
    await booked.waitFor({ state: 'detached' });
    const cancelled = (await appointments()).find((a) => a.id === afterBooking[0]?.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation_reason: 'Patiente malade' });
    await column.getByRole('button', { name: /Créneau libre, .* à 10:00/ }).waitFor();

    // A tablet-width screen.
    await page.setViewportSize({ width: 768, height: 1000 });
    await column.getByRole('button', { name: /15:00–15:30 · Marie Dupont/ }).waitFor();
    await screenshot(page, 'agenda-week-tablet');
  });

  it('shows WhatsApp messages in the inbox as they arrive, with image previews; staff take over, reply and hand back', async () => {
    await signIn();
    await page.getByRole('link', { name: 'Messagerie' }).click();
    await page.waitForURL(/\/inbox$/);
    await page.getByText('Aucune conversation pour le moment.').waitFor();

    const from = '33698765432';
    const first = await postWebhook(world.api, world.clinicId, notification(world.meta.phoneNumberId, { contacts: [contact(from, 'Jeanne Petit')], messages: [textMessage(from, 'Bonjour')] }), world.meta.appSecret);
    expect(first.status).toBe(200);
    const item = page.getByRole('link', { name: /Jeanne Petit/ });
    await item.waitFor({ timeout: 20_000 });
    await screenshot(page, 'agenda-inbox');
    await item.click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    const thread = page.getByRole('list', { name: 'Messages' });
    await thread.getByText('Bonjour', { exact: true }).waitFor();

    // A photo arrives while the thread is open: shown without a reload, fetched with the token into a Blob URL.
    const imageId = world.graph.addMedia({ mimeType: 'image/png', bytes: PNG });
    const photo = { from, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), type: 'image', image: { id: imageId, mime_type: 'image/png', sha256: 'x', caption: 'Ma carte vitale' } };
    expect((await postWebhook(world.api, world.clinicId, notification(world.meta.phoneNumberId, { contacts: [contact(from, 'Jeanne Petit')], messages: [photo] }), world.meta.appSecret)).status).toBe(200);
    const image = thread.getByRole('img', { name: 'Ma carte vitale' });
    await image.waitFor({ timeout: 30_000 });
    await expect(image.getAttribute('src')).resolves.toMatch(/^blob:/);
    await eventually(async () => ((await page.evaluate<number>(`document.querySelector('img[alt="Ma carte vitale"]').naturalWidth`)) > 0 ? true : undefined), 'the image to load');

    await page.getByRole('button', { name: 'Prendre la main' }).click();
    await page.getByText(/L'équipe a pris la main/).waitFor();
    await page.getByLabel('Votre réponse').fill('Bonjour Jeanne, ici l’accueil du cabinet.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const sent = await eventually(() => world.graph.sent.find((s) => s.kind === 'message' && s.body.to === from && (s.body.text as { body?: string } | undefined)?.body === 'Bonjour Jeanne, ici l’accueil du cabinet.'), 'the reply at the Graph API');
    expect(sent.phoneNumberId).toBe(world.meta.phoneNumberId);
    await thread.getByText('Bonjour Jeanne, ici l’accueil du cabinet.').waitFor();
    await expect(page.getByLabel('Votre réponse').inputValue()).resolves.toBe('');
    await screenshot(page, 'agenda-thread');

    const conversationId = page.url().split('/').pop() ?? '';
    const conversation = async () => (await world.api.get<{ handed_off_at: string | null; unread: boolean }>(`${base}/conversations/${conversationId}`, world.token)).body;
    expect(await conversation()).toMatchObject({ unread: false });
    await page.getByRole('button', { name: "Rendre la main à l'assistant" }).click();
    await page.getByText("L'assistant répond à ce patient.").waitFor();
    expect((await conversation()).handed_off_at).toBeNull();

    // Past Meta's 24-hour window, free text is refused: the dashboard says why.
    await withAdmin(clinicDb(), (c) => c.query(`UPDATE conversations SET last_inbound_at = now() - interval '25 hours' WHERE id = $1`, [conversationId]));
    await page.getByLabel('Votre réponse').fill('Vous êtes toujours là ?');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('alert').getByText(/plus de 24 h depuis le dernier message du patient/).waitFor();

    // The list filters: waiting for staff (none now), unread.
    await page.getByRole('checkbox', { name: "En attente de l'équipe" }).check();
    await page.getByText('Aucune conversation ne correspond à ces filtres.').waitFor();
  });
});
