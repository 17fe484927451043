import { Module } from '@nestjs/common';
import { PractitionersService } from './practitioners.service';

/** Practitioners of a clinic, in its own database. */
@Module({ providers: [PractitionersService], exports: [PractitionersService] })
export class PractitionersModule {}
