import { afterEach, describe, expect, it, vi } from 'vitest';
import { OneInFlight } from '../../src/page/one-in-flight';

/** A request the test settles by hand, recording that it was sent. */
function request(sent: string[], name: string) {
  let settle!: (ok: boolean) => void;
  const promise = new Promise<void>((resolve, reject) => { settle = (ok) => (ok ? resolve() : reject(new Error(name))); });
  const send = () => { sent.push(name); return promise; };
  return { send, settle: async (ok = true) => { settle(ok); await promise.catch(() => {}); await Promise.resolve(); } };
}

afterEach(() => vi.useRealTimers());

describe('OneInFlight', () => {
  it('sends the newest waiting request when the one in flight settles, and drops the ones it replaced', async () => {
    const gate = new OneInFlight();
    const sent: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => request(sent, n));
    gate.run(a!.send);
    gate.run(b!.send);
    gate.run(c!.send);
    expect(sent).toEqual(['a']);
    await a!.settle();
    expect(sent).toEqual(['a', 'c']);
    await c!.settle();
    const d = request(sent, 'd');
    gate.run(d.send);
    expect(sent).toEqual(['a', 'c', 'd']);
  });

  it('moves on after a request that failed, and after one sent nothing', async () => {
    const gate = new OneInFlight();
    const sent: string[] = [];
    const a = request(sent, 'a');
    gate.run(a.send);
    gate.run(() => undefined);
    const b = request(sent, 'b');
    gate.run(b.send);
    await a.settle(false);
    expect(sent).toEqual(['a', 'b']);
    await b.settle();
    gate.run(() => undefined);
    const c = request(sent, 'c');
    gate.run(c.send);
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('stops waiting for a request that never settles, and ignores it when it does', async () => {
    vi.useFakeTimers();
    const gate = new OneInFlight(2000);
    const sent: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => request(sent, n));
    gate.run(a!.send);
    gate.run(b!.send);
    vi.advanceTimersByTime(1999);
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'b']);
    await a!.settle();
    gate.run(c!.send);
    expect(sent).toEqual(['a', 'b']); // b is in flight still
    await b!.settle();
    expect(sent).toEqual(['a', 'b', 'c']);
  });
});
