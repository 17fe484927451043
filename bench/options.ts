import { parseArgs } from 'node:util';

/** What one run of the benchmark does; every field has a command-line flag (see `--help`). */
export interface BenchOptions {
  clinics: number;
  patients: number;
  practitioners: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
  /** Seconds of measurement per variant per round. */
  durationSeconds: number;
  /** Seconds of warm-up per variant, before the first round. */
  warmupSeconds: number;
  rounds: number;
  /** Connections of the fixed (single-database) DataSource's pool. */
  singlePoolSize: number;
  /** TENANT_POOL_SIZE of the API: connections per clinic pool. */
  tenantPoolSize: number;
  /** TENANT_MAX_CONNECTIONS of the API; by default room for every clinic's pool. */
  tenantMaxConnections: number;
  quick: boolean;
  /** Scenario names to run (`--only=routing,slots`); empty: all of them. */
  only: string[];
}

export const USAGE = `Usage: npm run bench -- [options]

Measures what a database per clinic costs and how far one API instance goes, each figure against
its baseline in the same run (see BENCHMARKS.md): routing, cold clinics, 1,000 clinics on one
server, provisioning, migrate-all, webhook intake, slots, booking under contention.

  --quick                    smaller sizes and shorter runs (about 2 minutes in all)
  --only=NAMES               run only these scenarios (comma-separated): routing, cold-clinics,
                             many-clinics, provisioning, migrate-all, webhook-intake, slots, contention

Routing scenario:
  --duration=SECONDS         measurement per variant per round (default 8)
  --warmup=SECONDS           warm-up per variant (default 3)
  --rounds=N                 rounds of fixed, routed, direct (default 2)
  --connections=N            concurrent HTTP connections (default 16)
  --clinics=N                clinics provisioned (default 50)
  --patients=N               patients per clinic (default 300)
  --practitioners=N          practitioners per clinic (default 10)
  --single-pool=N            pool size of the fixed DataSource (default 16)
  --tenant-pool=N            TENANT_POOL_SIZE (default 1: 50 clinic pools within the budget and the server's 100 connections)
  --tenant-max-connections=N TENANT_MAX_CONNECTIONS (default: the product's 60, or clinics x tenant-pool if more)
  --help                     this text

Environment: BENCH_DATABASE_URL, a superuser URL of the PostgreSQL server to use; without it an
embedded PostgreSQL is started in a temporary folder and removed afterwards.`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return value;
}

/** Parses the command line; returns undefined when only the usage was asked for. */
export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      clinics: { type: 'string' },
      patients: { type: 'string' },
      practitioners: { type: 'string' },
      'single-pool': { type: 'string' },
      'tenant-pool': { type: 'string' },
      'tenant-max-connections': { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick ?? false;
  const factor = quick ? 0.4 : 1;
  const only = (values.only ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const clinics = Math.floor(positive('clinics', values.clinics, 50));
  const tenantPoolSize = Math.floor(positive('tenant-pool', values['tenant-pool'], 1));
  return {
    clinics,
    patients: Math.floor(positive('patients', values.patients, 300)),
    practitioners: Math.floor(positive('practitioners', values.practitioners, 10)),
    connections: Math.floor(positive('connections', values.connections, 16)),
    durationSeconds: positive('duration', values.duration, 8) * factor,
    warmupSeconds: positive('warmup', values.warmup, 3) * factor,
    rounds: Math.floor(positive('rounds', values.rounds, 2)),
    singlePoolSize: Math.floor(positive('single-pool', values['single-pool'], 16)),
    tenantPoolSize,
    tenantMaxConnections: Math.floor(positive('tenant-max-connections', values['tenant-max-connections'], Math.max(60, clinics * tenantPoolSize))),
    quick,
    only,
  };
}
