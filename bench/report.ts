import type { LoadResult } from './load';

/** One load run with the CPU the machine spent on it. */
export interface Measured extends LoadResult {
  /** CPU time of the API process (the server) during the run, in milliseconds. */
  serverCpuMs: number;
  /** The part of serverCpuMs spent in the kernel (system calls: sockets on loopback). */
  serverSystemMs: number;
  /** Busy CPU time of the whole machine during the run (all cores), when known. */
  machineBusyMs?: number;
  /** CPU time of the PostgreSQL server during the run, when it runs on this machine. */
  postgresCpuMs?: number;
  /** Clinic pools opened during the run (0 once every clinic's pool is open and none is evicted). */
  poolOpens: number;
  /** CPU time stolen by the hypervisor during the run (all cores), when known: noise from neighbours. */
  stealMs?: number;
}

/** Share of the machine's cores stolen by the hypervisor during a run, in percent. */
export function stealPercent(r: Measured, cores: number): number | undefined {
  return r.stealMs === undefined ? undefined : (r.stealMs / (r.durationSeconds * 1000 * cores)) * 100;
}

export interface CpuPerRequest {
  server: number;
  load: number;
  postgres: number | undefined;
  /** Everything else the machine ran: kernel work outside these processes, and other processes. */
  rest: number | undefined;
}

/** CPU milliseconds per response: the API, the load generator, PostgreSQL, and the rest of the machine. */
export function cpuPerRequest(r: Measured): CpuPerRequest {
  const n = Math.max(1, r.responses);
  const postgres = r.postgresCpuMs === undefined ? undefined : r.postgresCpuMs / n;
  const rest = r.machineBusyMs === undefined ? undefined : Math.max(0, r.machineBusyMs - r.serverCpuMs - r.loadCpuMs - (r.postgresCpuMs ?? 0)) / n;
  return { server: r.serverCpuMs / n, load: r.loadCpuMs / n, postgres, rest };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface VariantSummary {
  name: string;
  rounds: Measured[];
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx responses over every round. */
  errors: number;
  /** Median CPU milliseconds per response (see cpuPerRequest). */
  cpu: CpuPerRequest;
}

export function summarise(name: string, rounds: Measured[]): VariantSummary {
  const cpu = rounds.map(cpuPerRequest);
  const known = (values: Array<number | undefined>): number | undefined =>
    values.every((v) => v !== undefined) ? median(values) : undefined;
  return {
    name,
    rounds,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    cpu: {
      server: median(cpu.map((c) => c.server)),
      load: median(cpu.map((c) => c.load)),
      postgres: known(cpu.map((c) => c.postgres)),
      rest: known(cpu.map((c) => c.rest)),
    },
  };
}

/** A plain fixed-width table: the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function roundLine(variant: string, round: number, r: Measured, cores: number): string {
  const bad = r.errors + r.non2xx;
  const cpu = cpuPerRequest(r);
  const steal = stealPercent(r, cores);
  return (
    `  round ${round} ${variant.padEnd(6)}  ${r.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  ` +
    `p99 ${r.p99.toFixed(2).padStart(7)} ms  ${String(r.responses).padStart(6)} responses in ${r.durationSeconds.toFixed(2)} s  ` +
    `cpu ms/req: api ${cpu.server.toFixed(2)} (kernel ${(r.serverSystemMs / Math.max(1, r.responses)).toFixed(2)}) pg ${cpu.postgres?.toFixed(2) ?? 'n/a'} load ${cpu.load.toFixed(2)} rest ${cpu.rest?.toFixed(2) ?? 'n/a'}` +
    (steal === undefined ? '' : `  steal ${steal.toFixed(0)}%`) +
    (r.poolOpens ? `  POOL OPENS ${r.poolOpens}` : '') +
    (bad ? `  ERRORS ${bad} (${JSON.stringify(r.statusCodes)}, errors ${r.errors}, timeouts ${r.timeouts})` : '')
  );
}

export function resultTable(summaries: VariantSummary[]): string {
  return table(
    ['variant', 'req/s', 'p50 ms', 'p99 ms', 'errors'],
    summaries.map((s) => [s.name, s.requestsPerSecond.toFixed(1), s.p50.toFixed(2), s.p99.toFixed(2), String(s.errors)]),
  );
}

/** Where the machine's CPU went, per response (medians over rounds). */
export function cpuTable(summaries: VariantSummary[]): string {
  const ms = (v: number | undefined): string => (v === undefined ? 'n/a' : v.toFixed(2));
  return table(
    ['variant', 'API process', 'PostgreSQL', 'load generator', 'rest of machine'],
    summaries.map((s) => [s.name, ms(s.cpu.server), ms(s.cpu.postgres), ms(s.cpu.load), ms(s.cpu.rest)]),
  );
}
