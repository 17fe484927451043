import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { TestApp } from './support/test-app';
import { SUPERADMIN_PASSWORD } from './support/test-env';

interface ClinicRecord {
  id: string;
  name: string;
  phone: string | null;
  website: string | null;
  opening_hours: string | null;
  status: string;
  is_active: boolean;
}

interface WhatsAppConfig {
  configured: boolean;
  phone_number_id: string | null;
  verify_token: { is_set: boolean; last4: string | null };
  access_token: { is_set: boolean; last4: string | null };
  webhook_secret: { is_set: boolean; last4: string | null };
  reminder_templates: Record<string, string>;
}

/**
 * The superadmin's clinic page and statistics in Chromium, against the real API and PostgreSQL: profile edits,
 * the clinic's admins (created, then disabled), its WhatsApp channel (secrets write-only), suspension, statistics.
 * The steps run in order on one signed-in page, as a superadmin would go through them.
 */
describe('Admin dashboard: a clinic as the superadmin manages it', () => {
  let api: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let superToken: string;
  let clinic: { id: string; name: string };
  let closed: { id: string; name: string };

  const url = (path: string): string => `${api.baseUrl}/admin${path}`;
  const clinicRecord = async (): Promise<ClinicRecord> => (await api.get<ClinicRecord>(`/api/superadmin/clinics/${clinic.id}`, superToken)).body;
  const region = (name: string) => page.getByRole('region', { name, exact: true });

  beforeAll(async () => {
    api = await TestApp.start();
    browser = await launchChromium();
    superToken = await api.superadminToken();
    clinic = await api.provisionClinic(superToken, { name: 'Clinique des Tilleuls', timezone: 'Europe/Paris', website: 'https://tilleuls.example', phone: '+33 1 00 00 00 00' });
    closed = await api.provisionClinic(superToken, { name: 'Clinique Fermée', timezone: 'Europe/Zurich' });
    expect((await api.patch(`/api/superadmin/clinics/${closed.id}`, { is_active: false }, superToken)).status).toBe(200);

    context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.baseUrl });
    page = await context.newPage();
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(api.config.superadminUsername);
    await page.getByLabel('Mot de passe').fill(SUPERADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.destroy();
  });

  it("opens a clinic's page from the list and edits its profile (an emptied field is cleared)", async () => {
    await page.getByRole('link', { name: 'Clinique des Tilleuls' }).click();
    await page.waitForURL(new RegExp(`/admin/superadmin/clinics/${clinic.id}$`));
    await page.getByRole('heading', { name: 'Clinique des Tilleuls', level: 1 }).waitFor();
    const profile = region('Profil');
    await profile.getByText('https://tilleuls.example').waitFor();
    await screenshot(page, 'superadmin-clinic');

    await profile.getByRole('button', { name: 'Modifier le profil' }).click();
    await profile.getByLabel('Téléphone', { exact: true }).fill('+33 4 78 12 34 56');
    await profile.getByLabel("Horaires d'ouverture").fill('Lun-Sam 8h-19h');
    await profile.getByLabel('Site web').fill('');
    await screenshot(page, 'superadmin-clinic-profile-edit');
    await profile.getByRole('button', { name: 'Enregistrer' }).click();
    await profile.getByText('Profil enregistré.').waitFor();
    await profile.getByText('Lun-Sam 8h-19h').waitFor();

    expect(await clinicRecord()).toMatchObject({ phone: '+33 4 78 12 34 56', opening_hours: 'Lun-Sam 8h-19h', website: null, name: 'Clinique des Tilleuls' });
  });

  it('creates an admin with a generated password, who can then sign in; disabled, they no longer can', async () => {
    const users = region('Administrateurs de la clinique');
    await users.getByText('Aucun administrateur').waitFor();
    await users.getByLabel("Nom d'utilisateur").fill('accueil.tilleuls');
    await users.getByRole('button', { name: 'Générer' }).click();
    const password = await users.getByLabel('Mot de passe', { exact: true }).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await users.getByRole('button', { name: 'Copier' }).click();
    await users.getByText('Copié dans le presse-papiers.').waitFor();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(password);
    await users.getByRole('button', { name: "Créer l'administrateur" }).click();
    await users.getByRole('status').getByText('« accueil.tilleuls »').waitFor();
    const row = users.getByRole('row', { name: /accueil\.tilleuls/ });
    await row.getByText('Actif').waitFor();
    await expect(users.getByLabel('Mot de passe', { exact: true }).inputValue()).resolves.toBe('');
    await screenshot(page, 'superadmin-clinic-users');

    const login = await api.post<{ user: { role: string; clinicId: string } }>('/api/auth/login', { username: 'accueil.tilleuls', password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'ADMIN', clinicId: clinic.id });

    await row.getByRole('button', { name: 'Désactiver accueil.tilleuls' }).click();
    await row.getByText('Désactivé').waitFor();
    await row.getByRole('button', { name: 'Réactiver accueil.tilleuls' }).waitFor();
    expect((await api.post('/api/auth/login', { username: 'accueil.tilleuls', password })).status).toBe(401);
  });

  it('saves the WhatsApp configuration with write-only secrets, and copies the webhook URL for Meta', async () => {
    const whatsapp = region('Configuration WhatsApp');
    const webhook = `${api.baseUrl}/webhook/whatsapp/${clinic.id}`;
    await expect(whatsapp.getByLabel('URL de rappel (webhook) à coller dans Meta').inputValue()).resolves.toBe(webhook);
    await whatsapp.getByRole('button', { name: 'Copier' }).click();
    await whatsapp.getByText('Copié dans le presse-papiers.').waitFor();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(webhook);

    const secrets = { verify: 'tilleuls-verify-token-7Q2', access: 'EAAGtilleulsAccessToken0123456789xyzW', app: 'tilleuls-app-secret-5f2b9c1d' };
    await whatsapp.getByText("WhatsApp n'est pas encore configuré").waitFor();
    await whatsapp.getByLabel('Identifiant du numéro de téléphone (Meta)').fill('106540352242922');
    await whatsapp.getByLabel('Jeton de vérification du webhook').fill(secrets.verify);
    await whatsapp.getByLabel("Jeton d'accès permanent (utilisateur système)").fill(secrets.access);
    await whatsapp.getByLabel("Clé secrète de l'application Meta").fill(secrets.app);
    await whatsapp.getByLabel('Modèle de rappel (Français)').fill('rappel_rdv');
    await whatsapp.getByLabel('Modèle de rappel (English)').fill('appointment_reminder');
    await whatsapp.getByRole('button', { name: 'Enregistrer' }).click();
    await whatsapp.getByText('Configuration WhatsApp enregistrée.').waitFor();
    await whatsapp.getByText(`Enregistré, se termine par …${secrets.access.slice(-4)}`).waitFor();
    await whatsapp.getByText(`Enregistré, se termine par …${secrets.app.slice(-4)}`).waitFor();
    await screenshot(page, 'superadmin-clinic-whatsapp');

    const stored = await api.get<WhatsAppConfig>(`/api/clinics/${clinic.id}/whatsapp`, superToken);
    expect(stored.body).toMatchObject({
      configured: true,
      phone_number_id: '106540352242922',
      verify_token: { is_set: true, last4: secrets.verify.slice(-4) },
      access_token: { is_set: true, last4: secrets.access.slice(-4) },
      webhook_secret: { is_set: true, last4: secrets.app.slice(-4) },
      reminder_templates: { fr: 'rappel_rdv', en: 'appointment_reminder' },
    });
    // Never shown back: neither in the page's text, nor in its fields, nor in its markup.
    const shown = String(await page.evaluate(`document.body.innerText + ' ' + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join(' ') + document.documentElement.outerHTML`));
    for (const secret of Object.values(secrets)) expect(shown).not.toContain(secret);
    expect(page.url()).not.toMatch(/token|secret|password/i);

    // Saved again with the secrets left empty: the stored ones are kept.
    await whatsapp.getByLabel('Modèle de rappel (Deutsch)').fill('termin_erinnerung');
    const put = page.waitForResponse((response) => response.url().endsWith(`/api/clinics/${clinic.id}/whatsapp`) && response.request().method() === 'PUT');
    await whatsapp.getByRole('button', { name: 'Enregistrer' }).click();
    expect((await put).status()).toBe(200);
    await whatsapp.getByText('Configuration WhatsApp enregistrée.').waitFor();
    const again = await api.get<WhatsAppConfig>(`/api/clinics/${clinic.id}/whatsapp`, superToken);
    expect(again.body.access_token).toEqual({ is_set: true, last4: secrets.access.slice(-4) });
    expect(again.body.reminder_templates).toEqual({ fr: 'rappel_rdv', en: 'appointment_reminder', de: 'termin_erinnerung' });
  });

  it('suspends the clinic after a confirmation, then reactivates it', async () => {
    await page.getByRole('button', { name: 'Suspendre la clinique' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspendre « Clinique des Tilleuls » ?' });
    await dialog.waitFor();
    await screenshot(page, 'superadmin-clinic-suspend');
    // Escape cancels: nothing changes.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await clinicRecord()).status).toBe('active');

    await page.getByRole('button', { name: 'Suspendre la clinique' }).click();
    await dialog.getByRole('button', { name: 'Suspendre', exact: true }).click();
    await page.getByRole('button', { name: 'Réactiver la clinique' }).waitFor();
    await page.getByText('Cette clinique est suspendue').waitFor();
    await region('Configuration WhatsApp').getByText('La clinique est suspendue').waitFor();
    expect(await clinicRecord()).toMatchObject({ status: 'suspended', is_active: false });
    await screenshot(page, 'superadmin-clinic-suspended');

    await page.getByRole('button', { name: 'Réactiver la clinique' }).click();
    await page.getByRole('dialog', { name: 'Réactiver « Clinique des Tilleuls » ?' }).getByRole('button', { name: 'Réactiver', exact: true }).click();
    await page.getByRole('button', { name: 'Suspendre la clinique' }).waitFor();
    await region('Configuration WhatsApp').getByLabel('Identifiant du numéro de téléphone (Meta)').waitFor();
    expect(await clinicRecord()).toMatchObject({ status: 'active', is_active: true });
  });

  it('fits a tablet-width screen', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.reload();
    await page.getByRole('heading', { name: 'Clinique des Tilleuls', level: 1 }).waitFor();
    await region('Configuration WhatsApp').getByLabel('Identifiant du numéro de téléphone (Meta)').waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(768);
    await screenshot(page, 'superadmin-clinic-tablet');
    await page.setViewportSize({ width: 1024, height: 900 });
  });

  it('shows global statistics with every clinic, unavailable ones marked, in French and English', async () => {
    await page.getByRole('link', { name: 'Statistiques' }).click();
    await page.waitForURL(/\/admin\/superadmin\/stats$/);
    await page.getByRole('heading', { name: 'Statistiques', level: 1 }).waitFor();
    const open = page.getByRole('row', { name: /Clinique des Tilleuls/ });
    await open.getByText('Disponible', { exact: true }).waitFor();
    const suspended = page.getByRole('row', { name: /Clinique Fermée/ });
    await suspended.getByText('Indisponible').waitFor();
    await page.getByText('Cliniques indisponibles (suspendues ou sans réponse) : 1.').waitFor();
    const totals = page.getByRole('list', { name: 'Totaux' });
    await expect(totals.getByRole('listitem').filter({ hasText: 'Cliniques' }).textContent()).resolves.toMatch(/^2/);
    await screenshot(page, 'superadmin-stats');

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();
    await suspended.getByText('Unavailable').waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Statistiques', level: 1 }).waitFor();
  });
});
