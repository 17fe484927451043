import { setTimeout as wait } from 'node:timers/promises';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PgTools } from '@sophie/backup';
import { AppConfig, domainErrors, safeErrorForLog, SecretsService } from '@sophie/common';
import { AuditService, ClinicRegistryService, ClinicStatus, DatabaseServerCredentials, DatabaseServersService, withAdvisoryLock } from '@sophie/registry';
import { CLINIC_MIGRATIONS_TABLE, migrateClinicDatabase, ROUTE_TTL_MS, ServerAdmin, withAdminClient } from '@sophie/tenancy';

export enum ClinicMoveErrorCode {
  ClinicNotMovable = 'CLINIC_NOT_MOVABLE',
  ServerNotFound = 'DATABASE_SERVER_NOT_FOUND',
  SameServer = 'CLINIC_ALREADY_THERE',
  ServerDraining = 'DATABASE_SERVER_DRAINING',
  Busy = 'CLINIC_LIFECYCLE_BUSY',
  CopyMismatch = 'CLINIC_COPY_MISMATCH',
}

const moveError = domainErrors<ClinicMoveErrorCode>({
  [ClinicMoveErrorCode.ClinicNotMovable]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.ServerNotFound]: HttpStatus.NOT_FOUND,
  [ClinicMoveErrorCode.SameServer]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.ServerDraining]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.Busy]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.CopyMismatch]: HttpStatus.CONFLICT,
});

export interface MoveOptions {
  /** How long writes stay refused if this mover dies without a word (the lease it renews while copying). */
  leaseSeconds?: number;
  /** Each step as it starts, for the operator. */
  onStep?: (step: string) => void;
}

export interface MoveOutcome {
  clinicId: string;
  from: string;
  to: string;
  tables: number;
  rows: number;
  /** How long writes were refused (from the lease to the switch). */
  readOnlyMs: number;
  /** False when the old copy could not be dropped (the clinic serves from the new server all the same). */
  oldCopyDropped: boolean;
}

/** Extra time beyond the resolver's cache, so every instance has read the registry again. */
const GRACE_MS = ROUTE_TTL_MS + 1_000;

/**
 * Moves a clinic's database and role to another server. The clinic keeps serving reads throughout; writes are
 * refused (503 with Retry-After) only while it is copied: every instance refuses them once it sees the
 * registry's read-only lease, and the mover holds EXCLUSIVE locks on the clinic's tables meanwhile, so no
 * write (a queue job, an instance that has not looked yet) can land in the old copy after the dump began.
 * Until the registry switches, nothing the clinic serves from changes: a failure, or a mover killed half-way
 * (its locks go with its session and the lease lapses), leaves the clinic working where it was.
 */
