import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { TestApp, type ClinicAdmin } from './support/test-app';

interface PractitionerDetail {
  id: string;
  first_name: string | null;
  last_name: string | null;
  specialty: string | null;
  is_active: boolean;
  treatments: Array<{ treatment_id: string; duration_minutes: number; custom_duration_minutes: number | null }>;
  working_hours: Array<{ weekday: number; start: string; end: string }>;
}

/**
 * The clinic's practitioners pages in a real browser (Debian's Chromium) against the real server and PostgreSQL:
 * treatments, a practitioner with the treatments they offer, a week with a lunch break, an absence, the Google
 * Calendar state on an installation without Google settings, and the API's refusal of overlapping ranges.
 */
describe('Admin dashboard: practitioners and treatments', () => {
  let api: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let clinic: { id: string; name: string };
  let admin: ClinicAdmin;

  const url = (path: string): string => `${api.baseUrl}/admin${path}`;

  async function signIn(): Promise<void> {
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(admin.username);
    await page.getByLabel('Mot de passe').fill(admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}$`));
  }

  beforeAll(async () => {
    api = await TestApp.start();
    browser = await launchChromium();
    const superToken = await api.superadminToken();
    clinic = await api.provisionClinic(superToken, { name: 'Cabinet du Lac', timezone: 'Europe/Paris' });
    admin = await api.createClinicAdmin(superToken, clinic.id);
  });

  beforeEach(async () => {
    // A French front desk's browser: times as 24-hour clocks in the time fields.
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'fr-FR' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.destroy();
  });

  it('creates a treatment and a practitioner, gives them the treatment, a week with a lunch break and an absence; shows the calendar state; refuses overlapping ranges', async () => {
    await signIn();

    // Treatments: empty at first; a name in at least one language is required.
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Soins' }).click();
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}/treatments$`));
    await page.getByText('Aucun soin pour le moment').waitFor();
    await page.getByRole('button', { name: 'Ajouter un soin' }).click();
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('alert').getByText('Indiquez le nom dans au moins une langue.').waitFor();
    await page.getByLabel('Nom (Français)').fill('Détartrage');
    await page.getByLabel('Nom (Anglais)').fill('Scaling');
    await page.getByLabel('Durée (min)').fill('30');
    await page.getByLabel('Préparation avant (min)').fill('5');
    await page.getByLabel('Nettoyage après (min)').fill('10');
    await screenshot(page, 'practitioners-treatment-form');
    await page.getByRole('button', { name: 'Créer' }).click();
    const treatmentRow = page.getByRole('row', { name: /Détartrage/ });
    await treatmentRow.waitFor();
    await expect(treatmentRow.textContent()).resolves.toMatch(/30 min.*5 min \/ 10 min.*Actif/);
    await screenshot(page, 'practitioners-treatments');
    const treatments = await api.get<{ items: Array<{ id: string; name: Record<string, string>; duration_minutes: number; buffer_before_minutes: number; buffer_after_minutes: number }> }>(
      `/api/clinics/${clinic.id}/treatments`,
      admin.token,
    );
    expect(treatments.body.items).toEqual([expect.objectContaining({ name: { fr: 'Détartrage', en: 'Scaling' }, duration_minutes: 30, buffer_before_minutes: 5, buffer_after_minutes: 10 })]);
    const treatmentId = treatments.body.items[0].id;

    // Practitioners: empty list, then the "add" form opens their page.
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Praticiens' }).click();
    await page.getByText('Aucun praticien pour le moment').waitFor();
    await page.getByRole('button', { name: 'Ajouter un praticien' }).click();
    await page.getByLabel('Prénom').fill('Claire');
    await page.getByLabel('Nom de famille').fill('Martin');
    await page.getByLabel('Spécialité').fill('Hygiéniste');
    await expect(page.getByLabel('Agenda Google utilisé').inputValue()).resolves.toBe('primary');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { name: 'Claire Martin', level: 1 }).waitFor();
    const practitionerId = /\/practitioners\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    expect(practitionerId).toBeDefined();
    const detailPath = `/api/clinics/${clinic.id}/practitioners/${practitionerId}`;

    // The treatment they offer, with a duration of their own.
    const offers = page.getByRole('region', { name: 'Soins proposés' });
    await offers.getByRole('checkbox', { name: 'Détartrage' }).check();
    await offers.getByLabel('Durée pour Détartrage (min)').fill('45');
    await offers.getByRole('button', { name: 'Enregistrer les soins' }).click();
    await offers.getByRole('status').getByText('Enregistré.').waitFor();

    // Monday 09:00–12:30 and 14:00–18:00 (lunch break), Tuesday 08:00–12:00.
    const hours = page.getByRole('region', { name: 'Horaires de la semaine' });
    const monday = hours.getByRole('group', { name: 'lundi' });
    await monday.getByRole('button', { name: 'Ajouter une plage le lundi' }).click();
    await monday.getByLabel('Début').nth(0).fill('09:00');
    await monday.getByLabel('Fin').nth(0).fill('12:30');
    await monday.getByRole('button', { name: 'Ajouter une plage le lundi' }).click();
    await monday.getByLabel('Début').nth(1).fill('14:00');
    await monday.getByLabel('Fin').nth(1).fill('18:00');
    await monday.getByText('Pause : 12:30–14:00').waitFor();
    const tuesday = hours.getByRole('group', { name: 'mardi' });
    await tuesday.getByRole('button', { name: 'Ajouter une plage le mardi' }).click();
    await tuesday.getByLabel('Début').fill('08:00');
    await tuesday.getByLabel('Fin').fill('12:00');
    await hours.getByRole('button', { name: 'Enregistrer les horaires' }).click();
    await hours.getByRole('status').getByText('Enregistré.').waitFor();

    const detail = await api.get<PractitionerDetail>(detailPath, admin.token);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ first_name: 'Claire', last_name: 'Martin', specialty: 'Hygiéniste', is_active: true });
    expect(detail.body.treatments).toEqual([expect.objectContaining({ treatment_id: treatmentId, duration_minutes: 45, custom_duration_minutes: 45 })]);
    expect(detail.body.working_hours).toEqual([
      { weekday: 1, start: '09:00', end: '12:30' },
      { weekday: 1, start: '14:00', end: '18:00' },
      { weekday: 2, start: '08:00', end: '12:00' },
    ]);

    // An afternoon's absence next week, in the clinic's zone.
    const closures = page.getByRole('region', { name: 'Absences et fermetures' });
    await closures.getByText('Aucune absence ni fermeture à venir.').waitFor();
    const day = DateTime.now().setZone('Europe/Paris').plus({ days: 7 }).toISODate()!;
    await closures.getByRole('button', { name: 'Ajouter une absence' }).click();
    await closures.getByLabel('Premier jour').fill(day);
    await closures.getByLabel('Dernier jour').fill(day);
    await closures.getByLabel('Journées entières').uncheck();
    await closures.getByLabel('Heure de début (premier jour)').fill('14:00');
    await closures.getByLabel('Heure de fin (dernier jour)').fill('18:00');
    await closures.getByLabel('Motif').fill('Formation');
    await closures.getByRole('button', { name: "Enregistrer l’absence" }).click();
    const closureRow = closures.getByRole('row', { name: /Formation/ });
    await closureRow.waitFor();
    await expect(closureRow.textContent()).resolves.toMatch(/14:00.*18:00.*Absence.*partie de journée/);
    const stored = await api.get<{ items: Array<Record<string, unknown>> }>(`/api/clinics/${clinic.id}/closures?practitioner_id=${practitionerId}`, admin.token);
    expect(stored.body.items).toEqual([
      expect.objectContaining({ practitioner_id: practitionerId, starts_on: day, ends_on: day, start_time: '14:00', end_time: '18:00', whole_days: false, reason: 'Formation' }),
    ]);

    // Google Calendar: this installation has no Google settings, so there is nothing to connect.
    const calendar = page.getByRole('region', { name: 'Google Agenda' });
    await calendar.getByText('Non configuré').waitFor();
    await calendar.getByText("Google Agenda n’est pas configuré sur cette installation").waitFor();
    await expect(calendar.getByRole('button', { name: /Connecter Google Agenda/ }).count()).resolves.toBe(0);
    await screenshot(page, 'practitioners-detail');

    // Overlapping ranges on Monday: the API refuses them, its message is shown, nothing changes.
    await monday.getByRole('button', { name: 'Ajouter une plage le lundi' }).click();
    await monday.getByLabel('Début').nth(2).fill('12:00');
    await monday.getByLabel('Fin').nth(2).fill('15:00');
    await hours.getByRole('button', { name: 'Enregistrer les horaires' }).click();
    const refusal = hours.getByRole('alert');
    await refusal.getByText('Deux plages du même jour se chevauchent').waitFor();
    await expect(refusal.textContent()).resolves.toMatch(/overlap/i);
    await hours.scrollIntoViewIfNeeded();
    await screenshot(page, 'practitioners-hours-overlap');
    expect((await api.get<PractitionerDetail>(detailPath, admin.token)).body.working_hours).toHaveLength(3);

    // A tablet-width screen.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.reload();
    await page.getByRole('heading', { name: 'Claire Martin', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Horaires de la semaine' }).getByRole('group', { name: 'lundi' }).getByLabel('Début').nth(1).waitFor();
    await screenshot(page, 'practitioners-detail-768');
  });

  it('finds practitioners by name and activity, shows Google\'s return, deactivates after a confirmation, and speaks English', async () => {
    const created = await api.post<{ id: string }>(`/api/clinics/${clinic.id}/practitioners`, { first_name: 'Hugo', last_name: 'Bernard', specialty: 'Orthodontiste' }, admin.token);
    expect(created.status).toBe(201);
    expect((await api.post(`/api/clinics/${clinic.id}/practitioners`, { first_name: 'Inès', last_name: 'Morel' }, admin.token)).status).toBe(201);
    expect((await api.post(`/api/clinics/${clinic.id}/treatments`, { name: { fr: 'Bilan', en: 'Check-up' }, duration_minutes: 20 }, admin.token)).status).toBe(201);
    await signIn();

    await page.goto(url(`/clinics/${clinic.id}/practitioners`));
    await page.getByRole('row', { name: /Hugo Bernard/ }).waitFor();
    await page.getByLabel('Rechercher un praticien').fill('berna');
    await page.getByRole('row', { name: /Hugo Bernard/ }).waitFor();
    await page.getByRole('row', { name: /Inès Morel/ }).waitFor({ state: 'detached' });
    await page.getByLabel('Rechercher un praticien').fill('zzz');
    await page.getByText('Aucun praticien ne correspond.').waitFor();
    await page.getByLabel('Rechercher un praticien').fill('');
    await page.getByRole('row', { name: /Inès Morel/ }).waitFor();
    await screenshot(page, 'practitioners-list');

    // Google's return after consent, refused.
    await page.goto(url(`/clinics/${clinic.id}/practitioners/${created.body.id}?calendar=denied`));
    await page.getByRole('alert').getByText('La connexion à Google Agenda a été refusée').waitFor();
    await page.getByRole('button', { name: 'Fermer' }).click();
    await page.waitForURL((current) => !current.search.includes('calendar='));

    // Deactivation asks first.
    const profile = page.getByRole('region', { name: 'Profil' });
    await profile.getByRole('button', { name: 'Désactiver' }).click();
    await profile.getByRole('button', { name: 'Annuler' }).click();
    expect((await api.get<PractitionerDetail>(`/api/clinics/${clinic.id}/practitioners/${created.body.id}`, admin.token)).body.is_active).toBe(true);
    await profile.getByRole('button', { name: 'Désactiver' }).click();
    await profile.getByRole('button', { name: 'Oui, désactiver' }).click();
    await profile.getByRole('button', { name: 'Réactiver' }).waitFor();
    expect((await api.get<PractitionerDetail>(`/api/clinics/${clinic.id}/practitioners/${created.body.id}`, admin.token)).body.is_active).toBe(false);

    await page.goto(url(`/clinics/${clinic.id}/practitioners`));
    await page.getByRole('row', { name: /Inès Morel/ }).waitFor();
    await expect(page.getByRole('row', { name: /Hugo Bernard/ }).count()).resolves.toBe(0);
    await page.getByLabel('Afficher').selectOption('false');
    await page.getByRole('row', { name: /Hugo Bernard.*Inactif/ }).waitFor();

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Practitioners', level: 1 }).waitFor();
    await page.getByRole('row', { name: /Hugo Bernard.*Inactive/ }).waitFor();
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Treatments' }).click();
    await page.getByRole('row', { name: /Check-up/ }).waitFor();
  });
});
