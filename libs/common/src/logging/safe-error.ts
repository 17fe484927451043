import { QueryFailedError } from 'typeorm';

/**
 * What of an error may go into a log line. Database errors keep their SQLSTATE, table and
 * constraint, never their message, detail or query parameters, which can quote patient data
 * ("Failing row contains (…)", "Key (phone)=(…)").
 */
export function safeErrorForLog(error: unknown): Record<string, unknown> {
  if (error instanceof QueryFailedError) {
    const driver = error.driverError as { code?: string; table?: string; constraint?: string; routine?: string };
    return { type: 'QueryFailedError', code: driver.code, table: driver.table, constraint: driver.constraint, routine: driver.routine, stack: error.stack?.split('\n').slice(1, 6).join('\n') };
  }
  if (error instanceof Error) {
    return { type: error.name, message: error.message, code: (error as { code?: unknown }).code, stack: error.stack };
  }
  return { type: typeof error };
}
