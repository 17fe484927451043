import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { ConversationsService } from '@sophie/conversations';
import type { PatientsService } from '@sophie/patients';
import type { PractitionersService } from '@sophie/practitioners';
import { ClinicRegistryService, ClinicStatus } from '@sophie/registry';
import type { TenantContext } from '@sophie/tenancy';
import { SuperadminStatsService } from './superadmin-stats.service';

type Behaviour = number | 'down' | 'hang';

/** A stats service over fake clinics: `behaviour[id]` is what that clinic's count() does. */
function serviceOver(clinics: Array<{ id: string; status: ClinicStatus }>, behaviour: Record<string, Behaviour>) {
  const scope = new AsyncLocalStorage<string>();
  let running = 0;
  let maxRunning = 0;
  const read: string[] = [];
  const context = {
    runForClinic: async <T>(clinicId: string, work: () => Promise<T>): Promise<T> => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      read.push(clinicId);
      try {
        return await scope.run(clinicId, work);
      } finally {
        running -= 1;
      }
    },
  };
  const count = async (): Promise<number> => {
    const what = behaviour[scope.getStore() ?? ''];
    await new Promise((resolve) => setImmediate(resolve));
    if (what === 'down') throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
    if (what === 'hang') return new Promise<number>(() => undefined);
    return what;
  };
  const registry = { summaries: () => Promise.resolve(clinics.map((c) => ({ ...c, name: `Clinic ${c.id}` }))) };
  const service = new SuperadminStatsService(
    registry as unknown as ClinicRegistryService,
    context as unknown as TenantContext,
    { count } as unknown as PatientsService,
    { count } as unknown as PractitionersService,
    { count } as unknown as ConversationsService,
  );
  return { service, maxRunning: () => maxRunning, read };
}

describe(SuperadminStatsService.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('reads at most `concurrency` clinics at once and sums the available ones', async () => {
    const clinics = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, status: ClinicStatus.Active }));
    const { service, maxRunning } = serviceOver(clinics, Object.fromEntries(clinics.map((c, i) => [c.id, i])));
    const stats = await service.stats();
    expect(maxRunning()).toBe(4);
    expect(stats.global).toEqual({ total_clinics: 10, total_patients: 45, total_conversations: 45, total_practitioners: 45 });
    expect(stats.by_clinic.every((c) => c.available && c.conversations === c.patients)).toBe(true);
  });

  it('lists a failing or slow clinic as unavailable, within the per-clinic timeout, and leaves it out of the totals', async () => {
    const clinics = ['up', 'down', 'slow'].map((id) => ({ id, status: ClinicStatus.Active }));
    const { service } = serviceOver(clinics, { up: 3, down: 'down', slow: 'hang' });
    // Generous enough that the healthy clinic answers in time even on a loaded CI machine.
    service.limits = { concurrency: 4, clinicTimeoutMs: 1_000, totalTimeoutMs: 10_000 };
    const started = Date.now();
    const stats = await service.stats();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stats.by_clinic).toEqual([
      { clinic_id: 'up', clinic_name: 'Clinic up', patients: 3, conversations: 3, practitioners: 3, available: true },
      { clinic_id: 'down', clinic_name: 'Clinic down', patients: null, conversations: null, practitioners: null, available: false },
      { clinic_id: 'slow', clinic_name: 'Clinic slow', patients: null, conversations: null, practitioners: null, available: false },
    ]);
    expect(stats.global).toEqual({ total_clinics: 3, total_patients: 3, total_conversations: 3, total_practitioners: 3 });
  });

  it('bounds the whole answer: clinics left when the total time is spent are not tried', async () => {
    const clinics = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, status: ClinicStatus.Active }));
    const { service, read } = serviceOver(clinics, Object.fromEntries(clinics.map((c) => [c.id, 'hang' as const])));
    service.limits = { concurrency: 1, clinicTimeoutMs: 100, totalTimeoutMs: 250 };
    const started = Date.now();
    const stats = await service.stats();
    // One at a time with no total bound, the five would take 500 ms.
    expect(Date.now() - started).toBeLessThan(400);
    expect(read.length).toBeLessThan(5);
    expect(stats.by_clinic.map((c) => c.available)).toEqual([false, false, false, false, false]);
  });

  it('lists a suspended clinic as unavailable without opening its database', async () => {
    const { service, read } = serviceOver([{ id: 'paused', status: ClinicStatus.Suspended }], { paused: 7 });
    const stats = await service.stats();
    expect(read).toEqual([]);
    expect(stats.by_clinic[0]).toMatchObject({ clinic_id: 'paused', available: false, patients: null });
    expect(stats.global.total_clinics).toBe(1);
  });
});
