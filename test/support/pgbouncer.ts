import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { formatPgUrl, parsePgUrl, PgServerAddress } from '../../libs/common/src/database/pg-url';

/** Debian's pgbouncer (scripts/ensure-test-packages.mjs installs it), or PGBOUNCER_PATH. */
const PGBOUNCER = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';
/** PgBouncer refuses to run as root; as root it runs as the system user PostgreSQL's packages create. */
const RUN_AS = 'postgres';

export interface PgBouncerOptions {
  /** Server connections per (database, user) pair. */
  defaultPoolSize: number;
  /** A client waiting longer than this for a server connection gets an error (a pool deadlock fails fast). */
  queryWaitTimeoutSeconds?: number;
}

/** One row of SHOW SERVERS: a server connection PgBouncer holds, and its PostgreSQL backend's pid. */
export interface PgBouncerServer {
  database: string;
  user: string;
  remote_pid: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Quotes a value for pgbouncer's auth_file ("" doubles a quote). */
function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * A real PgBouncer (transaction mode) in front of the test PostgreSQL, in its own temporary folder, on a free
 * loopback port. Every database of the server is reachable (a `*` entry); roles are checked with auth_query run by
 * the server's superuser, so clinic roles created during a test log in with their own passwords (SCRAM passed
 * through).
 */
export class PgBouncer {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
    private readonly admin: PgServerAddress,
    private readonly log: string[],
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(adminUrl: string, options: PgBouncerOptions): Promise<PgBouncer> {
    if (!existsSync(PGBOUNCER)) throw new Error(`${PGBOUNCER} is missing: run node scripts/ensure-test-packages.mjs (or apt-get install pgbouncer)`);
    const admin = parsePgUrl(adminUrl);
    const port = await freePort();
    const dir = await mkdtemp(path.join(tmpdir(), 'sophie-pgbouncer-'));
    const root = process.getuid?.() === 0;
    const ini = [
      '[databases]',
      `* = host=${admin.host} port=${admin.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'pool_mode = transaction',
      `default_pool_size = ${options.defaultPoolSize}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 1000',
      `query_wait_timeout = ${options.queryWaitTimeoutSeconds ?? 20}`,
      'auth_type = scram-sha-256',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `auth_user = ${admin.user}`,
      'auth_query = SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = $1',
      `admin_users = ${admin.user}`,
      'server_reset_query =',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'pgbouncer.ini'), ini, { mode: 0o600 });
    await writeFile(path.join(dir, 'userlist.txt'), `${quoted(admin.user)} ${quoted(admin.password)}\n`, { mode: 0o600 });
    if (root) {
      const uid = Number(execFileSync('id', ['-u', RUN_AS]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', RUN_AS]).toString().trim());
      for (const name of ['', 'pgbouncer.ini', 'userlist.txt']) await chown(path.join(dir, name), uid, gid);
    }
    await chmod(dir, 0o700);
    const args = [...(root ? ['-u', RUN_AS] : []), path.join(dir, 'pgbouncer.ini')];
    const child = spawn(PGBOUNCER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    const bouncer = new PgBouncer(child, dir, port, admin, log);
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer): void => {
          for (const line of chunk.toString().split('\n')) if (line) log.push(line);
          if (log.some((line) => line.includes('process up'))) resolve();
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`pgbouncer exited (${code}) at start:\n${log.join('\n')}`)));
      });
    } catch (error) {
      await bouncer.stop();
      throw error;
    }
    return bouncer;
  }

  /** `url` with PgBouncer's address instead of PostgreSQL's. */
  through(url: string): string {
    return formatPgUrl({ ...parsePgUrl(url), host: '127.0.0.1', port: this.port });
  }

  /** Runs one SHOW command on PgBouncer's admin console (simple protocol only there). */
  async show<T>(what: 'SERVERS' | 'POOLS' | 'CLIENTS' | 'STATS'): Promise<T[]> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: this.admin.user, password: this.admin.password, database: 'pgbouncer' });
    await client.connect();
    try {
      return (await client.query<T & Record<string, unknown>>(`SHOW ${what}`)).rows;
    } finally {
      await client.end();
    }
  }

  /** PgBouncer's own log lines (for failure messages). */
  logTail(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  /** Stops PgBouncer (immediate shutdown) and removes its folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
    await this.exited;
    await rm(this.dir, { recursive: true, force: true });
  }
}
