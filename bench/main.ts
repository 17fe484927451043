import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { migrateRegistry } from '@sophie/registry';
import { TenantPoolCache } from '@sophie/tenancy';
import { createApiApp } from '../apps/api/src/app.factory';
import { BenchModule } from './bench.module';
import { benchConfig, dropInstallation, randomPrefix, startPostgres, SUPERADMIN_PASSWORD, withAdmin } from './environment';
import { Api, clinicDatabases, provisionClinics, seed, VARIANTS, verifyEquivalence } from './installation';
import { coreCount, machineCpu, postgresCpuMs, postmasterOf, processCpuMs } from './cpu';
import { LOAD_WORKER_FLAG, LoadGenerator, LoadSpec, serveLoads } from './load';
import { BenchOptions, parseOptions, USAGE } from './options';
import { cpuPerRequest, cpuTable, Measured, resultTable, roundLine, stealPercent, summarise } from './report';
import { createSingleDatabase } from './single-db';

/**
 * `npm run bench`: requests per second and p50/p99 latency of the clinic-routed read endpoint over
 * N clinics (a database each), against the same work on one fixed database with a clinic_id column,
 * and against the routed work without request scope. Progress goes to stderr, results to stdout.
 */

const started = performance.now();

function progress(message: string): void {
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** Things to undo, last first. */
class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private running?: Promise<void>;

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  /** Runs the steps once; a second caller (a signal during cleanup) waits for the same run. */
  run(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`Cleanup step "${step.name}" failed:`, error instanceof Error ? error.message : error);
      }
    }
  }
}

