import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { ClinicEntity, ClinicStatus } from '../entities';

/** The registry facts needed to open a clinic's database. */
export interface ClinicRoute {
  id: string;
  status: ClinicStatus;
  /** The clinic's IANA time zone: where its working hours and dates are read. */
  timezone: string;
  databaseName: string;
  databaseRole: string;
  /** Null only for a decommissioned clinic, which is never served. */
  databasePasswordEncrypted: string | null;
  /** Writes are refused until then (its database is being moved); null or past: writable. */
  readOnlyUntil: Date | null;
  host: string;
  port: number;
  /** The pooler the API's clinic pools use for this server, when one stands in front of it (null: host and port). */
  poolerHost: string | null;
  poolerPort: number | null;
  serverId: string;
}

export type ClinicProfileFields = Pick<
  ClinicEntity,
  'name' | 'timezone' | 'defaultLanguage' | 'phone' | 'address' | 'email' | 'website' | 'openingHours' | 'emergencyMessage' | 'onboardingFormUrl'
>;

export interface ClinicListQuery {
  status?: ClinicStatus;
  limit: number;
  offset: number;
}

export type NewClinicRow = Omit<
  ClinicEntity,
  | 'isActive'
  | 'createdAt'
  | 'updatedAt'
  | 'databaseServer'
  | 'schemaVersion'
  | 'schemaMigratedAt'
  | 'status'
  | 'decommissionedAt'
  | 'finalExportPath'
  | 'finalExportSha256'
  | 'readOnlyUntil'
>;

const NO_TOMBSTONE = { decommissionedAt: null, finalExportPath: null, finalExportSha256: null, readOnlyUntil: null } as const;

/** Reads and writes clinics in the central registry. */
@Injectable()
export class ClinicRegistryService {
  constructor(@InjectRepository(ClinicEntity) private readonly clinics: Repository<ClinicEntity>) {}

  findById(id: string): Promise<ClinicEntity | null> {
    return this.clinics.findOne({ where: { id } });
  }

  async list(query: ClinicListQuery): Promise<{ items: ClinicEntity[]; total: number }> {
    const [items, total] = await this.clinics.findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total };
  }

  /** Routing facts for one clinic, or null when the id is unknown. One indexed query. */
  /** Id, name and status of the clinics in these states, by name (platform statistics). */
  summaries(statuses: ClinicStatus[]): Promise<Array<Pick<ClinicEntity, 'id' | 'name' | 'status'>>> {
    return this.clinics.find({ select: { id: true, name: true, status: true }, where: { status: In(statuses) }, order: { name: 'ASC', id: 'ASC' } });
  }

  async findRoute(id: string): Promise<ClinicRoute | null> {
    const rows = await this.routes([id]);
    return rows[0] ?? null;
  }

  /** Routing facts for clinics in the given states (every clinic when none is given). */
  async routes(ids?: string[], statuses?: ClinicStatus[]): Promise<ClinicRoute[]> {
    if (ids?.length === 0) return [];
    const qb = this.clinics
      .createQueryBuilder('c')
      .innerJoin('c.databaseServer', 's')
      .select([
        'c.id AS id',
        'c.status AS status',
        'c.timezone AS timezone',
        'c.database_name AS "databaseName"',
        'c.database_role AS "databaseRole"',
        'c.database_password_encrypted AS "databasePasswordEncrypted"',
        'c.read_only_until AS "readOnlyUntil"',
        's.host AS host',
        's.port AS port',
        's.pooler_host AS "poolerHost"',
        's.pooler_port AS "poolerPort"',
        's.id AS "serverId"',
      ])
      .orderBy('c.created_at', 'ASC');
    if (ids) qb.andWhere('c.id IN (:...ids)', { ids });
    if (statuses) qb.andWhere('c.status IN (:...statuses)', { statuses });
    return qb.getRawMany<ClinicRoute>();
  }

  /** Records a clinic being provisioned; `manager` joins the caller's transaction (placement). */
  insertProvisioning(row: NewClinicRow, manager?: EntityManager): Promise<ClinicEntity> {
    const clinics = manager ? manager.getRepository(ClinicEntity) : this.clinics;
    return clinics.save(clinics.create({ ...row, status: ClinicStatus.Provisioning, schemaVersion: null, schemaMigratedAt: null, ...NO_TOMBSTONE }));
  }

  /** Records a clinic brought back from a backup when the registry had lost it (suspended until reactivated). */
  insertRestored(row: NewClinicRow & { id: string; createdAt: Date }): Promise<ClinicEntity> {
    return this.clinics.save(this.clinics.create({ ...row, status: ClinicStatus.Suspended, schemaVersion: null, schemaMigratedAt: null, ...NO_TOMBSTONE }));
  }

  /** Moves a clinic from `from` to `to` only if it is still in `from`; false when another change came first. */
  async transition(id: string, from: ClinicStatus, to: ClinicStatus): Promise<boolean> {
    const result = await this.clinics.update({ id, status: from }, { status: to });
    return (result.affected ?? 0) > 0;
  }

  /** Where a decommissioning clinic's final export was written, recorded before its database is dropped. */
  async recordFinalExport(id: string, finalExport: { path: string; sha256: string }): Promise<void> {
    await this.clinics.update({ id }, { finalExportPath: finalExport.path, finalExportSha256: finalExport.sha256 });
  }

  /** Leaves a tombstone: the profile and where the final export went; no password, no database. */
  async recordDecommissioned(id: string): Promise<void> {
    await this.clinics.update({ id, status: ClinicStatus.Decommissioning }, { status: ClinicStatus.Decommissioned, databasePasswordEncrypted: null, decommissionedAt: new Date() });
  }

  /** Refuses the clinic's writes until `until` (renewed while a move copies it); null makes it writable again. */
  async setReadOnlyUntil(id: string, until: Date | null): Promise<void> {
    await this.clinics.update({ id }, { readOnlyUntil: until });
  }

  /** The clinic's database now lives on another server (same name, same role). Its read-only lease is the mover's to end. */
  async moveToServer(id: string, databaseServerId: string, schemaVersion: string | null): Promise<void> {
    await this.clinics.update({ id }, { databaseServerId, schemaVersion, schemaMigratedAt: new Date() });
  }

  /** Points a clinic at another database (a restore, a move), with its role, schema version and status. */
  async switchDatabase(
    id: string,
    target: Pick<ClinicEntity, 'databaseServerId' | 'databaseName' | 'databaseRole' | 'databasePasswordEncrypted' | 'schemaVersion' | 'status'>,
  ): Promise<void> {
    await this.clinics.update({ id }, { ...target, schemaMigratedAt: new Date(), ...NO_TOMBSTONE });
  }

  async setStatus(id: string, status: ClinicStatus): Promise<void> {
    await this.clinics.update({ id }, { status });
  }

  async updateProfile(id: string, patch: Partial<ClinicProfileFields>): Promise<void> {
    if (Object.keys(patch).length > 0) await this.clinics.update({ id }, patch);
  }

  async recordSchemaVersion(id: string, version: string | null): Promise<void> {
    await this.clinics.update({ id }, { schemaVersion: version, schemaMigratedAt: new Date() });
  }

  async remove(id: string): Promise<void> {
    await this.clinics.delete({ id });
  }

  countByStatus(statuses: ClinicStatus[]): Promise<number> {
    return this.clinics.count({ where: { status: In(statuses) } });
  }
}
