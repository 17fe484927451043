import { Injectable, Logger } from '@nestjs/common';
import { safeErrorForLog } from '@sophie/common';
import { ConversationsService } from '@sophie/conversations';
import { PatientsService } from '@sophie/patients';
import { PractitionersService } from '@sophie/practitioners';
import { ClinicEntity, ClinicRegistryService, ClinicStatus } from '@sophie/registry';
import { mapWithConcurrency, TenantContext } from '@sophie/tenancy';
import type { ClinicStatsDto, SuperadminStatsDto } from './dto/stats.dto';

/** How the figures are gathered from the clinic databases. */
export interface StatsLimits {
  /** Clinic databases read at once. */
  concurrency: number;
  /** How long one clinic may take before it is listed as unavailable. */
  clinicTimeoutMs: number;
  /** Past this, clinics not yet read are listed as unavailable without being tried. */
  totalTimeoutMs: number;
}

export const DEFAULT_STATS_LIMITS: StatsLimits = { concurrency: 4, clinicTimeoutMs: 5_000, totalTimeoutMs: 25_000 };

class ClinicTimeout extends Error {
  override readonly name = 'ClinicTimeout';
  readonly code = 'CLINIC_STATS_TIMEOUT';
}

/** Settles as `work` does, or rejects after `ms` (`work` goes on, its outcome ignored). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ClinicTimeout(`No answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type ClinicRow = Pick<ClinicEntity, 'id' | 'name' | 'status'>;

/**
 * Platform figures for the superadmin, read from every clinic database a few at a time, each inside
 * `TenantContext.runForClinic` through the domains' own `count()`. A clinic that cannot be read in
 * time is listed as unavailable and left out of the totals; the answer never fails because of one.
 */
@Injectable()
export class SuperadminStatsService {
  private readonly logger = new Logger(SuperadminStatsService.name);
  limits: StatsLimits = { ...DEFAULT_STATS_LIMITS };

  constructor(
    private readonly registry: ClinicRegistryService,
    private readonly context: TenantContext,
    private readonly patients: PatientsService,
    private readonly practitioners: PractitionersService,
    private readonly conversations: ConversationsService,
  ) {}

  async stats(): Promise<SuperadminStatsDto> {
    // Provisioning and failed clinics have no database to serve, so they are not listed.
    const clinics: ClinicRow[] = await this.registry.summaries([ClinicStatus.Active, ClinicStatus.Suspended]);
    const deadline = Date.now() + this.limits.totalTimeoutMs;
    const byClinic = await mapWithConcurrency(clinics, this.limits.concurrency, (clinic) => this.clinicStats(clinic, deadline));
    const available = byClinic.filter((c) => c.available);
    const total = (field: 'patients' | 'conversations' | 'practitioners'): number => available.reduce((sum, c) => sum + (c[field] ?? 0), 0);
    return {
      global: {
        total_clinics: byClinic.length,
        total_patients: total('patients'),
        total_conversations: total('conversations'),
        total_practitioners: total('practitioners'),
      },
      by_clinic: byClinic,
    };
  }

  private async clinicStats(clinic: ClinicRow, deadline: number): Promise<ClinicStatsDto> {
    const unavailable: ClinicStatsDto = { clinic_id: clinic.id, clinic_name: clinic.name, patients: null, conversations: null, practitioners: null, available: false };
    // A suspended clinic is listed but not read: the API serves no suspended clinic (the resolver
    // refuses it, and suspending closed its pool), so it counts as unavailable, outside the totals.
    if (clinic.status !== ClinicStatus.Active) return unavailable;
    const budget = Math.min(this.limits.clinicTimeoutMs, deadline - Date.now());
    if (budget <= 0) {
      this.logger.warn({ clinicId: clinic.id }, 'Clinic not read for the stats: no time left');
      return unavailable;
    }
    try {
      const counts = await withTimeout(
        this.context.runForClinic(clinic.id, async () => ({
          patients: await this.patients.count(),
          practitioners: await this.practitioners.count(),
          conversations: await this.conversations.count(),
        })),
        budget,
      );
      return { ...unavailable, ...counts, available: true };
    } catch (error) {
      const { type, code } = safeErrorForLog(error);
      this.logger.warn({ clinicId: clinic.id, error: { type, code } }, 'Clinic unavailable for the stats');
      return unavailable;
    }
  }
}
