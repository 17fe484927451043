const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLINIC_IDENTIFIER = /^[a-z][a-z0-9]{0,15}_clinic_(?:[0-9a-f]{32}(?:_[a-z0-9]{1,6})?|template)$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function checked(name: string): string {
  if (!CLINIC_IDENTIFIER.test(name)) throw new Error(`Refusing an unexpected database identifier: ${name}`);
  return name;
}

/** `<prefix>_clinic_<uuid without dashes>`: the name of a clinic's database and of its role. */
export function clinicDatabaseName(prefix: string, clinicId: string): string {
  if (!isUuid(clinicId)) throw new Error('A clinic id must be a UUID');
  return checked(`${prefix}_clinic_${clinicId.toLowerCase().replace(/-/g, '')}`);
}

/**
 * Another database of the same clinic, `<its usual name>_<tag>`: a restore (or a move) fills it while the
 * clinic still serves from its current one, then the registry switches over. The role keeps its name.
 */
export function clinicDatabaseGeneration(prefix: string, clinicId: string, tag: string): string {
  if (!/^[a-z0-9]{1,6}$/.test(tag)) throw new Error('A database generation tag is 1-6 lowercase letters or digits');
  return checked(`${clinicDatabaseName(prefix, clinicId)}_${tag}`);
}

/** The migrated template that new clinic databases are copied from. */
export function clinicTemplateName(prefix: string): string {
  return checked(`${prefix}_clinic_template`);
}

/** Validates a database or role name read back from the registry before it goes into DDL. */
export function assertClinicIdentifier(name: string): string {
  return checked(name);
}

/** Double-quotes a validated identifier for DDL (CREATE DATABASE and CREATE ROLE take no parameters). */
export function quoteIdentifier(name: string): string {
  return `"${checked(name).replace(/"/g, '""')}"`;
}
