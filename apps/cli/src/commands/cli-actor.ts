import type { RequestActor } from '@sophie/auth';

/** Audit entries made from the CLI carry this actor: no user, the CLI role. */
export const CLI_ACTOR: RequestActor = { userId: null, role: 'CLI', ip: null, requestId: null };
