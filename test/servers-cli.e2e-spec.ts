import { PassThrough } from 'node:stream';
import { runCli } from '../apps/cli/src/cli';
import { cli, CliRun } from './support/cli';
import { UNDO_MIGRATIONS } from './support/clinic-schema';
import { withAdminAt } from './support/installation';
import { SecondDatabaseServer } from './support/second-database-server';
import { placements, secondAdminUrl } from './support/servers';
import { adminUrl, dropInstallation, testEnvironment } from './support/test-env';

describe('servers CLI', () => {
  let env: NodeJS.ProcessEnv;
  let second: SecondDatabaseServer;
  const name = 'pg2';

  const addArgs = (serverName: string): string[] => [
    'servers', 'add', '--name', serverName, '--host', '127.0.0.1', '--port', String(second.port), '--admin-user', 'postgres', '--capacity', '5',
  ];
  const lineOf = (output: string, text: string): string => output.split('\n').find((line) => line.includes(text)) ?? '';
  /** The cells of the `servers list` row of server `serverName`: name, address, admin, status, capacity, clinics, room, primary. */
  const rowOf = (output: string, serverName: string): string[] =>
    output
      .split('\n')
      .map((line) => line.split('│').slice(1, -1).map((cell) => cell.trim()))
      .find((cells) => cells[0] === serverName) ?? [];

  let added: CliRun;

  beforeAll(async () => {
    env = testEnvironment();
    second = await SecondDatabaseServer.start();
    added = await cli({ ...env, PG2_PASSWORD: second.address.adminPassword }, ...addArgs(name), '--admin-password-env', 'PG2_PASSWORD');
  });

  afterAll(async () => {
    if (env?.DB_PREFIX) await dropInstallation(env.DB_PREFIX);
    await second?.destroy();
  });

  it('adds a server with the admin password from a named environment variable, then lists, drains, reopens and resizes it', async () => {
    expect([added.code, added.err]).toEqual([0, '']);
    expect(added.out).toMatch(/Database server added: pg2 \(127\.0\.0\.1:\d+\) is accepting, 0 of 5 clinics/);

    const listed = await cli(env, 'servers', 'list');
    expect(listed.code).toBe(0);
    expect(rowOf(listed.out, name)).toEqual([name, `127.0.0.1:${second.port}`, 'postgres', 'accepting', expect.any(String), expect.any(String), expect.any(String), '']);
    expect(rowOf(listed.out, 'primary')).toEqual(['primary', expect.any(String), expect.any(String), 'accepting', '1000', expect.any(String), expect.any(String), 'yes']);
    expect(listed.out).toMatch(/2 servers/);
    expect(listed.out).not.toContain(second.address.adminPassword);

    expect((await cli(env, 'servers', 'drain', name)).out).toMatch(/pg2 .* is draining/);
    expect(rowOf((await cli(env, 'servers', 'list')).out, name)[3]).toBe('draining');
    expect((await cli(env, 'servers', 'accept', name)).out).toMatch(/pg2 .* is accepting/);
    expect((await cli(env, 'servers', 'set-capacity', name, '7')).out).toMatch(/0 of 7 clinics, room for 7/);
  });

  it.each([
    ['an unknown server', ['servers', 'drain', 'nope'], /No database server is named "nope"/],
    ['a negative capacity', ['servers', 'set-capacity', 'primary', '-1'], /capacity/],
    ['a password given as an option', ['servers', 'add', '--name', 'x', '--host', 'h', '--port', '5432', '--admin-user', 'u', '--admin-password', 'secret'], /unknown option/],
    ['a password variable that is not set', ['servers', 'add', '--name', 'x', '--host', 'h', '--port', '5432', '--admin-user', 'u', '--admin-password-env', 'NOT_SET_ANYWHERE'], /NOT_SET_ANYWHERE/],
  ])('refuses %s with exit code 2', async (_, argv, message) => {
    const run = await cli(env, ...argv);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
  });

  it('reads the admin password from standard input, and refuses a second record of the same server', async () => {
    const other = testEnvironment();
    try {
      const io = { env: other, stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough() };
      let out = '';
      io.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      io.stdin.end(`${second.address.adminPassword}\n`);
      expect(await runCli([...addArgs('from-stdin')], io)).toBe(0);
      expect(out).toMatch(/Database server added: from-stdin/);
      const again = await cli({ ...other, PW: second.address.adminPassword }, ...addArgs('from-stdin-again'), '--admin-password-env', 'PW');
      expect(again.code).toBe(2);
      expect(again.err).toMatch(/already recorded as "from-stdin"/);
    } finally {
      await dropInstallation(other.DB_PREFIX as string);
    }
  });

  it('provisions clinics on both servers and migrates them all', async () => {
    const provision = async (): Promise<string> => {
      const run = await cli(env, 'clinics', 'provision', '--name', `Clinique ${Math.random().toString(36).slice(2, 8)}`, '--timezone', 'Europe/Paris');
      expect(run.code).toBe(0);
      return /Clinic provisioned: ([0-9a-f-]{36})/.exec(run.out)?.[1] as string;
    };
    expect((await cli(env, 'servers', 'set-capacity', name, '7')).code).toBe(0);
    expect((await cli(env, 'servers', 'drain', 'primary')).code).toBe(0);
    const there = await provision();
    expect((await cli(env, 'servers', 'accept', 'primary')).code).toBe(0);
    expect((await cli(env, 'servers', 'drain', name)).code).toBe(0);
    const here = await provision();
    expect((await cli(env, 'servers', 'accept', name)).code).toBe(0);
    const where = await placements(env.DB_PREFIX as string);
    expect([where.get(there)?.server, where.get(here)?.server]).toEqual([name, 'primary']);

    await withAdminAt(secondAdminUrl(second), where.get(there)!.database, (c) => c.query(`${UNDO_MIGRATIONS}; DELETE FROM clinic_migrations`));
    await withAdminAt(adminUrl(), where.get(here)!.database, (c) => c.query(`${UNDO_MIGRATIONS}; DELETE FROM clinic_migrations`));
    const migrated = await cli(env, 'migrate');
    expect(migrated.code).toBe(0);
    expect(lineOf(migrated.out, there)).toMatch(/migrated/);
    expect(lineOf(migrated.out, here)).toMatch(/migrated/);
    const tables = await withAdminAt(secondAdminUrl(second), where.get(there)!.database, async (c) => (await c.query("SELECT 1 FROM pg_tables WHERE tablename = 'patients'")).rowCount);
    expect(tables).toBe(1);
    expect(rowOf((await cli(env, 'servers', 'list')).out, name).slice(3, 7)).toEqual(['accepting', '7', '1', '6']);
  });
});
