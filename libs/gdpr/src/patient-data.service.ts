import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { AppointmentDto, AppointmentRecords } from '@sophie/appointments';
import { ConversationDto, ConversationsService, MessageDto } from '@sophie/conversations';
import { PatientDto, PatientsService, patientDisplayName } from '@sophie/patients';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { MediaStore } from '@sophie/whatsapp';
import type { PatientErasureDto, PatientExportDto } from './patient-data.dto';

/**
 * The patient's rights over their data (GDPR articles 15, 17 and 20): an export of everything the clinic holds
 * about them, and erasure. Erasure removes the identity everywhere in the clinic database and keeps what a clinic
 * must keep (that an appointment took place, when, with whom, for what), no longer linked to anyone.
 * Each domain that holds patient data takes part here: the patient record, appointments, WhatsApp conversations
 * (linked to the patient or written from their phone number), their messages and the files they sent.
 */
@Injectable()
export class PatientDataService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly patients: PatientsService,
    private readonly appointments: AppointmentRecords,
    private readonly conversations: ConversationsService,
    private readonly media: MediaStore,
    private readonly audit: ClinicAudit,
  ) {}

  async export(patientId: string, actor: RequestActor): Promise<PatientExportDto> {
    const [patient, appointments, zone] = await Promise.all([
      this.patients.exportRecord(patientId),
      this.appointments.ofPatient(patientId),
      this.tenant.timeZone(),
    ]);
    const conversations = await this.conversations.ofPatient(patientId, patient.phone);
    const messages = await this.conversations.messagesOf(conversations.map((c) => c.id));
    const clinicId = this.tenant.clinicId;
    await this.audit.record('patient.exported', 'patient', patientId, actor);
    return {
      format: 'sophie.patient-export.v1',
      exported_at: new Date(),
      clinic_id: this.tenant.clinicId,
      time_zone: zone,
      patient: PatientDto.from(patient),
      appointments: appointments.map((a) => AppointmentDto.from(a, zone, patientDisplayName(patient))),
      conversations: conversations.map((c) => ({ ...ConversationDto.from(c), messages: messages.filter((m) => m.conversationId === c.id).map((m) => MessageDto.from(m, clinicId)) })),
      media: [
        ...[patient.insuranceCardUrl, patient.guaranteeDocumentPath].filter((m): m is string => m !== null).map((reference) => ({ reference })),
        ...messages.filter((m) => m.mediaStatus === 'stored').map((m) => ({ reference: `/api/clinics/${clinicId}/messages/${m.id}/media` })),
      ],
    };
  }

  /** Erases the patient in one transaction of the clinic database; audited with the patient id only. */
  async erase(patientId: string, actor: RequestActor): Promise<PatientErasureDto> {
    const { kept, files } = await this.tenant.transaction(async () => {
      const patient = await this.patients.exportRecord(patientId);
      const conversations = await this.conversations.ofPatient(patientId, patient.phone);
      const messages = await this.conversations.messagesOf(conversations.map((c) => c.id));
      await this.conversations.delete(conversations.map((c) => c.id));
      const appointmentsKept = await this.appointments.forgetPatientText(patientId);
      await this.patients.erase(patientId);
      return { kept: appointmentsKept, files: messages.map((m) => m.mediaPath).filter((p): p is string => p !== null) };
    });
    // Files go once the rows that named them are gone for good (a failed transaction leaves both).
    await this.media.remove(files);
    const appointmentsKept = kept;
    await this.audit.record('patient.erased', 'patient', patientId, actor);
    return { patient_id: patientId, erased_at: new Date(), appointments_kept_without_identity: appointmentsKept };
  }

}
