import { Module } from '@nestjs/common';
import { PatientsModule } from '@sophie/patients';
import { PractitionersModule } from '@sophie/practitioners';
import { SettingsModule } from '@sophie/settings';
import { AppointmentEvents } from './booking/appointment-events';
import { AppointmentRecords } from './booking/appointment-records';
import { AppointmentsController } from './booking/appointments.controller';
import { AppointmentsService } from './booking/appointments.service';
import { BUSY_TIME_SOURCE, ExternalBusyTime } from './slots/busy-time-source';
import { SlotFinder } from './slots/slot-finder';
import { SlotsController } from './slots/slots.controller';
import { SlotsService } from './slots/slots.service';

/** Slots and booking: what the clinic can offer, and the appointments it holds. */
@Module({
  imports: [PatientsModule, PractitionersModule, SettingsModule],
  controllers: [SlotsController, AppointmentsController],
  providers: [
    AppointmentEvents,
    AppointmentRecords,
    SlotsService,
    SlotFinder,
    AppointmentsService,
    ExternalBusyTime,
    { provide: BUSY_TIME_SOURCE, useExisting: ExternalBusyTime },
  ],
  exports: [AppointmentEvents, AppointmentRecords, SlotsService, AppointmentsService, ExternalBusyTime],
})
export class AppointmentsModule {}
