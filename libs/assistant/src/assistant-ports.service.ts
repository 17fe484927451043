import { Injectable } from '@nestjs/common';
import { AppointmentStatus, AppointmentSource, AppointmentsErrorCode, AppointmentsService, SlotsService } from '@sophie/appointments';
import type { RequestActor } from '@sophie/auth';
import { DomainError } from '@sophie/common';
import { PatientsErrorCode, PatientsService } from '@sophie/patients';
import { BookingResourcesService } from '@sophie/practitioners';
import { ClinicRegistryService } from '@sophie/registry';
import { TenantConnectionProvider } from '@sophie/tenancy';
import type { AssistantPorts, BookingOutcome, ClinicInfo, OfferedSlot, RegistrationDraft, UpcomingAppointment } from './engine/engine-types';

/** How the assistant appears in the audit log: no user, its own role. */
export const ASSISTANT_ACTOR: RequestActor = { userId: null, role: 'assistant', ip: null, requestId: null };

const BOOKING_REFUSALS = new Set<string>([AppointmentsErrorCode.SlotTaken, AppointmentsErrorCode.SlotNotOffered, AppointmentsErrorCode.CalendarUnreadable]);

/** The engine's view of the current clinic, through the domains' own services (inside the clinic's tenant scope). */
@Injectable()
export class AssistantPortsService implements AssistantPorts {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly registry: ClinicRegistryService,
    private readonly resources: BookingResourcesService,
    private readonly slotsService: SlotsService,
    private readonly patients: PatientsService,
    private readonly appointments: AppointmentsService,
  ) {}

  async clinic(): Promise<ClinicInfo> {
    const clinic = await this.registry.findById(this.tenant.clinicId);
    if (!clinic) throw new Error('The clinic of this conversation no longer exists');
    return {
      name: clinic.name,
      timezone: clinic.timezone,
      phone: clinic.phone,
      email: clinic.email,
      address: clinic.address,
      website: clinic.website,
      openingHours: clinic.openingHours,
      emergencyMessage: clinic.emergencyMessage,
      onboardingFormUrl: clinic.onboardingFormUrl,
      defaultLanguage: clinic.defaultLanguage,
    };
  }

  treatments(): Promise<Array<{ id: string; name: Record<string, string> }>> {
    return this.resources.bookableTreatments();
  }

  async practitioners(treatmentId: string): Promise<Array<{ id: string; name: string }>> {
    const { practitioners } = await this.resources.forTreatment(treatmentId);
    const names = await this.resources.practitionerNames(practitioners.map((p) => p.id));
    return practitioners.map((p) => ({ id: p.id, name: names.get(p.id) ?? '—' }));
  }

  async slots(query: { treatmentId: string; practitionerId?: string; from: Date; to: Date; excludeAppointmentId?: string }): Promise<OfferedSlot[]> {
    const result = await this.slotsService.search(query);
    return result.slots.map((s) => ({ start: s.start, practitionerIds: s.practitionerIds }));
  }

  async patientByPhone(phone: string): Promise<{ id: string; firstName: string | null } | null> {
    const patient = await this.patients.findByPhone(phone);
    return patient ? { id: patient.id, firstName: patient.firstName } : null;
  }

  async patientFirstName(patientId: string): Promise<string | null> {
    return (await this.patients.findById(patientId))?.firstName ?? null;
  }

  async registerPatient(phone: string, draft: RegistrationDraft): Promise<string> {
    let id: string;
    try {
      const patient = await this.tenant.transaction(() =>
        this.patients.create(
          {
            phone,
            first_name: draft.firstName,
            last_name: draft.lastName,
            birth_date: draft.birthDate,
            email: draft.email ?? undefined,
            has_social_insurance: draft.hasSocialInsurance,
            social_insurance_type: draft.socialInsuranceType ?? undefined,
            beneficiary_number: draft.beneficiaryNumber ?? undefined,
          },
          ASSISTANT_ACTOR,
        ),
      );
      id = patient.id;
    } catch (error) {
      // Registered meanwhile (by staff, say): the record with this phone is this patient.
      if (!(error instanceof DomainError) || error.code !== String(PatientsErrorCode.PhoneTaken)) throw error;
      id = (await this.patients.findByPhone(phone))?.id as string;
    }
    if (draft.insuranceCardMessageId) {
      await this.patients.setInsuranceCard(id, `/api/clinics/${this.tenant.clinicId}/messages/${draft.insuranceCardMessageId}/media`, ASSISTANT_ACTOR);
    }
    return id;
  }

  async book(request: { patientId: string; treatmentId: string; practitionerId?: string; start: Date }): Promise<BookingOutcome> {
    return this.refusalAware(async () => {
      const appointment = await this.appointments.book({ ...request, source: AppointmentSource.WhatsApp }, ASSISTANT_ACTOR);
      return { ok: true, start: appointment.startsAt, practitionerId: appointment.practitionerId };
    });
  }

  async reschedule(appointmentId: string, start: Date): Promise<BookingOutcome> {
    return this.refusalAware(async () => {
      const appointment = await this.appointments.reschedule(appointmentId, { start }, ASSISTANT_ACTOR);
      return { ok: true, start: appointment.startsAt, practitionerId: appointment.practitionerId };
    });
  }

  async upcoming(patientId: string): Promise<UpcomingAppointment[]> {
    const page = await this.appointments.list({ patientId, status: AppointmentStatus.Booked, from: new Date(), limit: 10, offset: 0 });
    const [treatments, practitioners] = await Promise.all([
      this.resources.treatmentNames([...new Set(page.items.map((a) => a.treatmentId))]),
      this.resources.practitionerNames([...new Set(page.items.map((a) => a.practitionerId))]),
    ]);
    return page.items.map((a) => ({
      id: a.id,
      start: a.startsAt,
      treatmentId: a.treatmentId,
      treatmentName: treatments.get(a.treatmentId) ?? {},
      practitionerId: a.practitionerId,
      practitionerName: practitioners.get(a.practitionerId) ?? '—',
    }));
  }

  async cancel(appointmentId: string): Promise<void> {
    await this.appointments.cancel(appointmentId, 'Cancelled by the patient on WhatsApp', ASSISTANT_ACTOR);
  }

  async treatmentName(treatmentId: string): Promise<Record<string, string>> {
    return (await this.resources.treatmentNames([treatmentId])).get(treatmentId) ?? {};
  }

  async practitionerName(practitionerId: string): Promise<string> {
    return (await this.resources.practitionerNames([practitionerId])).get(practitionerId) ?? '—';
  }

  /**
   * A slot taken or no longer offered is an answer the engine handles, not an error. A practitioner's calendar that
   * cannot be read just now counts as taken: the patient is offered other times rather than an error.
   */
  private async refusalAware(work: () => Promise<BookingOutcome>): Promise<BookingOutcome> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && BOOKING_REFUSALS.has(error.code)) {
        return { ok: false, reason: error.code === String(AppointmentsErrorCode.SlotNotOffered) ? 'not_offered' : 'taken' };
      }
      throw error;
    }
  }
}
