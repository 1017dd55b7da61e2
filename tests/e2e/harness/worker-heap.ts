import type { CDPSession } from 'playwright-core';

/**
 * The extension service worker's heap, read over the DevTools protocol after a forced GC: the
 * JS heap in use, and the backing stores of ArrayBuffers and external strings (the n-gram
 * table's arrays live there; WebAssembly memory, 2.9 MB with the English LSTM's weights, is
 * not among them).
 * `cdp`: any page's session of the browser; the worker is attached through it (Playwright gives
 * no session of its own to a service worker).
 */
export async function workerHeapMB(cdp: CDPSession): Promise<{ js: number; buffers: number }> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://') && t.url.endsWith('/background.js'));
  if (!sw) throw new Error('no extension service worker running');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let next = 0;
  const replies = new Map<number, (result: unknown) => void>();
  const onMessage = (e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (e.sessionId === sessionId && m.id !== undefined) replies.get(m.id)?.(m.error ? new Error(m.error.message) : m.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  const send = async <T>(method: string): Promise<T> => {
    const id = ++next;
    const reply = new Promise<unknown>((done) => replies.set(id, done));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) });
    const result = await reply;
    if (result instanceof Error) throw result;
    return result as T;
  };
  try {
    await send('HeapProfiler.collectGarbage');
    const u = await send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
    return { js: u.usedSize / 2 ** 20, buffers: (u.backingStorageSize ?? 0) / 2 ** 20 };
  } finally {
    cdp.off('Target.receivedMessageFromTarget', onMessage);
    await cdp.send('Target.detachFromTarget', { sessionId });
  }
}
