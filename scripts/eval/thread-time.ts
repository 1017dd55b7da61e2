import { readFileSync } from 'node:fs';

/**
 * This thread's time on a CPU and waiting in the scheduler's run queue (Linux schedstat), and the
 * time the virtual machine's host took from all of the guest's CPUs (steal), in ms.
 */
export interface ThreadTime { onCpuMs: number; waitMs: number; stealMs: number }

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
    const stealMs = hostSteal();
    return Number.isFinite(onCpu) && Number.isFinite(wait) ? { onCpuMs: onCpu / 1e6, waitMs: wait / 1e6, stealMs } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The time the host took from all the guest's CPUs so far, in ms, in ticks of 10 ms (/proc/stat's
 * steal column, in USER_HZ = 100): a guest counts it as time on a CPU, so a slice the host
 * interrupted looks like the thread's own work. 0 outside a virtual machine or off Linux.
 */
export function hostSteal(): number {
  try {
    const steal = Number(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/)[8]);
    return Number.isFinite(steal) ? steal * 10 : 0;
  } catch {
    return 0;
  }
}

/** What changed from `a` to `b` (undefined if either is). */
export function threadTimeBetween(a: ThreadTime | undefined, b: ThreadTime | undefined): ThreadTime | undefined {
  return a && b ? { onCpuMs: b.onCpuMs - a.onCpuMs, waitMs: b.waitMs - a.waitMs, stealMs: b.stealMs - a.stealMs } : undefined;
}
