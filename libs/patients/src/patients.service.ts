import { Injectable } from '@nestjs/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { PatientEntity } from './patient.entity';

/** Patients of the current request's clinic. */
@Injectable()
export class PatientsService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  async count(): Promise<number> {
    return (await this.tenant.getRepository(PatientEntity)).count();
  }
}
