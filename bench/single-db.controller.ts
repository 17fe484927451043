import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Actor, RequestActor } from '@sophie/auth';
import { pageOf } from '@sophie/common';
import { ListPatientsQueryDto, PatientDto, PatientEntity, PatientPageDto } from '@sophie/patients';
import { ClinicAudit, TenantResolver } from '@sophie/tenancy';

/** The name of the fixed DataSource (a second TypeORM connection beside the registry's). */
export const SINGLE_DB = 'bench_single';

/**
 * Baseline: the same work as GET /api/clinics/:clinicId/patients, on ONE fixed DataSource (singleton)
 * whose `patients` table carries an indexed clinic_id column (the seed's single-database design).
 * Same global guards, pipe, clinic check (the resolver's cached registry record and status), query,
 * audit entry and response body; only where the rows live differs.
 */
@Controller('bench/single/clinics/:clinicId/patients')
export class SingleDbController {
  private readonly patients: Repository<PatientEntity>;

  constructor(
    @InjectDataSource(SINGLE_DB) db: DataSource,
    private readonly resolver: TenantResolver,
    private readonly audit: ClinicAudit,
  ) {
    this.patients = db.getRepository(PatientEntity);
  }

  @Get()
  async list(@Param('clinicId', new ParseUUIDPipe()) clinicId: string, @Query() query: ListPatientsQueryDto, @Actor() actor: RequestActor): Promise<PatientPageDto> {
    await this.resolver.resolve(clinicId);
    const [items, total] = await this.patients
      .createQueryBuilder('p')
      .where('p.clinic_id = :clinicId', { clinicId })
      .orderBy('p.last_name', 'ASC', 'NULLS LAST')
      .addOrderBy('p.first_name', 'ASC', 'NULLS LAST')
      .addOrderBy('p.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    await this.audit.record('patients.listed', null, null, actor);
    const page = pageOf(items, total, query);
    return { ...page, items: page.items.map((p) => PatientDto.from(p)) };
  }
}
