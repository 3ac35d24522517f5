import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

/**
 * CPU profile of a load run from /proc (Linux): every second, the CPU time of the server's
 * process, of every PostgreSQL process and of the load generator, and the machine's total busy
 * time. Read from /proc rather than with a library: pidusage (the npm candidate) is not installed
 * and reports one known PID at a time, while PostgreSQL forks a backend per connection that has to
 * be found by name and summed.
 */

export interface ProcStat {
  pid: number;
  /** the executable name, without the parentheses /proc shows it in */
  comm: string;
  /** utime + stime, in clock ticks */
  ticks: number;
}

/** One /proc/<pid>/stat line. The name may hold spaces and ')' so fields are read after the last ')'. */
export function parseProcStat(line: string): ProcStat | null {
  const open = line.indexOf("(");
  const close = line.lastIndexOf(")");
  if (open < 0 || close < open) return null;
  const rest = line.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { pid: Number(line.slice(0, open).trim()), comm: line.slice(open + 1, close), ticks: utime + stime };
}

/** The aggregate `cpu` line of /proc/stat: busy and total clock ticks over all cores. */
export function parseMachineStat(text: string): { busy: number; total: number } | null {
  const line = text.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return null;
  // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user/nice)
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

export interface CpuProfile {
  cores: number;
  seconds: number;
  samples: number;
  /** mean cores busy over the run: each process group and the whole machine */
  serverCores: number;
  postgresCores: number;
  loadGeneratorCores: number;
  machineCores: number;
  /** machine − the three above: other work on the machine (e.g. trainings) and the kernel */
  otherCores: number;
  /** true when the server runs inside the bench process (its figure includes the bench's own work) */
  serverInBenchProcess: boolean;
  saturated: string;
}

const SATURATED_MACHINE = 0.9; // of all cores busy
const SATURATED_THREAD = 0.9; // of one core, for a single-threaded event loop

/**
 * Names the resource that bounded the run. The machine's CPUs first (everything shares them),
 * then a single-threaded event loop at one core (the server's or the load generator's), else none.
 */
export function nameSaturated(p: Omit<CpuProfile, "saturated">): string {
  const c = (x: number) => x.toFixed(2);
  const parts = `server ${c(p.serverCores)}, postgres ${c(p.postgresCores)}, load generator ${c(p.loadGeneratorCores)}, other processes ${c(p.otherCores)}`;
  if (p.machineCores >= SATURATED_MACHINE * p.cores) return `machine CPU: ${c(p.machineCores)} of ${p.cores} cores busy: ${parts}`;
  if (p.loadGeneratorCores >= SATURATED_THREAD) return `load generator's event loop: ${c(p.loadGeneratorCores)} of one core (machine ${c(p.machineCores)} of ${p.cores} cores: ${parts})`;
  if (p.serverCores >= SATURATED_THREAD) return `server's event loop: ${c(p.serverCores)} of one core (machine ${c(p.machineCores)} of ${p.cores} cores: ${parts})`;
  return `no CPU resource saturated: machine ${c(p.machineCores)} of ${p.cores} cores busy (${parts}); the rate was set by the requested load or by latency per request in flight`;
}

/**
 * Ticks of a group of processes between two samples, per PID: a process that appeared between
 * them (a new PostgreSQL backend) counts from zero; one that exited loses its last interval.
 */
export function groupDelta(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of after) sum += Math.max(0, ticks - (before.get(pid) ?? 0));
  return sum;
}

function readStat(pid: number | string): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null; // exited between readdir and read
  }
}

function postgresTicks(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(name);
    if (s?.comm === "postgres") out.set(s.pid, s.ticks);
  }
  return out;
}

interface Sample {
  at: number;
  machine: { busy: number; total: number };
  server: Map<number, number>;
  postgres: Map<number, number>;
  loadGenerator: Map<number, number>;
}

/** Samples every second from `start()` to `stop()`; null on a system without /proc. */
export class CpuSampler {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private loadGeneratorPid: number | undefined;

  constructor(private readonly opts: { serverPid: number; serverInBenchProcess: boolean }) {}

  static available(): boolean {
    try {
      return parseMachineStat(readFileSync("/proc/stat", "utf8")) !== null;
    } catch {
      return false;
    }
  }

  setLoadGenerator(pid: number | undefined): void {
    this.loadGeneratorPid = pid;
  }

  start(): void {
    this.take();
    this.timer = setInterval(() => this.take(), 1000).unref();
  }

  private take(): void {
    const machine = parseMachineStat(readFileSync("/proc/stat", "utf8"));
    if (!machine) return;
    const one = (pid: number | undefined) => {
      const s = pid === undefined ? null : readStat(pid);
      return new Map(s ? [[s.pid, s.ticks]] : []);
    };
    this.samples.push({ at: performance.now(), machine, server: one(this.opts.serverPid), postgres: postgresTicks(), loadGenerator: one(this.loadGeneratorPid) });
  }

  stop(): CpuProfile | null {
    clearInterval(this.timer);
    this.take();
    const s = this.samples;
    if (s.length < 2) return null;
    const cores = os.cpus().length;
    // process ticks and machine ticks share a unit (USER_HZ), so a share of the machine's ticks
    // times the core count is cores busy, with no clock-tick constant to assume
    const machineTicks = s[s.length - 1].machine.total - s[0].machine.total;
    const toCores = (ticks: number) => Math.round(((ticks / machineTicks) * cores) * 100) / 100;
    let server = 0;
    let postgres = 0;
    let loadGenerator = 0;
    for (let i = 1; i < s.length; i++) {
      server += groupDelta(s[i - 1].server, s[i].server);
      postgres += groupDelta(s[i - 1].postgres, s[i].postgres);
      // the load generator starts after the first sample: its first sighting counts from zero
      loadGenerator += groupDelta(s[i - 1].loadGenerator, s[i].loadGenerator);
    }
    const machineCores = toCores(s[s.length - 1].machine.busy - s[0].machine.busy);
    const profile = {
      cores,
      seconds: Math.round((s[s.length - 1].at - s[0].at) / 100) / 10,
      samples: s.length,
      serverCores: toCores(server),
      postgresCores: toCores(postgres),
      loadGeneratorCores: toCores(loadGenerator),
      machineCores,
      otherCores: 0,
      serverInBenchProcess: this.opts.serverInBenchProcess,
    };
    profile.otherCores = Math.max(0, Math.round((machineCores - profile.serverCores - profile.postgresCores - profile.loadGeneratorCores) * 100) / 100);
    return { ...profile, saturated: nameSaturated(profile) };
  }
}
