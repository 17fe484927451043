import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { TestApp } from './support/test-app';
import { SUPERADMIN_PASSWORD } from './support/test-env';

/**
 * The admin dashboard in a real browser (Debian's Chromium) against the real server and PostgreSQL: the built
 * SPA served at /admin, sessions, the superadmin's clinics, a clinic's day.
 */
describe('Admin dashboard in Chromium', () => {
  let api: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const url = (path: string): string => `${api.baseUrl}/admin${path}`;

  async function signIn(username: string, password: string): Promise<void> {
    await page.goto(url('/login'));
    await page.getByLabel("Nom d'utilisateur").fill(username);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  beforeAll(async () => {
    api = await TestApp.start();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.destroy();
  });

  it('serves the dashboard at /admin, with deep links that survive a reload and no caching of the page', async () => {
    const res = await api.request('GET', '/admin/superadmin/clinics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await api.request('GET', '/admin/assets/missing.js')).status).toBe(404);

    await page.goto(url('/superadmin/clinics'));
    await page.waitForURL(/\/admin\/login$/);
    await expect(page.getByRole('heading', { name: 'Connexion' }).isVisible()).resolves.toBe(true);
  });

  it('lets the superadmin sign in, create a clinic with the seed\'s form, and find it in the list; a reload keeps the session', async () => {
    await signIn(api.config.superadminUsername, SUPERADMIN_PASSWORD);
    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
    await page.getByRole('heading', { name: 'Cliniques' }).waitFor();
    await screenshot(page, 'superadmin-clinics');

    await page.getByRole('link', { name: 'Nouvelle clinique' }).click();
    await page.getByLabel('Nom de la clinique').fill('Cabinet des Lilas');
    await page.getByLabel('Fuseau horaire').selectOption('Europe/Zurich');
    await page.getByLabel('Téléphone').fill('+41 22 555 12 12');
    await page.getByLabel('Adresse').fill('12 rue des Lilas, Genève');
    await page.getByLabel('E-mail').fill('accueil@lilas.example');
    await page.getByLabel('Site web').fill('https://lilas.example');
    await page.getByLabel("Horaires d'ouverture").fill('Lun-Ven 8h-18h');
    await page.getByLabel("Message d'urgence").fill('En cas d’urgence, appelez le 144.');
    await page.getByLabel('Langue par défaut').selectOption('fr');
    await screenshot(page, 'superadmin-new-clinic');
    await page.getByRole('button', { name: 'Créer' }).click();

    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
    const row = page.getByRole('row', { name: /Cabinet des Lilas/ });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Europe\/Zurich/);
    const created = (await api.get<{ items: Array<{ name: string; timezone: string; opening_hours: string | null; default_language: string }> }>('/api/superadmin/clinics?limit=100', await api.superadminToken())).body.items.find(
      (c) => c.name === 'Cabinet des Lilas',
    );
    expect(created).toMatchObject({ timezone: 'Europe/Zurich', opening_hours: 'Lun-Ven 8h-18h', default_language: 'fr' });

    await page.reload();
    await page.getByRole('row', { name: /Cabinet des Lilas/ }).waitFor();
    expect(page.url()).toMatch(/\/admin\/superadmin\/clinics$/);
    expect(page.url()).not.toMatch(/token|password/i);
  });

  it('returns to the login page with a message when the session has expired, and back to the page asked for after signing in', async () => {
    await signIn(api.config.superadminUsername, SUPERADMIN_PASSWORD);
    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
    // The stored session's expiry moved into the past, as if the tab had stayed open past it.
    await page.evaluate(`(() => {
      const stored = JSON.parse(sessionStorage.getItem('sophie.session'));
      sessionStorage.setItem('sophie.session', JSON.stringify({ ...stored, expiresAt: Date.now() - 1000 }));
    })()`);
    await page.goto(url('/superadmin/clinics/new'));
    await page.waitForURL(/\/admin\/login$/);
    await page.getByText('Votre session a expiré').waitFor();
    await screenshot(page, 'login-expired');

    await page.getByLabel("Nom d'utilisateur").fill(api.config.superadminUsername);
    await page.getByLabel('Mot de passe').fill(SUPERADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/admin\/superadmin\/clinics\/new$/);
  });

  it('refuses a wrong password with a clear message, and switches to English', async () => {
    await signIn(api.config.superadminUsername, 'not-the-password');
    await page.getByRole('alert').getByText("Nom d'utilisateur ou mot de passe incorrect.").waitFor();
    expect(page.url()).toMatch(/\/admin\/login$/);

    await signIn(api.config.superadminUsername, SUPERADMIN_PASSWORD);
    await page.waitForURL(/\/admin\/superadmin\/clinics$/);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Clinics' }).waitFor();
    await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('en');
  });

  it("shows a clinic admin their clinic's day: appointments, conversations waiting, calendars to reconnect", async () => {
    const superToken = await api.superadminToken();
    const clinic = await api.provisionClinic(superToken, { name: 'Clinique du Parc', timezone: 'Europe/Paris' });
    const admin = await api.createClinicAdmin(superToken, clinic.id);
    await signIn(admin.username, admin.password);
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}$`));
    await page.getByRole('heading', { name: /Aujourd'hui · Clinique du Parc/ }).waitFor();
    await page.getByText("Aucun rendez-vous aujourd'hui.").waitFor();
    await page.getByText("Aucune conversation n'attend l'équipe.").waitFor();
    await screenshot(page, 'clinic-today');

    await page.goto(url('/superadmin/clinics'));
    await page.waitForURL(new RegExp(`/admin/clinics/${clinic.id}$`));
  });
});
