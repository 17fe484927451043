import { Injectable } from '@nestjs/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { PatientEntity } from './patient.entity';

/** Patients of the current request's clinic. */
@Injectable()
export class PatientsService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  async count(): Promise<number> {
    const row = await (await this.tenant.getRepository(PatientEntity))
      .createQueryBuilder()
      .select('count(*)::int', 'n')
      .getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }
}
