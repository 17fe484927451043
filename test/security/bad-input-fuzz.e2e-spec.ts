import { withAdmin } from '../support/test-env';
import type { ClinicAdmin } from '../support/test-app';
import { TestApp } from '../support/test-app';
import { createPractitioner, createTreatment, dayAhead } from '../support/scheduling';
import { CaseKind, FuzzCase, FuzzCaseBuilder } from './support/fuzz-cases';
import { answerProblem, describeFailure, FuzzTarget, sendCase } from './support/fuzz-client';
import { ApiOperation, labelOf, OpenApiDocument, SchemaResolver } from './support/openapi';

/**
 * Attack suite: bad input generated from the app's own OpenAPI document. For every operation, each body property gets
 * every wrong type, goes missing, or gets huge, empty, out-of-range and impossible values; bodies come malformed, as
 * arrays, with unknown or prototype-polluting properties and under the wrong content types; query and path parameters
 * get wrong types, huge pages, repetitions, traversal and overlong values. Each is sent as a role the guards let
 * through (so validation and services are reached), and a few without a token. No answer is a 5xx, every refusal is
 * in the API's one error shape, a 2xx only where the case names the documented reason, and refused writes write nothing.
 */

/** Routes anyone may call (as in role-matrix.e2e-spec.ts). */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /health', 'GET /ready', 'GET /metrics', 'GET /webhook/whatsapp/{clinicId}', 'POST /webhook/whatsapp/{clinicId}', 'GET /oauth/callback']);
const isPublic = (op: ApiOperation): boolean => PUBLIC.has(labelOf(op));

/** Tables the fuzz may write to on refusals by design: logs of refused webhook calls and the schema's own record. */
const NOT_COUNTED = new Set(['clinic_migrations', 'system_logs']);

/** Operations that replace a whole list: an accepted one (an empty list, say) changes how many rows these tables hold. */
const REPLACES: Record<string, string[]> = {
  'PUT /api/clinics/{clinicId}/practitioners/{practitionerId}/working-hours': ['clinic.working_hours'],
  'PUT /api/clinics/{clinicId}/practitioners/{practitionerId}/treatments': ['clinic.practitioner_treatments'],
  'PUT /api/clinics/{clinicId}/whatsapp': ['clinic.whatsapp_config', 'registry.whatsapp_numbers'],
};

