import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ClinicEntity, ClinicStatus } from '../entities';

/** The registry facts needed to open a clinic's database. */
export interface ClinicRoute {
  id: string;
  status: ClinicStatus;
  /** The clinic's IANA time zone: where its working hours and dates are read. */
  timezone: string;
  databaseName: string;
  databaseRole: string;
  databasePasswordEncrypted: string;
  host: string;
  port: number;
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
        's.host AS host',
        's.port AS port',
        's.id AS "serverId"',
      ])
      .orderBy('c.created_at', 'ASC');
    if (ids) qb.andWhere('c.id IN (:...ids)', { ids });
    if (statuses) qb.andWhere('c.status IN (:...statuses)', { statuses });
    return qb.getRawMany<ClinicRoute>();
  }

  insertProvisioning(row: Omit<ClinicEntity, 'isActive' | 'createdAt' | 'updatedAt' | 'databaseServer' | 'schemaVersion' | 'schemaMigratedAt' | 'status'>): Promise<ClinicEntity> {
    return this.clinics.save(this.clinics.create({ ...row, status: ClinicStatus.Provisioning, schemaVersion: null, schemaMigratedAt: null }));
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
