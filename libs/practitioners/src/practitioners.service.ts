import { Injectable } from '@nestjs/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { PractitionerEntity } from './practitioner.entity';

/** Practitioners of the current request's clinic. */
@Injectable()
export class PractitionersService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  async count(): Promise<number> {
    return (await this.tenant.getRepository(PractitionerEntity)).count();
  }
}
