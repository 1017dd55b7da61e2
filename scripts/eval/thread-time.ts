import { readFileSync } from 'node:fs';

/** This thread's time on a CPU and waiting in the scheduler's run queue, in ms (Linux schedstat). */
export interface ThreadTime { onCpuMs: number; waitMs: number }

/**
 * Reads /proc/thread-self/schedstat (nanoseconds on a CPU, nanoseconds runnable but waiting for
 * one), so that a bench can tell a slow slice of its own work from one the kernel kept off the
 * CPU while other threads ran (V8's collector and compiler threads, other processes: this
 * machine has two cores). The time on a CPU of a running thread is as of its last scheduler
 * tick or switch, so a reading can lag by a tick (a few milliseconds); the waiting time is exact, ended by
 * the switch that ends it. Undefined where the file is not there (not Linux, or no schedstats).
 */
export function threadTime(): ThreadTime | undefined {
  try {
    const [onCpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return Number.isFinite(onCpu) && Number.isFinite(wait) ? { onCpuMs: onCpu / 1e6, waitMs: wait / 1e6 } : undefined;
  } catch {
    return undefined;
  }
}

/** What changed from `a` to `b` (undefined if either is). */
export function threadTimeBetween(a: ThreadTime | undefined, b: ThreadTime | undefined): ThreadTime | undefined {
  return a && b ? { onCpuMs: b.onCpuMs - a.onCpuMs, waitMs: b.waitMs - a.waitMs } : undefined;
}