async function bench(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const postgres = await startPostgres();
  cleanup.add('stop PostgreSQL', () => postgres.stop());
  progress(`PostgreSQL: ${postgres.description}`);
  // When the server runs on this machine, its CPU time is read from /proc (its postmaster's process tree).
  const postmaster = await withAdmin(postgres.adminUrl, 'postgres', async (c) =>
    postmasterOf((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid),
  );

  const prefix = randomPrefix();
  cleanup.add('drop databases and roles', async () => {
    const dropped = await dropInstallation(postgres.adminUrl, prefix);
    progress(`Dropped ${dropped.databases} databases and ${dropped.roles} roles of ${prefix}_*`);
  });
  const config = await benchConfig(postgres.adminUrl, prefix, { poolSize: options.tenantPoolSize, maxConnections: options.tenantMaxConnections });
  await migrateRegistry(config.registryUrl);
  const singleDatabaseUrl = await createSingleDatabase(postgres.adminUrl, prefix);

  const { app } = await createApiApp(config, {
    logger: false,
    imports: [BenchModule.forRoot({ singleDatabaseUrl, singlePoolSize: options.singlePoolSize })],
  });
  cleanup.add('close the API', () => app.close());
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const api = new Api(`http://127.0.0.1:${port}`);
  progress(`API listening on ${api.baseUrl} (prefix ${prefix})`);

  const token = await api.login(config.superadminUsername, SUPERADMIN_PASSWORD);
  const ids = await provisionClinics(api, token, options.clinics);
  progress(`Provisioned ${ids.length} clinics through POST /api/superadmin/clinics`);
  const clinics = await clinicDatabases(postgres.adminUrl, prefix, ids);
  await seed(postgres.adminUrl, prefix, clinics, options);
  progress(`Seeded ${options.patients} patients and ${options.practitioners} practitioners per clinic, in each clinic database and in ${prefix}_single`);
  const schemaVersion = await verifyEquivalence(api, token, ids, options);
  progress(`The three variants answer all ${ids.length} clinics with identical bodies (schema ${schemaVersion})`);

  const load = LoadGenerator.start(process.argv[1]);
  cleanup.add('stop the load generator', () => load.stop());
  progress(`Load generator: autocannon in child process ${load.pid}`);

  const spec = (variant: (typeof VARIANTS)[number], durationSeconds: number): LoadSpec => ({
    url: api.baseUrl,
    paths: ids.map((id) => variant.path(id)),
    headers: { authorization: `Bearer ${token}` },
    connections: options.connections,
    durationSeconds,
  });

  const pools = app.get(TenantPoolCache);

  /** One load run, with the CPU this process (the server) and the whole machine spent meanwhile. */
  const measure = async (loadSpec: LoadSpec): Promise<Measured> => {
    const opens = pools.stats().opens;
    const server = processCpuMs();
    const machine = machineCpu();
    const pg = postgresCpuMs(postmaster);
    const result = await load.run(loadSpec);
    const machineAfter = machineCpu();
    const pgAfter = postgresCpuMs(postmaster);
    const known = machine !== undefined && machineAfter !== undefined;
    return {
      ...result,
      serverCpuMs: processCpuMs().total - server.total,
      serverSystemMs: processCpuMs().system - server.system,
      postgresCpuMs: pg === undefined || pgAfter === undefined ? undefined : pgAfter - pg,
      machineBusyMs: known ? machineAfter.busyMs - machine.busyMs : undefined,
      stealMs: known ? machineAfter.stealMs - machine.stealMs : undefined,
      poolOpens: pools.stats().opens - opens,
    };
  };

  for (const variant of VARIANTS) {
    const warm = await measure(spec(variant, options.warmupSeconds));
    progress(`Warm-up ${variant.name}: ${warm.requestsPerSecond.toFixed(0)} req/s, ${warm.p50.toFixed(1)} ms p50${warm.errors + warm.non2xx ? `, ${warm.errors + warm.non2xx} ERRORS ${JSON.stringify(warm.statusCodes)}` : ''}`);
  }
  const warmPools = pools.stats();
  progress(`Clinic pools after warm-up: ${warmPools.livePools} live of ${warmPools.maxPools} allowed, ${warmPools.connections} connections, ${warmPools.opens} opened since start`);

  const results = new Map<string, Measured[]>(VARIANTS.map((v) => [v.name, []]));
  const lines: string[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const variant of VARIANTS) {
      const result = await measure(spec(variant, options.durationSeconds));
      results.get(variant.name)?.push(result);
      const line = roundLine(variant.name, round, result, coreCount());
      lines.push(line);
      progress(line.trim());
    }
  }

  const summaries = VARIANTS.map((v) => summarise(v.name, results.get(v.name) ?? []));
  const [fixed, routed, direct] = summaries;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log('');
  console.log(`Sophie bench, ${new Date().toISOString()}`);
  console.log(`machine: ${coreCount()} cores (${cpu}), Node ${process.version}, ${postgres.description.replace(/ \(.*\)$/, '')}, loopback`);
  console.log(
    `load: autocannon in a child process, ${options.connections} connections, ${options.clinics} clinics round robin, ` +
      `warm-up ${options.warmupSeconds} s per variant, ${options.rounds} interleaved rounds of ${options.durationSeconds} s per variant (median shown)`,
  );
  console.log(
    `data: ${options.patients} patients + ${options.practitioners} practitioners per clinic; pools: clinic ${options.tenantPoolSize} x ${options.clinics} ` +
      `(TENANT_MAX_CONNECTIONS ${options.tenantMaxConnections}), fixed ${options.singlePoolSize}, registry ${config.registryPoolSize}`,
  );
  for (const variant of VARIANTS) console.log(`  ${variant.name.padEnd(6)}  ${variant.description}`);
  console.log('');
  console.log(lines.join('\n'));
  console.log('');
  console.log(resultTable(summaries));
  console.log('');
  console.log(`ratio routed/fixed = ${(routed.requestsPerSecond / fixed.requestsPerSecond).toFixed(2)}`);
  console.log(`ratio direct/fixed = ${(direct.requestsPerSecond / fixed.requestsPerSecond).toFixed(2)}`);
  console.log('');
  console.log('CPU ms per response (medians; rest of machine = busy time less the three, i.e. kernel work elsewhere and other processes):');
  console.log(cpuTable(summaries));
  console.log(
    `server CPU ratios (fixed ms/req / variant ms/req, steadier than req/s on a noisy machine): ` +
      `routed ${(fixed.cpu.server / routed.cpu.server).toFixed(2)}, direct ${(fixed.cpu.server / direct.cpu.server).toFixed(2)}`,
  );
  const measured = summaries.flatMap((s) => s.rounds);
  const capacity = measured.reduce((sum, r) => sum + r.durationSeconds * 1000, 0) * coreCount();
  const share = (pick: (r: Measured) => number | undefined): string | undefined =>
    measured.every((r) => pick(r) !== undefined) ? ((measured.reduce((sum, r) => sum + (pick(r) ?? 0), 0) / capacity) * 100).toFixed(1) : undefined;
  const stolen = share((r) => r.stealMs);
  const others = share((r) => {
    const rest = cpuPerRequest(r).rest;
    return rest === undefined ? undefined : rest * r.responses;
  });
  if (stolen !== undefined) {
    console.log(`hypervisor steal during measurement: ${stolen}% of the cores`);
    const noisy = measured.filter((r) => (stealPercent(r, coreCount()) ?? 0) > 5).length;
    if (noisy > 0) console.log(`WARNING: ${noisy} of ${measured.length} runs lost more than 5% of the cores to the hypervisor (steal): neighbours disturbed them; run again, or with more --rounds.`);
  }
  if (others !== undefined) {
    console.log(`rest of machine (other processes, kernel work elsewhere) during measurement: ${others}% of the cores`);
    if (Number(others) > 10) console.log('WARNING: something else was using the machine during measurement: the figures are disturbed; run again on a quiet machine.');
  }
  const errors = summaries.reduce((sum, s) => sum + s.errors, 0);
  if (errors > 0) console.log(`WARNING: ${errors} errors or non-2xx responses during measurement: the figures above are not valid.`);
}

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    progress(`${signal} received: cleaning up`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await bench(options, cleanup);
    return 0;
  } catch (error) {
    console.error('Benchmark failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    return 1;
  } finally {
    await cleanup.run();
    progress('Done');
  }
}

if (process.argv.includes(LOAD_WORKER_FLAG)) {
  serveLoads();
} else {
  void main().then((code) => process.exit(code));
}
