import { setTimeout as wait } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PgTools, targetOf } from '@sophie/backup';
import { AppConfig, safeErrorForLog, SecretsService } from '@sophie/common';
import { AuditService, CLINIC_STATUSES_HOLDING_DATABASE, ClinicRegistryService, ClinicStatus, DatabaseServerCredentials, DatabaseServersService, withAdvisoryLock, clinicLifecycleLock } from '@sophie/registry';
import { CLINIC_MIGRATIONS_TABLE, migrateClinicDatabase, ROUTE_TTL_MS, ServerAdmin, withAdminClient } from '@sophie/tenancy';
import { closeOldCopy, lockAgainstWrites, ReadOnlyLease, sameRowCounts } from './clinic-copy';
import { ServerProbe } from './server-probe';
import { ClinicMoveErrorCode, moveError } from './clinic-move-error';

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
  /** How long writes were refused: from the lease's start to its end, after the old copy was dropped. */
  readOnlyMs: number;
  /** False when the old copy could not be dropped (the clinic serves from the new server all the same). */
  oldCopyDropped: boolean;
}

/** Extra time beyond the resolver's cache, so every instance has read the registry again. */
const GRACE_MS = ROUTE_TTL_MS + 1_000;

/** A lease shorter than three route-cache lives could lapse in instances' caches before the mover renews it. */
export const MIN_LEASE_SECONDS = (3 * ROUTE_TTL_MS) / 1000;

/** What a move writes on the database it creates on the target, until the copy is complete. */
function moveMarker(clinicId: string): string {
  return `sophie-move-target:${clinicId}`;
}

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
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly registry: DataSource,
    private readonly tools: PgTools,
    private readonly probe: ServerProbe,
  ) {}

  async move(clinicId: string, target: string, options: MoveOptions = {}): Promise<MoveOutcome> {
    const locked = await withAdvisoryLock(this.registry, clinicLifecycleLock(this.config.dbPrefix, clinicId), () => this.moveLocked(clinicId, target, options), { wait: false });
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

    if (await this.sameCluster(source, target)) throw moveError(ClinicMoveErrorCode.SameServer, `${target.name} is the same PostgreSQL server as ${source.name}`);

    step(`Preparing ${target.name}: role and empty database`);
    const targetAdmin = new ServerAdmin(target);
    await this.clearLeftover(targetAdmin, clinicId, name);
    const createdRole = !(await targetAdmin.roleExists(role));
    if (createdRole) await targetAdmin.createRole(role, password);
    else await targetAdmin.setPassword(role, password);
    await targetAdmin.createDatabase(name);
    await targetAdmin.setDatabaseComment(name, moveMarker(clinicId));

    const lease = new ReadOnlyLease(this.clinics, clinicId, Math.max(options.leaseSeconds ?? 60, MIN_LEASE_SECONDS) * 1000);
    const sourceAdmin = new ServerAdmin(source);
    const started = Date.now();
    let switched = false;
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
        const { version } = await migrateClinicDatabase(target, name);
        await targetAdmin.grantClinicRole(name, role, CLINIC_MIGRATIONS_TABLE);
        step('Comparing row counts');
        const copied = await sameRowCounts(sourceClient, target, name);
        await targetAdmin.setDatabaseComment(name, null); // it is the clinic's database now, never a leftover
        step('Switching the registry to the new server');
        await this.clinics.moveToServer(clinicId, targetId, version);
        switched = true;
        // The old copy refuses the clinic role's writes from now on, even should this run die here; instances that
        // read the old route a moment ago are held by our locks until the drop ends their sessions and ours.
        await closeOldCopy(source, name, role);
        await wait(GRACE_MS);
        step(`Dropping the old copy on ${source.name}`);
        await sourceAdmin.dropDatabase(name);
        oldCopyDropped = true;
        return copied;
      });
    } catch (error) {
      switched ||= await this.isOn(clinicId, targetId); // the switch may have committed with its answer lost
      if (!switched) {
        this.logger.error({ clinicId, error: safeErrorForLog(error) }, 'Move failed; the clinic stays where it was');
        await lease.stop();
        await targetAdmin.dropDatabase(name).catch(() => undefined);
        if (createdRole) await targetAdmin.dropRole(role).catch(() => undefined);
        throw error;
      }
      this.logger.warn({ clinicId, error: safeErrorForLog(error) }, 'Moved, but the old copy could not be dropped; check it before dropping it by hand');
    }
    await lease.stop();
    const readOnlyMs = Date.now() - started;
    if (oldCopyDropped) await sourceAdmin.dropRole(role).catch((error: unknown) => this.logger.warn({ clinicId, error: safeErrorForLog(error) }, 'The old role could not be dropped'));
    await this.audit.record({ action: 'clinic.moved', clinicId, targetType: 'database_server', targetId, actorRole: 'CLI' });
    return { clinicId, from: source.name, to: target.name, ...counts, readOnlyMs, oldCopyDropped };
  }

  /**
   * A database of the clinic's name on the target is dropped only when a killed earlier move left it (it carries
   * that move's marker); anything else there is refused: it may be live data under another server record.
   */
  private async clearLeftover(admin: ServerAdmin, clinicId: string, name: string): Promise<void> {
    if (!(await admin.databaseExists(name))) return;
    if ((await admin.databaseComment(name)) !== moveMarker(clinicId)) {
      throw moveError(ClinicMoveErrorCode.TargetOccupied, `The target server already holds a database named ${name} that no move left there; nothing was done`);
    }
    await admin.dropDatabase(name);
  }

  private async isOn(clinicId: string, serverId: string): Promise<boolean> {
    const [route] = await this.clinics.routes([clinicId]).catch(() => []);
    return route?.serverId === serverId;
  }

  /** Whether two server records lead to one PostgreSQL cluster (its system identifier, when the admin may read it). */
  private async sameCluster(a: DatabaseServerCredentials, b: DatabaseServerCredentials): Promise<boolean> {
    const [first, second] = await Promise.all([a, b].map((server) => this.probe.check(server).then((facts) => facts.systemIdentifier, () => null)));
    return first !== null && first === second;
  }

  /** A server given by name or id. */
  private async serverId(ref: string): Promise<string> {
    const rows = await this.registry.query<Array<{ id: string; status: string; room: number }>>(
      `SELECT s.id, s.status, s.capacity - (SELECT count(*) FROM clinics c WHERE c.database_server_id = s.id AND c.status = ANY($2))::int AS room
       FROM database_servers s WHERE s.name = $1 OR s.id::text = $1`,
      [ref, CLINIC_STATUSES_HOLDING_DATABASE],
    );
    const server = rows[0];
    if (!server) throw moveError(ClinicMoveErrorCode.ServerNotFound, `No database server named ${ref}`);
    if (server.status !== 'accepting') throw moveError(ClinicMoveErrorCode.ServerDraining, `Server ${ref} is draining: it takes no clinics`);
    if (server.room < 1) throw moveError(ClinicMoveErrorCode.ServerFull, `Server ${ref} is full: raise its capacity first`);
    return server.id;
  }
}
