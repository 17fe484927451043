import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO31661Alpha2, IsOptional, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '@sophie/common';
import type { ClinicSettingsEntity } from './clinic-settings.entity';

/** Booking settings as the API shows them. */
export class ClinicSettingsDto {
  @ApiProperty({ example: 15, description: 'Minutes between the start times offered' }) slot_interval_minutes!: number;
  @ApiProperty({ example: 120, description: 'Minutes before its start an appointment may still be booked' }) minimum_notice_minutes!: number;
  @ApiProperty({ example: 60, description: 'Days ahead appointments may be booked' }) booking_horizon_days!: number;
  @ApiProperty({ example: 24, description: 'Hours before the appointment the reminder goes out' }) reminder_hours_before!: number;
  @ApiProperty({ example: 'FR', description: 'Country for phone numbers typed without +prefix' }) default_phone_country!: string;
  @ApiProperty({ example: 240, description: 'After a handoff to staff, minutes of quiet before the assistant answers again' }) handoff_quiet_minutes!: number;

  static from(entity: Omit<ClinicSettingsEntity, 'id' | 'updatedAt'>): ClinicSettingsDto {
    return {
      slot_interval_minutes: entity.slotIntervalMinutes,
      minimum_notice_minutes: entity.minimumNoticeMinutes,
      booking_horizon_days: entity.bookingHorizonDays,
      reminder_hours_before: entity.reminderHoursBefore,
      default_phone_country: entity.defaultPhoneCountry,
      handoff_quiet_minutes: entity.handoffQuietMinutes,
    };
  }
}

/** A change to the booking settings; every field optional. */
export class UpdateClinicSettingsDto {
  @ApiPropertyOptional({ minimum: 5, maximum: 240 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(240)
  slot_interval_minutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 20160 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20160)
  minimum_notice_minutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  booking_horizon_days?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 168 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  reminder_hours_before?: number;

  @ApiPropertyOptional({ example: 'CH' })
  @IsOptionalNotNull()
  @IsISO31661Alpha2()
  default_phone_country?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 10080 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  handoff_quiet_minutes?: number;
}
