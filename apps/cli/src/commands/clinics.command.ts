import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import Table from 'cli-table3';
import { ClinicLifecycleService, CreateClinicDto, SuperadminClinicsService } from '@sophie/clinics';
import { ClinicRegistryService } from '@sophie/registry';
import { CliContext, writeLine } from '../cli-context';
import { CLI_ACTOR } from './cli-actor';

/** `clinics list`: every clinic with its status and schema version. */
export async function listClinicsCommand(ctx: CliContext): Promise<number> {
  const registry = ctx.app.get(ClinicRegistryService);
  const table = new Table({ head: ['id', 'name', 'status', 'time zone', 'schema version', 'created'], style: { head: [], border: [] } });
  let offset = 0;
  let total = 0;
  for (;;) {
    const page = await registry.list({ limit: 200, offset });
    total = page.total;
    for (const c of page.items) table.push([c.id, c.name, c.status, c.timezone, c.schemaVersion ?? '-', c.createdAt.toISOString()]);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  writeLine(ctx.io.stdout, table.toString());
  writeLine(ctx.io.stdout, `${total} clinics`);
  return 0;
}

/** The clinic form validated as POST /api/superadmin/clinics validates it; null (each problem written to stderr) when invalid. */
export function validClinicForm(ctx: CliContext, fields: Record<string, unknown>): CreateClinicDto | null {
  const dto = plainToInstance(CreateClinicDto, fields);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  for (const error of errors) writeLine(ctx.io.stderr, Object.values(error.constraints ?? {}).join('; '));
  return errors.length > 0 ? null : dto;
}

/** `clinics provision`: the same validation and provisioning as POST /api/superadmin/clinics. */
export async function provisionClinicCommand(ctx: CliContext, fields: Record<string, unknown>): Promise<number> {
  const dto = validClinicForm(ctx, fields);
  if (!dto) return 2;
  const clinic = await ctx.app.get(SuperadminClinicsService).create(dto, CLI_ACTOR);
  writeLine(ctx.io.stdout, `Clinic provisioned: ${clinic.id} (${clinic.name}), schema ${clinic.schemaVersion ?? '-'}`);
  return 0;
}

/** `clinics suspend|reactivate <id>`: as PATCH /api/superadmin/clinics/:id with is_active, audited. */
export async function setClinicActiveCommand(ctx: CliContext, id: string, active: boolean): Promise<number> {
  const clinic = await ctx.app.get(ClinicLifecycleService).setActive(id, active, CLI_ACTOR);
  writeLine(ctx.io.stdout, `Clinic ${clinic.id} (${clinic.name}) is ${clinic.status}.`);
  return 0;
}

/** `clinics decommission <id> --confirm-name <name>`: a verified final export, then its database and role dropped. */
export async function decommissionClinicCommand(ctx: CliContext, id: string, confirmName: string): Promise<number> {
  const clinic = await ctx.app.get(ClinicLifecycleService).decommission(id, confirmName, CLI_ACTOR);
  writeLine(ctx.io.stdout, `Clinic ${clinic.id} (${clinic.name}) is decommissioned: its database and role are dropped, its users disabled.`);
  writeLine(ctx.io.stdout, `Final export: ${clinic.finalExportPath ?? '-'} (sha256 ${clinic.finalExportSha256 ?? '-'}); restore --clinic ${clinic.id} --from <that folder> brings it back.`);
  return 0;
}