@Injectable()
export class ClinicMoveService {
  private readonly logger = new Logger(ClinicMoveService.name);
  private readonly tools: PgTools;

  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly registry: DataSource,
  ) {
    this.tools = new PgTools(config.pgBinDir);
  }

  async move(clinicId: string, target: string, options: MoveOptions = {}): Promise<MoveOutcome> {
    const locked = await withAdvisoryLock(this.registry, `sophie:${this.config.dbPrefix}:clinic-lifecycle:${clinicId}`, () => this.moveLocked(clinicId, target, options), { wait: false });
    if (!locked.acquired) throw moveError(ClinicMoveErrorCode.Busy, 'This clinic is being moved, restored or decommissioned by another run');
    return locked.result;
  }

  private async moveLocked(clinicId: string, targetRef: string, options: MoveOptions): Promise<MoveOutcome> {
    const step = options.onStep ?? (() => undefined);
    const [route] = await this.clinics.routes([clinicId]);
    if (!route || (route.status !== ClinicStatus.Active && route.status !== ClinicStatus.Suspended) || !route.databasePasswordEncrypted) {
      throw moveError(ClinicMoveErrorCode.ClinicNotMovable, route ? `A ${route.status} clinic cannot be moved` : 'No such clinic');
    }
    const targetId = await this.serverId(targetRef);
    if (targetId === route.serverId) throw moveError(ClinicMoveErrorCode.SameServer, 'The clinic already lives on that server');
    const source = await this.servers.credentials(route.serverId);
    const target = await this.servers.credentials(targetId);
    const name = route.databaseName;
    const role = route.databaseRole;
    const password = this.secrets.decrypt(route.databasePasswordEncrypted);

    step(`Preparing ${target.name}: role and empty database`);
    const targetAdmin = new ServerAdmin(target);
    await targetAdmin.dropDatabase(name); // what a mover killed earlier may have left; the registry never pointed here
    if (await targetAdmin.roleExists(role)) await targetAdmin.setPassword(role, password);
    else await targetAdmin.createRole(role, password);
    await targetAdmin.createDatabase(name);

    const lease = new ReadOnlyLease(this.clinics, clinicId, (options.leaseSeconds ?? 60) * 1000);
    const sourceAdmin = new ServerAdmin(source);
    const started = Date.now();
    let switched = false;
    let readOnlyMs = 0;
    let oldCopyDropped = false;
    let counts = { tables: 0, rows: 0 };
    try {
      step('Refusing writes: waiting for every instance to see it');
      await lease.start();
      await wait(GRACE_MS);
      step('Locking the clinic\'s tables against writes');
      counts = await withAdminClient(source, name, async (sourceClient) => {
        await lockAgainstWrites(sourceClient);
        step(`Copying ${name} to ${target.name}`);
        await this.tools.copy(targetOf(source, name), targetOf(target, name));
        await migrateClinicDatabase(target, name);
        await targetAdmin.grantClinicRole(name, role, CLINIC_MIGRATIONS_TABLE);
        step('Comparing row counts');
        const copied = await sameRowCounts(sourceClient, target, name);
        step('Switching the registry to the new server');
        lease.stopRenewing();
        await this.clinics.moveToServer(clinicId, targetId);
        switched = true;
        readOnlyMs = Date.now() - started;
        // Instances that read the old route a moment ago may still write here: our locks hold them until the old
        // copy is dropped, which ends their sessions (and ours); their work fails and is retried on the new server.
        await wait(GRACE_MS);
        step(`Dropping the old copy on ${source.name}`);
        await sourceAdmin.dropDatabase(name);
        oldCopyDropped = true;
        return copied;
      });
    } catch (error) {
      if (!switched) {
        this.logger.error({ clinicId, error: safeErrorForLog(error) }, 'Move failed; the clinic stays where it was');
        await lease.stop();
        await targetAdmin.dropDatabase(name).catch(() => undefined);
        throw error;
      }
      this.logger.warn({ clinicId, error: safeErrorForLog(error) }, 'Moved, but the old copy could not be dropped; check it before dropping it by hand');
    }
    if (oldCopyDropped) await sourceAdmin.dropRole(role).catch((error: unknown) => this.logger.warn({ clinicId, error: safeErrorForLog(error) }, 'The old role could not be dropped'));
    await this.audit.record({ action: 'clinic.moved', clinicId, targetType: 'database_server', targetId, actorRole: 'CLI' });
    return { clinicId, from: source.name, to: target.name, ...counts, readOnlyMs, oldCopyDropped };
  }

  /** A server given by name or id. */
  private async serverId(ref: string): Promise<string> {
    const rows = await this.registry.query<Array<{ id: string; status: string }>>('SELECT id, status FROM database_servers WHERE name = $1 OR id::text = $1', [ref]);
    const server = rows[0];
    if (!server) throw moveError(ClinicMoveErrorCode.ServerNotFound, `No database server named ${ref}`);
    if (server.status !== 'accepting') throw moveError(ClinicMoveErrorCode.ServerDraining, `Server ${ref} is draining: it takes no clinics`);
    return server.id;
  }
}

/** The registry's read-only lease on a clinic, renewed while the mover lives. */
class ReadOnlyLease {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clinics: ClinicRegistryService,
    private readonly clinicId: string,
    private readonly durationMs: number,
  ) {}

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(1_000, this.durationMs / 3));
  }

  stopRenewing(): void {
    clearInterval(this.timer);
  }

  async stop(): Promise<void> {
    this.stopRenewing();
    await this.clinics.setReadOnlyUntil(this.clinicId, null);
  }

  private renew(): Promise<void> {
    return this.clinics.setReadOnlyUntil(this.clinicId, new Date(Date.now() + this.durationMs));
  }
}

function targetOf(server: DatabaseServerCredentials, database: string): { host: string; port: number; user: string; password: string; database: string } {
  return { host: server.host, port: server.port, user: server.adminUser, password: server.adminPassword, database };
}

async function userTables(client: Client): Promise<string[]> {
  const rows = await client.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.rows.map((r) => r.name);
}

/**
 * Opens a transaction holding EXCLUSIVE locks on every table: reads (and pg_dump) go on, writes wait. It waits for
 * writes in progress to finish first. Released by ROLLBACK, or by the session's end if the mover dies.
 */
async function lockAgainstWrites(client: Client): Promise<void> {
  await client.query('BEGIN');
  await client.query("SET LOCAL lock_timeout = '30s'");
  const tables = await userTables(client);
  if (tables.length > 0) await client.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
}

/** Counts every table's rows on both sides; refuses the switch on any difference. */
async function sameRowCounts(sourceClient: Client, target: DatabaseServerCredentials, database: string): Promise<{ tables: number; rows: number }> {
  const count = async (client: Client): Promise<Map<string, number>> => {
    const result = new Map<string, number>();
    for (const table of await userTables(client)) {
      result.set(table, Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0));
    }
    return result;
  };
  const before = await count(sourceClient);
  const after = await withAdminClient(target, database, count);
  for (const [table, rows] of before) {
    if (after.get(table) !== rows) throw moveError(ClinicMoveErrorCode.CopyMismatch, `The copy of table ${table} holds ${after.get(table) ?? 'no'} rows instead of ${rows}`);
  }
  let rows = 0;
  for (const n of before.values()) rows += n;
  return { tables: before.size, rows };
}
