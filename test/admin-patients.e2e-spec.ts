import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import type { ClinicAdmin, TestApp } from './support/test-app';
import { contact, eventually, notification, postWebhook, startWhatsAppWorld, textMessage, type WhatsAppWorld } from './support/whatsapp';

interface PatientBody {
  id: string;
  email: string | null;
  phone: string;
}

/**
 * The clinic's patients, audit log and settings screens in a real browser (Debian's Chromium) against the real
 * server and PostgreSQL: add a patient, find them, edit, export, erase with a typed confirmation, read the audit
 * log, change a booking setting.
 */
describe('Admin dashboard: patients, audit log and clinic settings in Chromium', () => {
  let world: WhatsAppWorld;
  let api: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let clinic: { id: string; name: string };
  let admin: ClinicAdmin;

  const url = (path: string): string => `${api.baseUrl}/admin${path}`;

  beforeAll(async () => {
    // A clinic whose WhatsApp is configured against a fake Graph API, so that a patient can write to it.
    world = await startWhatsAppWorld();
    api = world.api;
    browser = await launchChromium();
    clinic = { id: world.clinicId, name: 'Cabinet des Tilleuls' };
    await api.patch(`/api/clinics/${clinic.id}`, { name: clinic.name }, world.token);
    admin = await api.createClinicAdmin(world.superToken, clinic.id);
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(admin.username);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}$`));
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('adds a patient, finds them by search (the term stays out of the URL), edits, exports and erases them; the audit log shows it', async () => {
    const base = `/api/clinics/${clinic.id}/patients`;
    await page.getByRole('link', { name: 'Patients', exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}/patients$`));
    await page.getByText("Aucun patient pour l'instant").waitFor();

    // Add a patient through the form; a national number is read in the clinic's country.
    await page.getByRole('button', { name: 'Ajouter un patient' }).click();
    await page.getByLabel('Prénom').fill('Marie');
    await page.getByLabel('Nom de famille').fill('Dupont');
    await page.getByLabel('Téléphone').fill('06 12 34 56 78');
    await page.getByLabel('E-mail').fill('marie.dupont@example.org');
    await page.getByLabel('Date de naissance').fill('1985-04-12');
    await screenshot(page, 'patients-new');
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByRole('heading', { name: 'Marie Dupont' }).waitFor();
    await page.getByText('Patient ajouté.').waitFor();
    const patientId = /\/patients\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    expect(patientId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await api.get<PatientBody>(`${base}/${patientId}`, admin.token);
    expect(stored.body).toMatchObject({ phone: '+33612345678', email: 'marie.dupont@example.org' });

    // The patient writes on WhatsApp.
    const hello = await postWebhook(api, clinic.id, notification(world.meta.phoneNumberId, { contacts: [contact('33612345678', 'Marie')], messages: [textMessage('33612345678', 'Bonjour, je voudrais un rendez-vous')] }), world.meta.appSecret);
    expect(hello.status).toBe(200);
    await eventually(async () => {
      const inbox = await api.get<{ items: Array<{ user_phone: string | null }> }>(`/api/clinics/${clinic.id}/conversations`, admin.token);
      return inbox.body.items.some((c) => c.user_phone === '+33612345678') ? true : undefined;
    }, 'the conversation');

    // A second patient, then a search that finds only the first; the term never reaches the URL.
    await api.post(base, { first_name: 'Jean', last_name: 'Martin', phone: '+33698765432' }, admin.token);
    await page.getByRole('link', { name: 'Retour à la liste' }).click();
    await page.getByRole('link', { name: 'Jean Martin' }).waitFor();
    await page.getByRole('searchbox', { name: 'Rechercher un patient' }).fill('dupo');
    await page.getByRole('link', { name: 'Jean Martin' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Marie Dupont' }).waitFor();
    await page.getByText('1 patient', { exact: true }).waitFor();
    expect(page.url()).not.toMatch(/dupo|search/i);
    await screenshot(page, 'patients-list');

    // The detail: record, no appointments nor conversation yet.
    await page.getByRole('link', { name: 'Marie Dupont' }).click();
    await page.waitForURL(new RegExp(`/patients/${patientId}$`));
    await page.getByText('+33612345678').waitFor();
    await page.getByText('Aucun rendez-vous.').waitFor();
    await page.getByText('Bonjour, je voudrais un rendez-vous').waitFor();
    await screenshot(page, 'patients-detail');

    // Edit the e-mail.
    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByLabel('E-mail').fill('marie.d@example.org');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Modifications enregistrées.').waitFor();
    await page.getByText('marie.d@example.org').waitFor();
    expect((await api.get<PatientBody>(`${base}/${patientId}`, admin.token)).body.email).toBe('marie.d@example.org');

    // Export: a JSON file downloaded from a Blob, holding the patient's record.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter (JSON)' }).click()]);
    expect(download.suggestedFilename()).toBe(`patient-${patientId}.json`);
    expect(download.url()).toMatch(/^blob:/);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { format: string; patient: PatientBody };
    expect(exported.format).toBe('sophie.patient-export.v1');
    expect(exported.patient).toMatchObject({ id: patientId, email: 'marie.d@example.org' });
    expect(JSON.stringify(exported)).toContain('Bonjour, je voudrais un rendez-vous');

    // At tablet width the detail still reads.
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'patients-detail-tablet');
    await page.setViewportSize({ width: 1024, height: 768 });

    // Erase: refused until the last name (or ERASE) is typed.
    await page.getByRole('button', { name: 'Effacer…' }).click();
    const confirm = page.getByRole('button', { name: 'Effacer définitivement' });
    const typed = page.getByLabel('Pour confirmer, tapez le nom de famille « Dupont » ou EFFACER');
    await typed.fill('Dupon');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await typed.fill('dupont');
    await screenshot(page, 'patients-erase');
    await confirm.click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}/patients$`));
    await page.getByText('Le patient a été effacé.').waitFor();
    expect((await api.get(`${base}/${patientId}`, admin.token)).status).toBe(404);
    const left = await api.get<{ items: Array<{ user_phone: string | null }> }>(`/api/clinics/${clinic.id}/conversations`, admin.token);
    expect(left.body.items.filter((c) => c.user_phone === '+33612345678')).toHaveLength(0);

    // The audit log: the erasure, readable, and filtered by the patient's id.
    await page.getByRole('link', { name: 'Journal', exact: true }).click();
    await page.getByRole('heading', { name: "Journal d'audit" }).waitFor();
    const erasedRow = page.getByRole('row', { name: /Patient effacé/ });
    await erasedRow.waitFor();
    await expect(erasedRow.textContent()).resolves.toContain('patient.erased');
    await page.getByLabel('Action', { exact: true }).selectOption('patient*');
    await page.getByLabel('Identifiant de la fiche concernée').fill(patientId);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    // Entries about no record (lists viewed) leave once the filter applies.
    await page.getByRole('row', { name: /patients\.listed/ }).first().waitFor({ state: 'detached' });
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row).toContain(patientId.slice(0, 8));
    await page.getByRole('row', { name: /Patient ajouté/ }).waitFor();
    await page.getByRole('row', { name: /Données du patient exportées/ }).waitFor();
    await expect(page.getByRole('row', { name: /Messagerie consultée/ }).count()).resolves.toBe(0);
    await screenshot(page, 'patients-audit');

    // In English too.
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('row', { name: /Patient erased/ }).waitFor();
    await page.getByLabel('Langue').or(page.getByLabel('Language')).selectOption('fr');
  });

  it('changes the booking settings and the clinic profile', async () => {
    await page.getByRole('link', { name: 'Clinique', exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}/settings$`));
    const interval = page.getByLabel('Intervalle entre les créneaux (minutes)');
    await interval.waitFor();
    await expect(page.getByLabel('Nom de la clinique').inputValue()).resolves.toBe('Cabinet des Tilleuls');
    await interval.fill('20');
    await page.getByLabel("Horaires d'ouverture").fill('Lun-Ven 8h-19h');
    await page.getByLabel('Pays des numéros de téléphone').selectOption('CH');
    await screenshot(page, 'patients-settings');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Réglages enregistrés.').waitFor();

    const profile = await api.get<{ opening_hours: string | null; settings: { slot_interval_minutes: number; default_phone_country: string } }>(`/api/clinics/${clinic.id}`, admin.token);
    expect(profile.body.settings).toMatchObject({ slot_interval_minutes: 20, default_phone_country: 'CH' });
    expect(profile.body.opening_hours).toBe('Lun-Ven 8h-19h');

    // A value out of range is refused by the browser before any request.
    await interval.fill('3');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.locator('input[type=number]:invalid').count()).resolves.toBe(1);
    expect((await api.get<{ settings: { slot_interval_minutes: number } }>(`/api/clinics/${clinic.id}`, admin.token)).body.settings.slot_interval_minutes).toBe(20);
  });
});
