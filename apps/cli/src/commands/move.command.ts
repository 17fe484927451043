import { ClinicMoveService } from '@sophie/servers';
import { CliContext, writeLine } from '../cli-context';

export interface MoveCommandOptions {
  to: string;
  lease?: number;
}

/** `clinics move <id> --to <server>`: copies the clinic's database and role to another server, then switches to it. */
export async function moveClinicCommand(ctx: CliContext, clinicId: string, options: MoveCommandOptions): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const outcome = await ctx.app.get(ClinicMoveService).move(clinicId, options.to, {
    leaseSeconds: options.lease,
    onStep: (step) => writeLine(stderr, `… ${step}`),
  });
  writeLine(stdout, `Clinic ${outcome.clinicId} moved from ${outcome.from} to ${outcome.to}: ${outcome.tables} tables, ${outcome.rows} rows, writes refused for ${(outcome.readOnlyMs / 1000).toFixed(1)} s.`);
  if (!outcome.oldCopyDropped) {
    writeLine(stderr, `The old copy on ${outcome.from} could not be dropped: check it, then drop it by hand.`);
    return 1;
  }
  return 0;
}
