import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchChromium, screenshot } from './support/browser';
import { TestApp } from './support/test-app';
import { SUPERADMIN_PASSWORD } from './support/test-env';

interface Server {
  id: string;
  name: string;
  host: string;
  port: number;
  status: 'accepting' | 'draining';
  capacity: number;
  clinics: number;
  room: number;
  is_primary: boolean;
}

interface ClinicRecord {
  id: string;
  name: string;
  status: string;
  decommissioned_at: string | null;
  final_export_path: string | null;
  final_export_sha256: string | null;
}

const ERROR_SHAPE = { statusCode: expect.any(Number), error: expect.any(String), code: expect.any(String), message: expect.any(String), requestId: expect.any(String) };

/**
 * The superadmin's database servers page and a clinic's decommissioning in Chromium, against the real API and
 * PostgreSQL (a real final export with pg_dump, into this file's own data folder). The steps run in order on one
 * signed-in page, as a superadmin would go through them.
 */
describe('Admin dashboard: database servers and decommissioning a clinic', () => {
  let api: TestApp;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let superToken: string;
  let primary: Server;
  let closing: { id: string; name: string };

  const url = (p: string): string => `${api.baseUrl}/admin${p}`;
  const servers = async (): Promise<Server[]> => (await api.get<Server[]>('/api/superadmin/servers', superToken)).body;
  const primaryNow = async (): Promise<Server> => (await servers()).find((s) => s.id === primary.id)!;
  const setStatus = (status: Server['status']) => api.patch(`/api/superadmin/servers/${primary.id}`, { status }, superToken);
  const focused = async (locator: ReturnType<Page['locator']>): Promise<boolean> => (await page.evaluate('document.activeElement?.id')) === (await locator.getAttribute('id'));
  const primaryRow = () => page.getByRole('row', { name: new RegExp(primary.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-admin-servers-'));
    api = await TestApp.start({ DATA_DIR: dataDir });
    browser = await launchChromium();
    superToken = await api.superadminToken();
    await api.provisionClinic(superToken, { name: 'Clinique des Pins', timezone: 'Europe/Paris' });
    closing = await api.provisionClinic(superToken, { name: 'Clinique du Lac', timezone: 'Europe/Paris' });
    expect((await api.patch(`/api/superadmin/clinics/${closing.id}`, { is_active: false }, superToken)).status).toBe(200);
    const all = await servers();
    expect(all).toHaveLength(1);
    primary = all[0];

    context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
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
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lists the primary server with its address, status, capacity, clinics and room, in French and English', async () => {
    expect(primary).toMatchObject({ is_primary: true, status: 'accepting', clinics: 2, room: primary.capacity - 2 });
    await page.getByRole('navigation').getByRole('link', { name: 'Serveurs' }).click();
    await page.waitForURL(/\/admin\/superadmin\/servers$/);
    await page.getByRole('heading', { name: 'Serveurs de bases de données', level: 1 }).waitFor();
    await page.getByText('Ajouter un serveur demande le mot de passe de son administrateur').waitFor();

    const row = primaryRow();
    await row.getByText('Ouvert', { exact: true }).waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    expect(cells).toEqual([`${primary.host}:${primary.port}`, 'Ouvert', expect.stringContaining(String(primary.capacity)), '2', String(primary.capacity - 2), 'Oui', 'Mettre en retrait']);
    // The table fits a 1024-pixel-wide screen: nothing to scroll sideways.
    await expect(page.evaluate("(() => { const box = document.querySelector('.superadmin-table-scroll'); return box.scrollWidth <= box.clientWidth; })()")).resolves.toBe(true);
    await row.getByRole('rowheader', { name: primary.name }).waitFor();
    await screenshot(page, 'superadmin-servers');

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Database servers', level: 1 }).waitFor();
    await row.getByText('Accepting', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Drain ${primary.name}` }).waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Serveurs de bases de données', level: 1 }).waitFor();
  });

  it('drains the server after a confirmation (provisioning then answers 503 NO_DATABASE_SERVER), then opens it again', async () => {
    try {
      const row = primaryRow();
      await row.getByRole('button', { name: `Mettre en retrait ${primary.name}` }).click();
      const dialog = page.getByRole('dialog', { name: `Mettre « ${primary.name} » en retrait ?` });
      await dialog.getByText('Il continue de servir ses 2 cliniques').waitFor();
      // Cancel has the focus: Enter never drains by accident; Escape cancels.
      await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Annuler');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect((await primaryNow()).status).toBe('accepting');

      await row.getByRole('button', { name: `Mettre en retrait ${primary.name}` }).click();
      await dialog.getByRole('button', { name: 'Mettre en retrait', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await row.getByText('En retrait', { exact: true }).waitFor();
      await page.getByRole('status').getByText(`« ${primary.name} » est en retrait : il ne reçoit plus de nouvelles cliniques.`).waitFor();
      await page.getByText("Aucun serveur n'accepte de nouvelle clinique").waitFor();
      expect(await primaryNow()).toMatchObject({ status: 'draining', clinics: 2 });
      await screenshot(page, 'superadmin-servers-draining');

      const refused = await api.post('/api/superadmin/clinics', { name: 'Clinique Refusée', timezone: 'Europe/Paris' }, superToken);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ ...ERROR_SHAPE, statusCode: 503, code: 'NO_DATABASE_SERVER' });

      await row.getByRole('button', { name: `Rouvrir ${primary.name} aux nouvelles cliniques` }).click();
      await page.getByRole('dialog', { name: `Rouvrir « ${primary.name} » aux nouvelles cliniques ?` }).getByRole('button', { name: 'Rouvrir', exact: true }).click();
      await row.getByText('Ouvert', { exact: true }).waitFor();
      await page.getByRole('status').getByText(`« ${primary.name} » est rouvert : il accepte à nouveau des cliniques.`).waitFor();
      await expect(page.getByText("Aucun serveur n'accepte de nouvelle clinique").count()).resolves.toBe(0);
      expect((await primaryNow()).status).toBe('accepting');
    } finally {
      if ((await primaryNow()).status !== 'accepting') expect((await setStatus('accepting')).status).toBe(200);
    }
  });

  it("changes a server's capacity in place, showing the API's error (message, code, request id) when it fails", async () => {
    const row = primaryRow();
    const failing = `${api.baseUrl}/api/superadmin/servers/${primary.id}`;
    // One answer in the API's error shape, as an unavailable registry would give it, to see how the page shows it.
    const failOnce = async (route: Route): Promise<void> => {
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, error: 'Service Unavailable', code: 'DATABASE_UNAVAILABLE', message: 'The registry database is unavailable', requestId: 'req-test-42' }),
      });
    };
    await page.route(failing, failOnce, { times: 1 });
    await row.getByRole('button', { name: `Modifier la capacité de ${primary.name}` }).click();
    const input = row.getByLabel(`Capacité de ${primary.name}`);
    expect(await focused(input)).toBe(true);
    await input.fill('40');
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    const alert = row.getByRole('alert');
    await alert.getByText('The registry database is unavailable').waitFor();
    await alert.getByText('DATABASE_UNAVAILABLE · demande req-test-42').waitFor();
    expect((await primaryNow()).capacity).toBe(primary.capacity);

    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').getByText(`Capacité de « ${primary.name} » : 40.`).waitFor();
    expect(await primaryNow()).toMatchObject({ capacity: 40, room: 38 });
    await expect(row.getByRole('cell').nth(4).innerText()).resolves.toBe('38');

    expect((await api.patch(`/api/superadmin/servers/${primary.id}`, { capacity: primary.capacity }, superToken)).status).toBe(200);
  });

  it('decommissions a suspended clinic through the dialog, enabled only by its exact name, showing its progress once', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Cliniques' }).click();
    await page.getByRole('link', { name: 'Clinique du Lac' }).click();
    await page.waitForURL(new RegExp(`/admin/superadmin/clinics/${closing.id}$`));
    await page.getByText('Cette clinique est suspendue').waitFor();

    await page.getByRole('button', { name: 'Mettre hors service', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Mettre « Clinique du Lac » hors service ?' });
    await dialog.getByText('un export final de sa base est écrit dans le dossier des sauvegardes').waitFor();
    await dialog.getByText('sa base de données et son rôle PostgreSQL sont supprimés').waitFor();
    await dialog.getByText('ses utilisateurs sont désactivés').waitFor();
    const name = dialog.getByLabel('Saisissez le nom exact de la clinique pour confirmer');
    const confirm = dialog.getByRole('button', { name: 'Mettre hors service', exact: true });
    // The name field has the focus; the button stays disabled until the exact name is there.
    expect(await focused(name)).toBe(true);
    expect(await confirm.isDisabled()).toBe(true);
    for (const wrong of ['clinique du lac', 'Clinique du Lac ', 'Clinique du La']) {
      await name.fill(wrong);
      expect(await confirm.isDisabled()).toBe(true);
    }
    await name.press('Enter');
    await name.fill('Clinique du Lac');
    expect(await confirm.isEnabled()).toBe(true);
    await screenshot(page, 'superadmin-clinic-decommission');

    // Hold the call until its progress has been seen, and count the calls: one only, whatever is pressed meanwhile.
    const decommissionUrl = `${api.baseUrl}/api/superadmin/clinics/${closing.id}/decommission`;
    let calls = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(decommissionUrl, async (route) => {
      calls += 1;
      await released;
      await route.continue();
    });
    const answered = page.waitForResponse((response) => response.url() === decommissionUrl);
    await confirm.click();
    await dialog.getByRole('button', { name: 'Mise hors service en cours…' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Mise hors service en cours…' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Annuler' }).isDisabled()).toBe(true);
    await dialog.getByRole('status').getByText('cela peut prendre quelques secondes').waitFor();
    await name.press('Enter');
    await page.keyboard.press('Escape');
    await screenshot(page, 'superadmin-clinic-decommissioning');
    release();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(calls).toBe(1);
    await page.unroute(decommissionUrl);

    await dialog.waitFor({ state: 'hidden' });
    const record = (await api.get<ClinicRecord>(`/api/superadmin/clinics/${closing.id}`, superToken)).body;
    expect(record).toMatchObject({ status: 'decommissioned', decommissioned_at: expect.any(String) as string, final_export_path: expect.any(String) as string });
    expect(record.final_export_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(record.final_export_path!)).isDirectory()).toBe(true);
    expect(record.final_export_path!.startsWith(dataDir)).toBe(true);

    const tombstone = page.getByRole('region', { name: 'Mise hors service', exact: true });
    await page.getByRole('status').getByText('Clinique « Clinique du Lac » mise hors service.').waitFor();
    await tombstone.getByText('Hors service', { exact: true }).waitFor();
    await tombstone.getByText(record.final_export_path!, { exact: true }).waitFor();
    await tombstone.getByText(record.final_export_sha256!, { exact: true }).waitFor();
    // The focus goes to what stays of the clinic (the button that opened the dialog is gone).
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Mise hors service');
    await screenshot(page, 'superadmin-clinic-decommissioned');
  });

  it("shows a decommissioned clinic's tombstone on a fresh load, with no actions, and the server's count down by one", async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Clinique du Lac', level: 1 }).waitFor();
    const tombstone = page.getByRole('region', { name: 'Mise hors service', exact: true });
    await tombstone.getByText('Hors service', { exact: true }).waitFor();
    const record = (await api.get<ClinicRecord>(`/api/superadmin/clinics/${closing.id}`, superToken)).body;
    const facts = await tombstone.locator('dd').allInnerTexts();
    expect(facts[0]).toBe('Hors service');
    expect(facts[1]).not.toBe('—');
    expect(facts.slice(2)).toEqual([record.final_export_path, record.final_export_sha256]);
    await page.getByRole('region', { name: 'Profil', exact: true }).getByText('Clinique du Lac').waitFor();
    // No actions: nothing to press but the navigation and the language.
    await expect(page.getByRole('main').getByRole('button').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Administrateurs de la clinique' }).count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Configuration WhatsApp' }).count()).resolves.toBe(0);

    await page.getByLabel('Langue').selectOption('en');
    const english = page.getByRole('region', { name: 'Decommissioning', exact: true });
    await english.getByText('Decommissioned', { exact: true }).waitFor();
    await english.getByText('SHA-256 of the export').waitFor();
    await page.getByLabel('Language').selectOption('fr');

    await page.getByRole('navigation').getByRole('link', { name: 'Serveurs' }).click();
    const cells = primaryRow().getByRole('cell');
    await cells.nth(3).getByText('1', { exact: true }).waitFor();
    expect(await primaryNow()).toMatchObject({ clinics: 1, status: 'accepting' });
  });
});
