import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { BackupErrorCode, backupError } from './backup-error-code';

/** Where and as whom a PostgreSQL tool connects. The password travels in the child's environment only. */
export interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** A server's admin, on one of its databases: how every tool and admin connection of a backup or move connects. */
export function targetOf(server: { host: string; port: number; adminUser: string; adminPassword: string }, database: string): PgTarget {
  return { host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database };
}

/** Keeps the end of a tool's error output; it never holds a password, but may hold data (see toolMessage). */
function tail(text: string, max = 2000): string {
  return text.length > max ? text.slice(-max) : text;
}

/**
 * What of a tool's error output may reach an operator, the logs or a manifest: its own `pg_dump:`/`pg_restore:`
 * lines only, with quoted values masked. PostgreSQL's DETAIL, CONTEXT and "Command was" lines quote rows (patient
 * data) and are dropped.
 */
export function toolMessage(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => /^pg_(dump|restore): /.test(line) && !/^pg_(dump|restore): (detail|hint): /i.test(line))
    .map((line) => line.replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)=\([^()]*\)/g, '(…)=(…)'))
    .slice(-5)
    .join(' | ');
}

/**
 * Runs PostgreSQL's own client tools (pg_dump, pg_restore) from PG_BIN_DIR or the PATH. pg_dump must be
 * of the server's major version or newer; that is checked before any dump, with a message that says so.
 */
export class PgTools {
  constructor(private readonly binDir: string | undefined) {}

  /** The path of a tool, or a clear refusal when it cannot be found. */
  async locate(tool: 'pg_dump' | 'pg_restore'): Promise<string> {
    const dirs = this.binDir ? [this.binDir] : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
    for (const dir of dirs) {
      const candidate = path.join(dir, tool);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this folder
      }
    }
    throw backupError(BackupErrorCode.ToolMissing, `${tool} was not found ${this.binDir ? `in PG_BIN_DIR (${this.binDir})` : 'on the PATH'}; install PostgreSQL's client tools or set PG_BIN_DIR`);
  }

  /** The major version of a tool, e.g. 15 for "pg_dump (PostgreSQL) 15.20". */
  async majorVersion(tool: 'pg_dump' | 'pg_restore'): Promise<number> {
    const { stdout } = await this.run(await this.locate(tool), ['--version'], {});
    const match = /\(PostgreSQL\) (\d+)/.exec(stdout);
    if (!match) throw backupError(BackupErrorCode.ToolFailed, `Could not read the version of ${tool}`);
    return Number(match[1]);
  }

  /** Refuses when pg_dump is older than the server: it would refuse to dump, or dump what it cannot read. */
  async checkCompatible(serverMajor: number): Promise<void> {
    const major = await this.majorVersion('pg_dump');
    if (major < serverMajor) {
      throw backupError(
        BackupErrorCode.ToolTooOld,
        `pg_dump ${major} cannot dump a PostgreSQL ${serverMajor} server; install client tools ${serverMajor} or newer and point PG_BIN_DIR at them`,
      );
    }
  }

  /**
   * Streams a custom-format dump of one database into `into`. Ownership and grants are left out: a
   * restore gives the objects to the restoring admin and grants the clinic's role afresh.
   */
  async dump(target: PgTarget, into: Writable): Promise<void> {
    const bin = await this.locate('pg_dump');
    await this.run(bin, ['--format=custom', '--no-owner', '--no-privileges', '--no-password', `--dbname=${target.database}`], envOf(target), { stdout: into });
  }

  /** Restores a custom-format dump file into an existing empty database, in one transaction. */
  async restore(target: PgTarget, file: string): Promise<void> {
    const bin = await this.locate('pg_restore');
    await this.run(
      bin,
      ['--no-owner', '--no-privileges', '--no-password', '--exit-on-error', '--single-transaction', `--dbname=${target.database}`, file],
      envOf(target),
    );
  }

  /**
   * Copies one database into another existing empty one, pg_dump streaming straight into pg_restore (nothing
   * touches the disk), restored in one transaction: either all of it arrives or none.
   */
  async copy(from: PgTarget, to: PgTarget): Promise<void> {
    const restoreBin = await this.locate('pg_restore');
    const restoreArgs = ['--no-owner', '--no-privileges', '--no-password', '--exit-on-error', '--single-transaction', `--dbname=${to.database}`];
    const restore = spawn(restoreBin, restoreArgs, { env: { PATH: process.env.PATH, LANG: 'C', ...envOf(to) }, stdio: ['pipe', 'ignore', 'pipe'] });
    let restoreErrors = '';
    restore.stderr.on('data', (chunk: Buffer) => (restoreErrors = tail(restoreErrors + chunk.toString())));
    const restored = new Promise<void>((resolve, reject) => {
      restore.on('error', (error) => reject(backupError(BackupErrorCode.ToolFailed, `pg_restore could not start: ${error.message}`)));
      restore.on('close', (code) => (code === 0 ? resolve() : reject(backupError(BackupErrorCode.ToolFailed, `pg_restore failed (exit ${code}): ${toolMessage(restoreErrors)}`))));
    });
    restore.stdin.on('error', () => undefined); // pg_restore stopping early is reported by its exit code
    try {
      await this.dump(from, restore.stdin);
    } catch (error) {
      restore.kill('SIGTERM');
      await restored.catch(() => undefined);
      throw error;
    }
    restore.stdin.end();
    await restored;
  }

  /** The table of contents of a dump file: proves it is whole and readable by pg_restore. */
  async list(file: string): Promise<string> {
    const bin = await this.locate('pg_restore');
    return (await this.run(bin, ['--list', file], {})).stdout;
  }

  private run(bin: string, args: string[], env: NodeJS.ProcessEnv, pipes: { stdout?: Writable } = {}): Promise<{ stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, { env: { PATH: process.env.PATH, LANG: 'C', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const out: Readable = child.stdout;
      if (pipes.stdout) out.pipe(pipes.stdout, { end: false });
      else out.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = tail(stderr + chunk.toString())));
      child.on('error', (error) => reject(backupError(BackupErrorCode.ToolFailed, `${path.basename(bin)} could not start: ${error.message}`)));
      child.on('close', (code) => {
        if (code === 0) resolve({ stdout });
        else reject(backupError(BackupErrorCode.ToolFailed, `${path.basename(bin)} failed (exit ${code}): ${toolMessage(stderr)}`));
      });
    });
  }
}

function envOf(target: PgTarget): NodeJS.ProcessEnv {
  return { PGHOST: target.host, PGPORT: String(target.port), PGUSER: target.user, PGPASSWORD: target.password, PGDATABASE: target.database, PGCONNECT_TIMEOUT: '10' };
}
