import 'reflect-metadata';
import os from 'node:os';
import { coreCount, postmasterOf } from './cpu';
import { startPostgres, withAdmin } from './environment';
import { LOAD_WORKER_FLAG, LoadGenerator, serveLoads } from './load';
import { BenchOptions, parseOptions, USAGE } from './options';
import { table } from './report';
import { BenchContext, Cleanup, Figure, progress } from './scenario';
import { SCENARIOS } from './scenarios';

/**
 * `npm run bench`: what a database per clinic costs and how far one API instance goes, each figure
 * against its baseline in the same run. Progress goes to stderr; the machine, one section per
 * scenario and a summary of the headline figures and goals go to stdout.
 */

async function bench(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const unknown = options.only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const chosen = SCENARIOS.filter((s) => options.only.length === 0 || options.only.includes(s.name));

  const postgres = await startPostgres();
  cleanup.add('stop PostgreSQL', () => postgres.stop());
  const server = await withAdmin(postgres.adminUrl, 'postgres', async (c) => {
    const row = (await c.query<{ version: string; max: string; pid: number }>(`SELECT current_setting('server_version') AS version, current_setting('max_connections') AS max, pg_backend_pid() AS pid`)).rows[0];
    return { version: row.version, maxConnections: Number(row.max), postmaster: postmasterOf(row.pid) };
  });
  postgres.version = `PostgreSQL ${server.version}`;
  postgres.maxConnections = server.maxConnections;
  progress(`PostgreSQL: ${postgres.description}`);

  const load = LoadGenerator.start(process.argv[1]);
  cleanup.add('stop the load generator', () => load.stop());
  const context = new BenchContext(options, postgres, load, cleanup, server.postmaster);

  console.log(`Sophie bench, ${new Date().toISOString()}${options.quick ? ' (--quick)' : ''}`);
  console.log(
    `machine: ${coreCount()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ` +
      `${postgres.version} (max_connections ${server.maxConnections}; ${postgres.description}), everything on loopback`,
  );
  console.log(`load generator: autocannon in a child process (pid ${load.pid ?? '?'})`);

  const figures: Array<Figure & { scenario: string }> = [];
  for (const scenario of chosen) {
    progress(`— ${scenario.title}`);
    const report = await scenario.run(context);
    console.log('');
    console.log(`## ${scenario.title}`);
    console.log('');
    console.log(report.lines.join('\n'));
    figures.push(...report.figures.map((f) => ({ ...f, scenario: scenario.name })));
  }

  console.log('');
  console.log('## Summary');
  console.log('');
  console.log(
    table(
      ['scenario', 'figure', 'value', 'goal', 'met'],
      figures.map((f) => [f.scenario, f.name, f.value, f.goal ?? '', f.met === undefined ? '' : f.met ? 'yes' : 'NO']),
    ),
  );
  const missed = figures.filter((f) => f.met === false);
  if (missed.length > 0) console.log(`\nWARNING: ${missed.length} figure(s) missed their goal.`);
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
