import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { AppointmentDto, AppointmentRecords } from '@sophie/appointments';
import { PatientDto, PatientsService } from '@sophie/patients';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import type { PatientErasureDto, PatientExportDto } from './patient-data.dto';

/**
 * The patient's rights over their data (GDPR articles 15, 17 and 20): an export of everything the clinic holds
 * about them, and erasure. Erasure removes the identity everywhere in the clinic database and keeps what a clinic
 * must keep (that an appointment took place, when, with whom, for what), no longer linked to anyone.
 * Each domain that holds patient data takes part here: appointments now; conversations, messages and media when
 * those modules exist.
 */
@Injectable()
export class PatientDataService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly patients: PatientsService,
    private readonly appointments: AppointmentRecords,
    private readonly audit: ClinicAudit,
  ) {}

  async export(patientId: string, actor: RequestActor): Promise<PatientExportDto> {
    const [patient, appointments, zone] = await Promise.all([
      this.patients.exportRecord(patientId),
      this.appointments.ofPatient(patientId),
      this.tenant.timeZone(),
    ]);
    await this.audit.record('patient.exported', 'patient', patientId, actor);
    return {
      format: 'sophie.patient-export.v1',
      exported_at: new Date(),
      clinic_id: this.tenant.clinicId,
      time_zone: zone,
      patient: PatientDto.from(patient),
      appointments: appointments.map((a) => AppointmentDto.from(a, zone)),
      conversations: [],
      media: [patient.insuranceCardUrl, patient.guaranteeDocumentPath].filter((m): m is string => m !== null).map((reference) => ({ reference })),
    };
  }

  /** Erases the patient in one transaction of the clinic database; audited with the patient id only. */
  async erase(patientId: string, actor: RequestActor): Promise<PatientErasureDto> {
    const appointmentsKept = await this.tenant.transaction(async () => {
      const kept = await this.appointments.forgetPatientText(patientId);
      await this.patients.erase(patientId);
      return kept;
    });
    await this.audit.record('patient.erased', 'patient', patientId, actor);
    return { patient_id: patientId, erased_at: new Date(), appointments_kept_without_identity: appointmentsKept };
  }

}
