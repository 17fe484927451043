import { CLINIC_ENTITIES } from '../../api/src/app.module';
import { WORKER_CLINIC_ENTITIES, WorkerModule } from './worker.module';

describe(WorkerModule.name, () => {
  it('maps every clinic entity the API maps, and no other', () => {
    expect(new Set(WORKER_CLINIC_ENTITIES)).toEqual(new Set(CLINIC_ENTITIES));
    expect(WORKER_CLINIC_ENTITIES).toHaveLength(CLINIC_ENTITIES.length);
  });
});
