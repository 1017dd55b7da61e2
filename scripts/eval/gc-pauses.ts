import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Records V8's garbage-collection pauses (perf_hooks 'gc' entries, on performance.now()'s clock)
 * so that a bench can tell a slow slice of its own work from one that held a collector's pause.
 */
export class GcPauses {
  private readonly pauses: { start: number; end: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops recording once the entries still queued have been delivered (they come in a later task). */
  async stop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.observer.disconnect();
  }

  /** Milliseconds of pauses inside [start, end). Pauses are recorded in order, so a binary search finds the first. */
  within(start: number, end: number): number {
    let lo = 0, hi = this.pauses.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.pauses[mid].end <= start) lo = mid + 1; else hi = mid; }
    let ms = 0;
    for (let i = lo; i < this.pauses.length && this.pauses[i].start < end; i++) {
      ms += Math.min(end, this.pauses[i].end) - Math.max(start, this.pauses[i].start);
    }
    return ms;
  }
}
