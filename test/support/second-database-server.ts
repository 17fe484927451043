import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseServersService, DatabaseServerStatus } from '../../libs/registry/src';
import { freePort } from '../faults/support/api-process';

const PASSWORD = 'sophie-second-server';
const RUNNER = path.join(__dirname, 'second-postgres.mjs');

/**
 * A second PostgreSQL server for clinic databases, started by the test in its own folder on its own port (in a
 * process of its own: see second-postgres.mjs), that can be stopped and started again on the same port with the
 * same data: a clinic's database server going down and coming back.
 */
export class SecondDatabaseServer {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<SecondDatabaseServer> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sophie-second-pg-'));
    // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
    await chmod(dir, 0o755);
    const server = new SecondDatabaseServer(dir, await freePort());
    try {
      await server.up();
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return server;
  }

  get address(): { host: string; port: number; adminUser: string; adminPassword: string } {
    return { host: '127.0.0.1', port: this.port, adminUser: 'postgres', adminPassword: PASSWORD };
  }

  /** Starts it (again) on its port; resolves once it accepts connections. */
  async up(timeoutMs = 60_000): Promise<void> {
    const child = spawn(process.execPath, [RUNNER, path.join(this.dir, 'pg'), String(this.port), PASSWORD], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The second PostgreSQL did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('ready\n')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The second PostgreSQL exited with ${code} while starting:\n${output}`));
      });
    });
  }

  /** Stops it (PostgreSQL's fast shutdown: sessions are ended, new connections refused); resolves once it is down. */
  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  /** Stops it and removes its data. */
  async destroy(): Promise<void> {
    await this.down().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  /**
   * Records this server in the registry through the registry's own service (its admin password sealed). Answers two
   * switches for where new clinics go: here only (the primary drains), or on the primary only.
   */
  async register(servers: DatabaseServersService): Promise<{ placeHere: () => Promise<void>; placeOnPrimary: () => Promise<void> }> {
    const primary = (await servers.findPrimary())?.id;
    if (!primary) throw new Error('The registry has no primary server yet');
    const own = await servers.register({ name: `second-${this.port}`, ...this.address, capacity: 100 });
    const placeHere = async (): Promise<void> => {
      await servers.setStatus(own.id, DatabaseServerStatus.Accepting);
      await servers.setStatus(primary, DatabaseServerStatus.Draining);
    };
    const placeOnPrimary = async (): Promise<void> => {
      await servers.setStatus(primary, DatabaseServerStatus.Accepting);
      await servers.setStatus(own.id, DatabaseServerStatus.Draining);
    };
    return { placeHere, placeOnPrimary };
  }
}
