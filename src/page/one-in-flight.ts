/**
 * At most one request in flight: while one is, only the newest request waiting is kept, and it is
 * sent as soon as the one in flight settles. Typing faster than the background answers would
 * otherwise queue a request per keystroke there, and each reply would come later than the one
 * before it, for a word typed long ago.
 */
export class OneInFlight {
  private busy = false;
  private waiting: (() => Promise<unknown> | undefined) | null = null;

  /** @param giveUpMs after this long a request that has not settled no longer holds the next ones back */
  constructor(private readonly giveUpMs = 2000) {}

  /** Sends `request` now, or when the one in flight settles unless a newer one came meanwhile; it returns undefined when it sent nothing. */
  run(request: () => Promise<unknown> | undefined): void {
    if (this.busy) {
      this.waiting = request;
      return;
    }
    const sent = request();
    if (!sent) return;
    this.busy = true;
    let settled = false;
    const release = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.busy = false;
      const next = this.waiting;
      this.waiting = null;
      if (next) this.run(next);
    };
    const timer = setTimeout(release, this.giveUpMs);
    sent.then(release, release);
  }
}
