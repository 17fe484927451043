/**
 * How long one statement of a clinic role may run. It is the role's own setting (`ALTER ROLE … SET`, applied at
 * provisioning and by every `migrate`), which PostgreSQL applies to each new session of the role: through a pooler in
 * transaction mode, where startup parameters are not passed on, as well as directly. Direct pools also send it at
 * connect, so a clinic not migrated since keeps it.
 */
export const CLINIC_STATEMENT_TIMEOUT_MS = 15_000;

/** The settings every clinic role carries (names and values are constants, never user input). */
export const CLINIC_ROLE_SETTINGS: ReadonlyArray<readonly [name: string, value: string]> = [['statement_timeout', String(CLINIC_STATEMENT_TIMEOUT_MS)]];
