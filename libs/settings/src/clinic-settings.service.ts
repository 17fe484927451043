import { Injectable } from '@nestjs/common';
import { withoutUndefined } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import type { UpdateClinicSettingsDto } from './clinic-settings.dto';
import { ClinicSettingsEntity } from './clinic-settings.entity';

/** The booking settings of the current clinic. */
@Injectable()
export class ClinicSettingsService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  async get(): Promise<ClinicSettingsEntity> {
    return (await this.tenant.getRepository(ClinicSettingsEntity)).findOneByOrFail({ id: true });
  }

  async update(dto: UpdateClinicSettingsDto): Promise<ClinicSettingsEntity> {
    const patch: Partial<ClinicSettingsEntity> = {
      slotIntervalMinutes: dto.slot_interval_minutes,
      minimumNoticeMinutes: dto.minimum_notice_minutes,
      bookingHorizonDays: dto.booking_horizon_days,
      reminderHoursBefore: dto.reminder_hours_before,
      defaultPhoneCountry: dto.default_phone_country?.toUpperCase(),
      handoffQuietMinutes: dto.handoff_quiet_minutes,
    };
    const defined = withoutUndefined(patch);
    const repository = await this.tenant.getRepository(ClinicSettingsEntity);
    if (Object.keys(defined).length > 0) await repository.update({ id: true }, defined);
    return repository.findOneByOrFail({ id: true });
  }
}
