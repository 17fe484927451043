import type { Readable } from 'node:stream';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { DatabaseServerStatus, DatabaseServerUsage } from '@sophie/registry';
import { CreateServerDto, ServersService, UpdateServerDto } from '@sophie/servers';
import { CliContext, writeLine } from '../cli-context';
import { CLI_ACTOR } from './cli-actor';

/** Runs a command's work inside the CLI context and records its exit code (cli.ts's `run`). */
export type RunInContext = (work: (ctx: CliContext) => Promise<number>) => () => Promise<void>;

export interface AddServerOptions {
  name: string;
  host: string;
  port: string;
  adminUser: string;
  capacity?: string;
  /** The name of an environment variable holding the admin password; standard input otherwise. */
  adminPasswordEnv?: string;
}

/** `servers …`: the database servers that hold clinic databases. */
export function addServersCommands(program: Command, run: RunInContext): void {
  const servers = program.command('servers').description('PostgreSQL servers that hold clinic databases');
  servers.command('list').description('List servers with their clinic counts and room').action(() => run((ctx) => listServersCommand(ctx))());
  servers
    .command('add')
    .description('Check a server (reachable, admin may create databases and roles, PostgreSQL 13+), then record it with its admin password sealed')
    .requiredOption('--name <name>', 'a unique name for it')
    .requiredOption('--host <host>', 'host name or IP address')
    .requiredOption('--port <port>', 'TCP port')
    .requiredOption('--admin-user <role>', 'a role with CREATEDB and CREATEROLE (or superuser)')
    .option('--capacity <n>', 'clinic databases it should hold at most', '1000')
    .option('--admin-password-env <variable>', "the environment variable holding the role's password (read from standard input when left out)")
    .action((o: AddServerOptions) => run((ctx) => addServerCommand(ctx, o))());
  servers
    .command('drain <name>')
    .description('Take no new clinics there (its clinics keep being served)')
    .action((name: string) => run((ctx) => updateServerCommand(ctx, name, { status: DatabaseServerStatus.Draining }))());
  servers
    .command('accept <name>')
    .description('Place new clinics there again (undoes drain)')
    .action((name: string) => run((ctx) => updateServerCommand(ctx, name, { status: DatabaseServerStatus.Accepting }))());
  servers
    .command('set-capacity <name> <n>')
    .description('Change how many clinic databases it should hold at most')
    .action((name: string, n: string) => run((ctx) => updateServerCommand(ctx, name, { capacity: Number(n) }))());
}

/** `servers list`: every server, its status, capacity, clinic count and room. Never a password. */
export async function listServersCommand(ctx: CliContext): Promise<number> {
  const list = await ctx.app.get(ServersService).list();
  const table = new Table({ head: ['name', 'address', 'admin', 'status', 'capacity', 'clinics', 'room', 'primary'], style: { head: [], border: [] } });
  for (const s of list) table.push([s.name, `${s.host}:${s.port}`, s.adminUser, s.status, String(s.capacity), String(s.clinics), String(s.room), s.isPrimary ? 'yes' : '']);
  writeLine(ctx.io.stdout, table.toString());
  writeLine(ctx.io.stdout, `${list.length} servers`);
  return 0;
}

/** `servers add`: the same validation and check as POST /api/superadmin/servers; the password never on the command line. */
export async function addServerCommand(ctx: CliContext, o: AddServerOptions): Promise<number> {
  const password = await adminPassword(ctx, o.adminPasswordEnv);
  if (password === null) return 2;
  const dto = valid(ctx, CreateServerDto, { name: o.name, host: o.host, port: Number(o.port), admin_user: o.adminUser, admin_password: password, capacity: Number(o.capacity) });
  if (!dto) return 2;
  const server = await ctx.app
    .get(ServersService)
    .add({ name: dto.name, host: dto.host, port: dto.port, adminUser: dto.admin_user, adminPassword: dto.admin_password, capacity: dto.capacity }, CLI_ACTOR);
  writeLine(ctx.io.stdout, `Database server added: ${describe(server)}`);
  return 0;
}

/** `servers drain|accept|set-capacity`: as PATCH /api/superadmin/servers/:id, audited. */
export async function updateServerCommand(ctx: CliContext, name: string, changes: { status?: DatabaseServerStatus; capacity?: number }): Promise<number> {
  const dto = valid(ctx, UpdateServerDto, changes);
  if (!dto) return 2;
  const service = ctx.app.get(ServersService);
  const server = await service.update((await service.getByName(name)).id, { status: dto.status, capacity: dto.capacity }, CLI_ACTOR);
  writeLine(ctx.io.stdout, `Database server ${describe(server)}`);
  return 0;
}

function describe(s: DatabaseServerUsage): string {
  return `${s.name} (${s.host}:${s.port}) is ${s.status}, ${s.clinics} of ${s.capacity} clinics, room for ${s.room}.`;
}

function valid<T extends object>(ctx: CliContext, type: new () => T, fields: Record<string, unknown>): T | null {
  const dto = plainToInstance(type, fields);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  for (const error of errors) writeLine(ctx.io.stderr, Object.values(error.constraints ?? {}).join('; '));
  return errors.length > 0 ? null : dto;
}

/**
 * The admin password from the environment variable named by --admin-password-env, else piped on standard input
 * (one line). Never an option's value: `ps` would show it. Null (told why) when there is none.
 */
async function adminPassword(ctx: CliContext, variable: string | undefined): Promise<string | null> {
  if (variable !== undefined) {
    const value = ctx.io.env[variable];
    if (value) return value;
    writeLine(ctx.io.stderr, `The environment variable ${variable} (--admin-password-env) is not set or empty.`);
    return null;
  }
  const stdin: Readable & { isTTY?: boolean } = ctx.io.stdin ?? process.stdin;
  if (stdin.isTTY) {
    writeLine(ctx.io.stderr, "Give the admin password through --admin-password-env <variable> or pipe it on standard input (never as an option).");
    return null;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password) return password;
  writeLine(ctx.io.stderr, 'No admin password on standard input: pipe it, or give --admin-password-env <variable>.');
  return null;
}
