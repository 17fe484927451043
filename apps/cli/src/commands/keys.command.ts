import { randomBytes } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { keyId, NOT_SEALED, SecretsService } from '@sophie/common';
import { KeyRotationReport, KeyUsageReport, SealedWalkOptions, SecretRotationService } from '@sophie/tenancy';
import { CliContext, CliIo, writeLine } from '../cli-context';
import { CLI_ACTOR } from './cli-actor';
import { SEALED_COLUMNS } from './sealed-columns';

export interface KeysOptions {
  concurrency?: number;
}

/** `keys generate`: a new random key, on standard output only (its non-secret id goes to standard error). */
export function generateKeyCommand(io: CliIo): number {
  const key = randomBytes(32);
  writeLine(io.stdout, key.toString('base64'));
  writeLine(io.stderr, `New key ${keyId(key)}. Make it SECRETS_KEY, move the current key to SECRETS_KEYS_PREVIOUS, restart, then run \`keys rotate\`.`);
  return 0;
}

/** `keys rotate`: every sealed value under the current key. Exit 0 done, 1 some database failed, 2 refused (another run, or values under unknown keys). */
export async function rotateKeysCommand(ctx: CliContext, options: KeysOptions): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const secrets = ctx.app.get(SecretsService);
  writeLine(stdout, keysLine(secrets));
  const bar = progressBar(ctx);
  const outcome = await ctx.app
    .get(SecretRotationService)
    .rotateAll({ ...walk(ctx, options, bar), actor: CLI_ACTOR })
    .finally(() => bar.stop());
  if (!outcome.acquired) {
    writeLine(stderr, 'Another key rotation is in progress; nothing was done.');
    return 2;
  }
  const { reports } = outcome;
  const table = new Table({ head: ['database', 'result', 're-encrypted', 'already current', 'changed meanwhile', 'refused', 'ms', 'error'], style: { head: [], border: [] } });
  for (const r of reports) table.push([label(r), result(r), r.reencrypted, r.alreadyCurrent, r.changedMeanwhile, r.refused.length, r.durationMs, r.error ?? '']);
  writeLine(stdout, table.toString());
  const sum = (pick: (r: KeyRotationReport) => number): number => reports.reduce((n, r) => n + pick(r), 0);
  const failed = reports.filter((r) => r.error !== undefined);
  const refused = reports.flatMap((r) => r.refused.map((v) => ({ ...v, database: label(r) })));
  writeLine(
    stdout,
    `${reports.length} databases: ${sum((r) => r.reencrypted)} values re-encrypted, ${sum((r) => r.alreadyCurrent)} already current, ` +
      `${sum((r) => r.changedMeanwhile)} changed meanwhile, ${refused.length} refused, ${failed.length} failed`,
  );
  for (const r of failed) writeLine(stderr, `Failed: ${label(r)}: ${r.error}`);
  for (const v of refused) {
    const why = v.reason === 'unknown-key' ? `sealed with unknown key ${v.keyId}` : 'not readable';
    writeLine(stderr, `Refused (${why}): ${v.database} ${v.table}.${v.column} row ${v.rowId}`);
  }
  if (refused.length > 0) {
    writeLine(stderr, 'These values were left as they are: add their key to SECRETS_KEYS_PREVIOUS (or set them again) and run `keys rotate` again.');
    return 2;
  }
  if (failed.length > 0) {
    writeLine(stderr, 'Run `keys rotate` again once these databases are reachable: values already re-encrypted are skipped.');
    return 1;
  }
  return 0;
}

/** `keys status`: per database, how many values are under which key; whether the previous keys are still needed. Exit 1 if a database could not be read. */
export async function keysStatusCommand(ctx: CliContext, options: KeysOptions): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const secrets = ctx.app.get(SecretsService);
  writeLine(stdout, keysLine(secrets));
  const bar = progressBar(ctx);
  const reports = await ctx.app
    .get(SecretRotationService)
    .usage(walk(ctx, options, bar))
    .finally(() => bar.stop());
  const [current, ...previous] = secrets.keyIds();
  const seen = new Set(reports.flatMap((r) => [...r.counts.keys()]));
  const columns = [current, ...previous, ...[...seen].filter((id) => !secrets.keyIds().includes(id)).sort()];
  const role = (id: string): string => (id === current ? `${id} (current)` : previous.includes(id) ? `${id} (previous)` : id === NOT_SEALED ? NOT_SEALED : `${id} (unknown)`);
  const table = new Table({ head: ['database', ...columns.map(role), 'error'], style: { head: [], border: [] } });
  for (const r of reports) table.push([label(r), ...columns.map((id) => r.counts.get(id) ?? 0), r.error ?? '']);
  writeLine(stdout, table.toString());
  const usage = (id: string): { values: number; databases: number } => {
    const using = reports.filter((r) => (r.counts.get(id) ?? 0) > 0);
    return { values: using.reduce((n, r) => n + (r.counts.get(id) ?? 0), 0), databases: using.length };
  };
  const unreadable = reports.filter((r) => r.error !== undefined);
  for (const id of previous) {
    const { values, databases } = usage(id);
    if (values > 0) writeLine(stdout, `Previous key ${id}: still in use by ${values} values in ${databases} databases; keep it and run \`keys rotate\`.`);
    else if (unreadable.length > 0) writeLine(stdout, `Previous key ${id}: not in use in the databases read; keep it until every database can be read.`);
    else writeLine(stdout, `Previous key ${id}: no longer in use; it can be removed from SECRETS_KEYS_PREVIOUS.`);
  }
  for (const id of columns.filter((c) => !secrets.keyIds().includes(c))) {
    const { values, databases } = usage(id);
    const what = id === NOT_SEALED ? 'values are not sealed values' : `values are under key ${id}, neither SECRETS_KEY nor in SECRETS_KEYS_PREVIOUS`;
    writeLine(stdout, `${values} ${what} (${databases} databases): they cannot be read.`);
  }
  for (const r of unreadable) writeLine(stderr, `Could not read ${label(r)}: ${r.error}`);
  return unreadable.length > 0 ? 1 : 0;
}

function keysLine(secrets: SecretsService): string {
  const [current, ...previous] = secrets.keyIds();
  return `Current key ${current}; previous keys: ${previous.length > 0 ? previous.join(', ') : 'none'}.`;
}

function label(r: KeyRotationReport | KeyUsageReport): string {
  return r.clinicId === null ? `registry (${r.databaseName})` : r.clinicId;
}

function result(r: KeyRotationReport): string {
  if (r.error !== undefined) return 'failed';
  if (r.refused.length > 0) return 'refused';
  return r.reencrypted > 0 ? 're-encrypted' : 'up to date';
}

function progressBar(ctx: CliContext): SingleBar {
  return new SingleBar({ format: 'Databases [{bar}] {value}/{total} {failed}', stream: ctx.io.stderr, noTTYOutput: false, hideCursor: true });
}

function walk(ctx: CliContext, options: KeysOptions, bar: SingleBar): SealedWalkOptions {
  let failed = 0;
  return {
    columns: SEALED_COLUMNS,
    concurrency: options.concurrency ?? ctx.config.migrateConcurrency,
    onStart: (total) => bar.start(total, 0, { failed: '' }),
    onDatabaseDone: (done) => {
      if (done.failed) failed += 1;
      bar.increment(1, { failed: failed ? `(${failed} failed)` : '' });
    },
  };
}
