import { Module } from '@nestjs/common';
import { BookingResourcesService } from './booking-resources.service';
import { PractitionersService } from './practitioners.service';

/** Practitioners of a clinic, what they offer and when they work, in its own database. */
@Module({ providers: [PractitionersService, BookingResourcesService], exports: [PractitionersService, BookingResourcesService] })
export class PractitionersModule {}
