import { SuperadminClinicsService } from '@sophie/clinics';
import { DomainError } from '@sophie/common';
import { generatePassword, UserRole, UsersService } from '@sophie/registry';
import { CliContext, writeLine } from '../cli-context';
import { CLI_ACTOR } from './cli-actor';

export interface CreateUserOptions {
  username: string;
  password?: string;
  clinic?: string;
  superadmin?: boolean;
}

/** `users create`: a clinic ADMIN (--clinic) or a SUPERADMIN (--superadmin). A missing password is generated and printed once. */
export async function createUserCommand(ctx: CliContext, options: CreateUserOptions): Promise<number> {
  const { stdout, stderr } = ctx.io;
  if (Boolean(options.clinic) === Boolean(options.superadmin)) {
    writeLine(stderr, 'Give exactly one of --clinic <id> (a clinic admin) or --superadmin.');
    return 2;
  }
  const password = options.password ?? generatePassword(options.username);
  try {
    const user = options.superadmin
      ? await ctx.app.get(UsersService).create({ username: options.username, password, role: UserRole.SuperAdmin, clinicId: null })
      : await ctx.app.get(SuperadminClinicsService).createUser(options.clinic as string, options.username, password, CLI_ACTOR);
    writeLine(stdout, `User created: ${user.username} (${user.role}${user.clinicId ? `, clinic ${user.clinicId}` : ''})`);
    if (!options.password) writeLine(stdout, `Password (shown once): ${password}`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      writeLine(stderr, error.message);
      return 2;
    }
    throw error;
  }
}
