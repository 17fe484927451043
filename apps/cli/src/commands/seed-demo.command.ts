import { randomBytes, randomInt } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { SuperadminClinicsService } from '@sophie/clinics';
import { PractitionersService, PractitionerTreatmentsService, TreatmentsService, WorkingHoursService } from '@sophie/practitioners';
import { generatePassword } from '@sophie/registry';
import { TenantContext } from '@sophie/tenancy';
import { WhatsAppConfigService } from '@sophie/whatsapp';
import { CliContext, writeLine } from '../cli-context';
import { CLI_ACTOR } from './cli-actor';
import { validClinicForm } from './clinics.command';
import { DEMO_CLINIC_NAME, DEMO_PRACTITIONERS, DEMO_PROFILE, DEMO_TREATMENTS, DemoTreatmentKey } from './demo-clinic';
import { DEFAULT_CHAT_PHONE, defaultApiUrl, defaultGraphUrl } from '../chat/chat-defaults';

export interface SeedDemoOptions {
  name?: string;
}

const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * `seed-demo`: a demo clinic made the way the API makes one (provisioning, then the clinic's own services inside its
 * scope): profile, an admin, practitioners, treatments, who offers what, weekly hours, and a WhatsApp configuration
 * with generated secrets, so that `chat` can sign webhooks for it. Every run makes a new clinic.
 */
export async function seedDemoCommand(ctx: CliContext, options: SeedDemoOptions): Promise<number> {
  const { stdout } = ctx.io;
  const suffix = randomBytes(3).toString('hex');
  const form = validClinicForm(ctx, { ...DEMO_PROFILE, name: `${options.name ?? DEMO_CLINIC_NAME} ${suffix}` });
  if (!form) return 2;
  const clinics = ctx.app.get(SuperadminClinicsService);
  const clinic = await clinics.create(form, CLI_ACTOR);
  writeLine(stdout, `Demo clinic provisioned: ${clinic.id} (${clinic.name}), ${clinic.timezone}`);

  const username = `admin@demo-${suffix}`;
  const password = generatePassword(username);
  await clinics.createUser(clinic.id, username, password, CLI_ACTOR);
  writeLine(stdout, `Clinic admin: ${username}`);
  writeLine(stdout, `Password (shown once): ${password}`);

  const summary = await ctx.app.get(TenantContext).runForClinic(clinic.id, () => fillClinic(ctx.app));
  for (const line of summary) writeLine(stdout, line);

  const api = defaultApiUrl(ctx.io.env);
  writeLine(stdout);
  writeLine(stdout, 'Next, each in its own terminal (skip what already runs):');
  writeLine(stdout, `  npm run fake:meta`);
  writeLine(stdout, `  META_GRAPH_URL=${defaultGraphUrl(ctx.io.env)} npm start`);
  writeLine(stdout, `  npm run cli -- chat --clinic ${clinic.id} --phone ${DEFAULT_CHAT_PHONE}`);
  writeLine(stdout, `Dashboard: log in at ${api}/api/auth/login as ${username}.`);
  writeLine(stdout, 'Running seed-demo again makes another demo clinic (another suffix); this one is left as it is.');
  return 0;
}

/** Treatments, practitioners, their offers and weeks, then the WhatsApp configuration, in the current clinic's scope. */
async function fillClinic(app: INestApplicationContext): Promise<string[]> {
  const lines: string[] = [];
  const treatments = app.get(TreatmentsService);
  const ids = new Map<DemoTreatmentKey, string>();
  lines.push('Treatments:');
  for (const t of DEMO_TREATMENTS) {
    const created = await treatments.create(
      { name: t.name, duration_minutes: t.durationMinutes, buffer_before_minutes: t.bufferBeforeMinutes, buffer_after_minutes: t.bufferAfterMinutes },
      CLI_ACTOR,
    );
    ids.set(t.key, created.id);
    lines.push(`  ${t.name.fr} / ${t.name.en}: ${t.durationMinutes} min (buffers ${t.bufferBeforeMinutes}+${t.bufferAfterMinutes} min)`);
  }

  const practitioners = app.get(PractitionersService);
  const offers = app.get(PractitionerTreatmentsService);
  const hours = app.get(WorkingHoursService);
  lines.push('Practitioners:');
  for (const p of DEMO_PRACTITIONERS) {
    const created = await practitioners.create({ first_name: p.firstName, last_name: p.lastName, specialty: p.specialty }, CLI_ACTOR);
    const offered = await offers.replace(
      created.id,
      { treatments: p.offers.map((o) => ({ treatment_id: ids.get(o.treatment) as string, duration_minutes: o.durationMinutes ?? null })) },
      CLI_ACTOR,
    );
    const week = await hours.replace(created.id, { ranges: [...p.week] }, CLI_ACTOR);
    const days = [...new Set(week.map((r) => r.weekday))].map((d) => `${WEEKDAY_NAMES[d]} ${week.filter((r) => r.weekday === d).map((r) => `${r.start}-${r.end}`).join(', ')}`);
    lines.push(`  ${p.firstName} ${p.lastName} (${p.specialty}): ${offered.map((o) => `${o.name.fr} ${o.duration_minutes} min`).join(', ')}`);
    lines.push(`    ${compactWeek(days)}`);
  }

  const phoneNumberId = String(randomInt(1, 10)) + Array.from({ length: 14 }, () => randomInt(0, 10)).join('');
  await app.get(WhatsAppConfigService).put(
    {
      phone_number_id: phoneNumberId,
      verify_token: randomBytes(18).toString('base64url'),
      access_token: `EAAG${randomBytes(32).toString('base64url')}`,
      webhook_secret: randomBytes(24).toString('hex'),
    },
    CLI_ACTOR,
  );
  lines.push(`WhatsApp: phone number id ${phoneNumberId}; verify token, access token and app secret generated and sealed in the clinic database`);
  return lines;
}

/** "Mon 09:00-12:30, 14:00-18:30" repeated for each weekday is shown once as "Mon-Fri …". */
function compactWeek(days: string[]): string {
  const out: string[] = [];
  for (const day of days) {
    const [name, ...rest] = day.split(' ');
    const hours = rest.join(' ');
    const last = out[out.length - 1];
    const match = last ? /^(\w+)(?:-(\w+))? (.*)$/.exec(last) : null;
    if (match && match[3] === hours && WEEKDAY_NAMES.indexOf(name) === WEEKDAY_NAMES.indexOf(match[2] ?? match[1]) + 1) {
      out[out.length - 1] = `${match[1]}-${name} ${hours}`;
    } else {
      out.push(day);
    }
  }
  return out.join('; ');
}
