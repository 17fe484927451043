import { SecretBox } from './secret-box';

/**
 * Where sealed values live: a table, the column that names a row, and its columns holding SecretBox values (or null).
 * Each domain declares its own beside its entities, so that `keys rotate` and `keys status` find every one.
 */
export interface SealedColumns {
  readonly table: string;
  readonly idColumn: string;
  readonly columns: readonly string[];
}

/** Runs one statement with parameters and answers its rows: a pg Client's or a TypeORM DataSource's `query`. */
export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Where a value is: never the value. */
export interface SealedValueLocation {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

/** A value left as it was: sealed with a key neither current nor previous, or not readable as a sealed value. */
export interface RefusedSealedValue extends SealedValueLocation {
  /** The key id the value names; null when the value does not have our sealed format. */
  readonly keyId: string | null;
  readonly reason: 'unknown-key' | 'unreadable';
}

export interface SealedRotationResult {
  /** Values sealed again under the current key. */
  reencrypted: number;
  /** Values found already under the current key (a second run finds them all there). */
  alreadyCurrent: number;
  /** Values another writer changed between our read and our write: theirs was kept. */
  changedMeanwhile: number;
  refused: RefusedSealedValue[];
}

/** How `countSealedValues` names values that do not have our sealed format. */
export const NOT_SEALED = 'not-sealed';

/** Rows read at a time. */
const BATCH = 200;
/** Attempts at one value that other writers keep changing, before leaving it to the next run. */
const ATTEMPTS = 3;

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

async function tableExists(query: SqlQuery, table: string): Promise<boolean> {
  const rows = await query('SELECT to_regclass($1) IS NOT NULL AS present', [`public.${ident(table)}`]);
  return rows[0]?.present === true;
}

/** How many values of these columns are under each key id (NOT_SEALED for anything else). Tables not there are skipped. */
export async function countSealedValues(query: SqlQuery, tables: readonly SealedColumns[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    if (!(await tableExists(query, t.table))) continue;
    for (const column of t.columns) {
      const c = ident(column);
      const rows = await query(
        `SELECT CASE WHEN ${c} ~ '^v1:[0-9a-f]{8}:[^:]*:[^:]*:[^:]*$' THEN split_part(${c}, ':', 2) ELSE '${NOT_SEALED}' END AS key_id, count(*)::int AS n
           FROM ${ident(t.table)} WHERE ${c} IS NOT NULL GROUP BY 1`,
      );
      for (const row of rows) counts.set(String(row.key_id), (counts.get(String(row.key_id)) ?? 0) + Number(row.n));
    }
  }
  return counts;
}

/**
 * Seals every value of these columns that is not under the box's current key again under it. Each write is a
 * compare-and-swap (only if the column still holds the value read), so a value another process wrote meanwhile is
 * never overwritten; it is read again, and sealed again only if still under an older key. Values under a key the box
 * does not have, or not readable, are left as they are and reported by location. Idempotent and resumable.
 */
export async function rotateSealedValues(query: SqlQuery, box: SecretBox, tables: readonly SealedColumns[]): Promise<SealedRotationResult> {
  const result: SealedRotationResult = { reencrypted: 0, alreadyCurrent: 0, changedMeanwhile: 0, refused: [] };
  const current = `v1:${box.currentId}:%`;
  for (const t of tables) {
    if (!(await tableExists(query, t.table))) continue;
    const table = ident(t.table);
    const id = ident(t.idColumn);
    for (const column of t.columns) {
      const c = ident(column);
      const counted = await query(`SELECT count(*)::int AS n FROM ${table} WHERE ${c} LIKE $1`, [current]);
      result.alreadyCurrent += Number(counted[0]?.n ?? 0);
      const rotateOne = async (rowId: string, read: string): Promise<void> => {
        let value: string | null = read;
        for (let attempt = 0; value !== null; attempt += 1) {
          const kid = SecretBox.keyIdOf(value);
          if (kid === box.currentId || attempt === ATTEMPTS) break;
          const where = { table: t.table, column, rowId, keyId: kid };
          if (kid === null || !box.keyIds().includes(kid)) {
            result.refused.push({ ...where, reason: kid === null ? 'unreadable' : 'unknown-key' });
            return;
          }
          let sealed: string;
          try {
            sealed = box.encrypt(box.decrypt(value));
          } catch {
            result.refused.push({ ...where, reason: 'unreadable' });
            return;
          }
          // A SELECT around the UPDATE: TypeORM answers an UPDATE's rows in another shape than a SELECT's.
          const swapped = await query(`WITH s AS (UPDATE ${table} SET ${c} = $1 WHERE ${id} = $2 AND ${c} = $3 RETURNING 1) SELECT count(*)::int AS n FROM s`, [
            sealed,
            rowId,
            value,
          ]);
          if (Number(swapped[0]?.n) > 0) {
            result.reencrypted += 1;
            return;
          }
          const again = await query(`SELECT ${c} AS value FROM ${table} WHERE ${id} = $1`, [rowId]);
          value = (again[0]?.value as string | null | undefined) ?? null;
        }
        result.changedMeanwhile += 1;
      };
      let after: string | null = null;
      for (;;) {
        const rows = await query(
          `SELECT ${id}::text AS id, ${c} AS value FROM ${table}
            WHERE ${c} IS NOT NULL AND ${c} NOT LIKE $1 AND ($2::text IS NULL OR ${id}::text > $2)
            ORDER BY ${id}::text LIMIT ${BATCH}`,
          [current, after],
        );
        for (const row of rows) await rotateOne(String(row.id), String(row.value));
        if (rows.length < BATCH) break;
        after = String(rows[rows.length - 1].id);
      }
    }
  }
  return result;
}
