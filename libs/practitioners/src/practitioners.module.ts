import { Module } from '@nestjs/common';
import { BookingResourcesService } from './booking-resources.service';
import { ClosuresController } from './closures/closures.controller';
import { ClosuresService } from './closures/closures.service';
import { PractitionersController } from './practitioners.controller';
import { PractitionersService } from './practitioners.service';
import { PractitionerTreatmentsController } from './treatments/practitioner-treatments.controller';
import { PractitionerTreatmentsService } from './treatments/practitioner-treatments.service';
import { TreatmentsController } from './treatments/treatments.controller';
import { TreatmentsService } from './treatments/treatments.service';
import { WorkingHoursController } from './working-hours/working-hours.controller';
import { WorkingHoursService } from './working-hours/working-hours.service';

/** Practitioners of a clinic, what they offer and when they work, in its own database. */
@Module({
  controllers: [PractitionersController, PractitionerTreatmentsController, WorkingHoursController, TreatmentsController, ClosuresController],
  providers: [
        PractitionersService,
    BookingResourcesService,
    TreatmentsService,
    PractitionerTreatmentsService,
    WorkingHoursService,
    ClosuresService,
  ],
  exports: [PractitionersService, BookingResourcesService, TreatmentsService, PractitionerTreatmentsService, WorkingHoursService, ClosuresService],
})
export class PractitionersModule {}
