import { readFileSync } from 'node:fs';

/**
 * What /proc says about a process: memory and CPU time. Linux only; elsewhere the
 * readers return undefined and the report shows a dash.
 */

/** The kernel's clock ticks per second, in which /proc reports CPU time; 100 on every common Linux. */
const TICKS_PER_SECOND = 100;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/** A `VmRSS`/`VmHWM`-style field of /proc/<pid>/status, in bytes. */
function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  const status = readText(`/proc/${pid}/status`);
  const match = status?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

/** Resident memory of `pid` now, in bytes. */
export function residentBytes(pid: number): number | undefined {
  return statusField(pid, 'VmRSS');
}

/** The most resident memory `pid` has had since it started, in bytes. */
export function peakResidentBytes(pid: number): number | undefined {
  return statusField(pid, 'VmHWM');
}

/** CPU time (user + system) `pid` has used, in seconds. */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name may hold spaces and parentheses; the fields after its last ')' do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks / TICKS_PER_SECOND : undefined;
}

/**
 * Follows the CPU use of a process that may exit at any time: polls /proc and keeps the
 * last reading, so the share of one core it used can be told after it is gone.
 */
export class CpuMeter {
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  private readonly startSeconds: number;
  private lastAt = this.startedAt;
  private lastSeconds: number;

  constructor(private readonly pid: number) {
    this.startSeconds = cpuSeconds(pid) ?? 0;
    this.lastSeconds = this.startSeconds;
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  private sample(): void {
    const seconds = cpuSeconds(this.pid);
    if (seconds === undefined) return;
    this.lastSeconds = seconds;
    this.lastAt = performance.now();
  }

  /** Stops polling and returns the percent of one core used over the time it was followed. */
  stop(): number | undefined {
    this.sample();
    clearInterval(this.timer);
    const wallSeconds = (this.lastAt - this.startedAt) / 1000;
    if (wallSeconds <= 0) return undefined;
    return (100 * (this.lastSeconds - this.startSeconds)) / wallSeconds;
  }
}
