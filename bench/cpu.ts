import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

export interface MachineCpu {
  /** Time the cores spent running anything (user, nice, system, irq, softirq), all cores, in ms. */
  busyMs: number;
  /** Time this virtual machine's cores were ready but the hypervisor ran someone else, in ms. */
  stealMs: number;
}

/** The machine's CPU counters so far (/proc/stat); undefined off Linux. */
export function machineCpu(): MachineCpu | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [label, ...fields] = line.trim().split(/\s+/);
    if (label !== 'cpu') return undefined;
    const [user, nice, system, , , irq, softirq, steal] = fields.slice(0, 8).map(Number);
    const ms = (ticks: number): number => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    return { busyMs: ms(user + nice + system + irq + softirq), stealMs: ms(steal ?? 0) };
  } catch {
    return undefined;
  }
}

/** CPU time of this process so far, in milliseconds: in total, and in the kernel (system). */
export function processCpuMs(): { total: number; system: number } {
  const usage = process.cpuUsage();
  return { total: (usage.user + usage.system) / 1000, system: usage.system / 1000 };
}

export function coreCount(): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ticks. */
  own: number;
  /** cutime + cstime (children waited for), in ticks. */
  children: number;
}

function procStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: split after its closing parenthesis.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14-17.
    return { pid: Number(pid), ppid: Number(fields[1]), own: Number(fields[11]) + Number(fields[12]), children: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a local PostgreSQL server so far (the postmaster, its live processes, and those that
 * exited), in ms; undefined when the server is not visible in /proc (remote, another namespace).
 */
export function postgresCpuMs(postmasterPid: number | undefined): number | undefined {
  if (postmasterPid === undefined) return undefined;
  const postmaster = procStat(postmasterPid);
  if (!postmaster) return undefined;
  let ticks = postmaster.own + postmaster.children;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(entry);
    if (child?.ppid === postmasterPid) ticks += child.own;
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The postmaster of the server a backend pid belongs to, when that backend is visible in /proc. */
export function postmasterOf(backendPid: number): number | undefined {
  const isPostgres = (pid: number): boolean => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
    } catch {
      return false;
    }
  };
  const ppid = procStat(backendPid)?.ppid;
  return ppid !== undefined && isPostgres(backendPid) && isPostgres(ppid) ? ppid : undefined;
}
