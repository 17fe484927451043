import { Module } from '@nestjs/common';
import { ClinicSettingsService } from './clinic-settings.service';

/** A clinic's booking settings, in its own database. */
@Module({ providers: [ClinicSettingsService], exports: [ClinicSettingsService] })
export class SettingsModule {}