describe('Attack suite: bad input generated from the OpenAPI document', () => {
  let api: TestApp;
  let superToken: string;
  let admin: ClinicAdmin;
  /** Clinic A takes every clinic route; clinic B takes the superadmin's edits, so that none of them stops clinic A. */
  let clinicA: string;
  let clinicB: string;
  const ids: Record<string, string> = {};
  let operations: ApiOperation[];
  let cases: FuzzCase[];
  let target: FuzzTarget;
  let countsBefore: Record<string, number>;
  /** Rows written by 2xx answers to creations the cases allow, per counted table. */
  const created: Record<string, number> = {};
  /** Tables whose lists an accepted replacement rewrote: their counts prove nothing about refusals. */
  const replaced = new Set<string>();

  const clinicDb = (): string => `${api.prefix}_clinic_${clinicA.replace(/-/g, '')}`;

  async function counts(): Promise<Record<string, number>> {
    const clinic = await withAdmin(clinicDb(), async (c) => {
      const tables = (await c.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.name);
      const out: Record<string, number> = {};
      for (const name of tables.filter((t) => !NOT_COUNTED.has(t))) out[`clinic.${name}`] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${c.escapeIdentifier(name)}`)).rows[0].n;
      return out;
    });
    const registry = await withAdmin(`${api.prefix}_registry`, async (c) =>
      (await c.query<Record<string, number>>('SELECT (SELECT count(*)::int FROM clinics) AS "registry.clinics", (SELECT count(*)::int FROM users) AS "registry.users", (SELECT count(*)::int FROM whatsapp_numbers) AS "registry.whatsapp_numbers"')).rows[0],
    );
    return { ...clinic, ...registry };
  }

  /** The table a POST to a collection creates a row in (`…/patients` → `clinic.patients`), if it is one. */
  function createdTable(op: ApiOperation): string | undefined {
    if (op.method !== 'POST') return undefined;
    if (op.template === '/api/superadmin/clinics') return 'registry.clinics';
    if (op.template === '/api/superadmin/clinics/{clinicId}/users') return 'registry.users';
    const collection = /^\/api\/clinics\/\{clinicId\}\/([a-z_]+)$/.exec(op.template);
    return collection ? `clinic.${collection[1]}` : undefined;
  }

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    clinicA = (await api.provisionClinic(superToken)).id;
    clinicB = (await api.provisionClinic(superToken)).id;
    admin = await api.createClinicAdmin(superToken, clinicA);
    ids.userId = (await api.createClinicAdmin(superToken, clinicB)).id;
    const base = `/api/clinics/${clinicA}`;
    ids.treatmentId = await createTreatment(api, base, admin.token);
    ids.practitionerId = await createPractitioner(api, base, admin.token, 'Fuzzington', ids.treatmentId);
    ids.patientId = (await api.post<{ id: string }>(`${base}/patients`, { first_name: 'Fuzz', last_name: 'Target', phone: '+33612349876' }, admin.token)).body.id;
    const day = dayAhead(3, 'Europe/Paris');
    const slots = await api.get<{ slots: Array<{ start: string }> }>(`${base}/slots?treatmentId=${ids.treatmentId}&from=${day}&to=${day}`, admin.token);
    const booked = await api.post<{ id: string }>(`${base}/appointments`, { patient_id: ids.patientId, treatment_id: ids.treatmentId, start: slots.body.slots[0].start }, admin.token);
    expect(booked.status).toBe(201);
    ids.appointmentId = booked.body.id;
    ids.closureId = (await api.post<{ id: string }>(`${base}/closures`, { starts_on: dayAhead(200, 'Europe/Paris'), ends_on: dayAhead(201, 'Europe/Paris') }, admin.token)).body.id;

    const doc = (await api.get<OpenApiDocument>('/api/docs-json')).body;
    const resolver = new SchemaResolver(doc);
    operations = resolver.operations();
    const idFor = (name: string): string | undefined => {
      const key = name.replace(/_id$/, 'Id').replace(/^target_id$/, 'patientId');
      return name === 'clinic_id' ? clinicA : ids[key];
    };
    const builder = new FuzzCaseBuilder(resolver, idFor);
    cases = builder.build(operations, isPublic);
    target = {
      baseUrl: api.baseUrl,
      pathValue: (op, param) => {
        if (param === 'clinicId') return op.template.startsWith('/api/superadmin/clinics/') ? clinicB : clinicA;
        // Deletions get ids no record has, so that the fixtures stay for the other cases.
        return op.method === 'DELETE' ? undefined : ids[param];
      },
      tokenFor: (op) => (op.template.startsWith('/api/superadmin') ? superToken : admin.token),
      requiredQuery: (op) =>
        op.query
          .filter((p) => p.required)
          .map((p) => `${p.name}=${encodeURIComponent(String(builder.valid(p.name, p.schema)))}`)
          .join('&'),
    };
    countsBefore = await counts();
  });

  afterAll(async () => {
    await api?.destroy();
  });

  /** Sends every case of `kind` and lists the wrong answers, each naming its method, path, case and answer. */
  async function run(kind: CaseKind): Promise<string[]> {
    const failures: string[] = [];
    for (const c of cases.filter((x) => x.kind === kind)) {
      const answer = await sendCase(target, c);
      const problem = answerProblem(c, answer);
      if (problem) failures.push(describeFailure(c, answer, problem));
      if (problem || answer.status < 200 || answer.status >= 300) continue;
      const table = createdTable(c.op);
      if (table) created[table] = (created[table] ?? 0) + 1;
      for (const rewritten of REPLACES[labelOf(c.op)] ?? []) replaced.add(rewritten);
    }
    return failures;
  }

  it('builds cases for every operation with inputs, every body property and every parameter', () => {
    expect(operations.length).toBeGreaterThan(50);
    const subjects = new Map<string, Set<string>>();
    for (const c of cases) {
      const seen = subjects.get(labelOf(c.op)) ?? new Set<string>();
      if (c.subject) seen.add(c.subject);
      subjects.set(labelOf(c.op), seen);
    }
    const missing: string[] = [];
    for (const op of operations) {
      const seen = subjects.get(labelOf(op)) ?? new Set<string>();
      const expected = [...Object.keys(op.body?.properties ?? {}), ...op.query.map((p) => p.name), ...op.pathParams];
      for (const name of expected) if (!seen.has(name)) missing.push(`${labelOf(op)}: ${name}`);
      if (expected.length > 0 && !cases.some((c) => c.op === op && c.kind !== 'auth')) missing.push(`${labelOf(op)}: no case`);
    }
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThan(1500);
  });

  it.each<[CaseKind, string]>([
    ['auth', 'without a token or with a garbage one, protected routes answer 401 before reading any input'],
    ['body', 'bodies: wrong types, missing, extra, huge, empty and impossible values, arrays, malformed JSON'],
    ['content-type', 'content types other than JSON, or none, where JSON is expected'],
    ['query', 'query strings: wrong types, huge and negative pages, repeated, unknown and missing parameters'],
    ['path', 'path parameters: not UUIDs, overlong, encoded traversal and NUL bytes'],
  ])('%s: %s', async (kind) => {
    expect(await run(kind)).toEqual([]);
  });

  it('wrote nothing for the refused requests: every counted table moved only by the creations a case allows', async () => {
    const counted = (all: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(all).filter(([table]) => !replaced.has(table)));
    const expected = Object.fromEntries(Object.entries(counted(countsBefore)).map(([table, n]) => [table, n + (created[table] ?? 0)]));
    expect(counted(await counts())).toEqual(expected);
    // The tables the brief names are never among the replaced ones.
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['clinic.patients', 'clinic.practitioners', 'clinic.appointments', 'clinic.treatments', 'registry.clinics', 'registry.users']));
  });

});
