import { Injectable } from '@nestjs/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { PractitionerEntity } from './practitioner.entity';

/** Practitioners of the current request's clinic. */
@Injectable()
export class PractitionersService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  async count(): Promise<number> {
    const row = await (await this.tenant.getRepository(PractitionerEntity))
      .createQueryBuilder()
      .select('count(*)::int', 'n')
      .getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }
}
