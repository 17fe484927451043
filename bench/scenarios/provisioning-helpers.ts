import { performance } from 'node:perf_hooks';
import type { INestApplicationContext } from '@nestjs/common';
import type { ClinicProfileFields, DatabaseServerCredentials } from '@sophie/registry';
import { DatabaseServersService } from '@sophie/registry';
import { ClinicTemplateService, MAINTENANCE_DB, mapWithConcurrency, ProvisioningService, withAdminClient } from '@sophie/tenancy';

/** Helpers shared by the provisioning and migrate-all scenarios. */

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : 'n/a');
export const seconds = (valueMs: number): string => `${(valueMs / 1000).toFixed(1)} s`;

/** A clinic profile as the API's POST fills it in. */
export function benchProfile(i: number): ClinicProfileFields {
  return {
    name: `Bench clinic ${i}`,
    timezone: 'Europe/Paris',
    defaultLanguage: 'fr',
    phone: '+33100000000',
    address: `${i} rue de la Paix, Paris`,
    email: `clinic${i}@example.test`,
    website: null,
    openingHours: null,
    emergencyMessage: null,
    onboardingFormUrl: null,
  };
}

/** The product services the two scenarios drive, from the installation's own Nest application. */
export interface ProvisioningParts {
  provisioning: ProvisioningService;
  templates: ClinicTemplateService;
  /** The one database server of the installation, with its admin credentials. */
  server: DatabaseServerCredentials;
}

export async function provisioningParts(app: INestApplicationContext): Promise<ProvisioningParts> {
  const servers = app.get(DatabaseServersService, { strict: false });
  const placement = await servers.pickForNewClinic();
  if (!placement) throw new Error('No database server accepts new clinics');
  return {
    provisioning: app.get(ProvisioningService, { strict: false }),
    templates: app.get(ClinicTemplateService, { strict: false }),
    server: await servers.credentials(placement.id),
  };
}

/** The template database's oid and comment (a rebuild drops and recreates it: a new oid). */
export async function templateState(parts: ProvisioningParts): Promise<{ oid: string | null; current: boolean }> {
  const current = await parts.templates.isCurrent(parts.server);
  const oid = await withAdminClient(parts.server, MAINTENANCE_DB, async (c) => {
    const rows = await c.query<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = $1', [parts.templates.templateName]);
    return rows.rows[0]?.oid ?? null;
  });
  return { oid, current };
}

/** Builds the server's template now (the first provisioning of an installation would otherwise migrate from scratch). */
export async function ensureTemplate(parts: ProvisioningParts): Promise<number> {
  const started = performance.now();
  await parts.templates.refresh(parts.server);
  if (!(await parts.templates.isCurrent(parts.server))) throw new Error('The clinic template is not current after a refresh');
  return performance.now() - started;
}

/**
 * Provisions `count` clinics through ProvisioningService, `concurrency` at a time, every one from
 * the template (checked); returns their ids in order.
 */
export async function provisionMany(
  parts: ProvisioningParts,
  count: number,
  concurrency: number,
  onDone?: (done: number) => void,
  firstIndex = 1,
): Promise<string[]> {
  let done = 0;
  const indexes = Array.from({ length: count }, (_, i) => firstIndex + i);
  return mapWithConcurrency(indexes, concurrency, async (i) => {
    const { clinic, fromTemplate } = await parts.provisioning.provision(benchProfile(i));
    if (!fromTemplate) throw new Error(`Clinic ${i} was migrated from scratch: the template was not current`);
    done += 1;
    onDone?.(done);
    return clinic.id;
  });
}

