/**
 * Load: 20 tabs typing at once, in real Chromium with the built extension. Every prediction a
 * tab asks for must be answered, and the service worker's heap must stay small (goal ≤ 64 MB).
 *
 * How it counts without any hook in the shipped code: in each tab's content-script world
 * (reached through DevTools, as the other browser tests do) `chrome.runtime.sendMessage` is
 * wrapped to count predict requests, their answers and their round-trip times. The worker's
 * heap is sampled every 100 ms with DevTools' Runtime.getHeapUsage on the worker target.
 * After the typing every tab leaves its field, so the drafts are learned too, under the same watch.
 *
 * Usage: npm run build && npm run bench:load  (prints the figures; exits 1 if a prediction went
 * unanswered or the heap went over the goal)
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension } from './harness/browser';
import { startPageServer } from './harness/server';
import { InklingUi } from './harness/ui';

const TABS = Number(process.env.INKLING_LOAD_TABS ?? 20);
const HEAP_GOAL_MB = 64;
/** Milliseconds between one tab's keys: about 12 keys a second each, 240 a second in all. */
const KEY_DELAY_MS = 80;
const TEXTS = [
  'Thank you for the update on the project. I think we should meet next week to talk about the plan.',
  'Please send me the notes from the last meeting when you get a chance, and let me know what you think.',
  'I would like to hear what the team thinks about the new schedule before we make a decision on it.',
  'We are going to the station in the morning, and I will call you when we get there with the tickets.',
];

/** Installed in each tab's content-script world: counts predict requests, answers and round trips. */
const COUNTER = `(() => {
  if (globalThis.__load) return true;
  const s = (globalThis.__load = { sent: 0, ok: 0, errors: 0, ms: [] });
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (...args) => {
    const predict = args[0] && args[0].type === 'predict';
    const started = performance.now();
    const reply = send(...args);
    if (predict) {
      s.sent++;
      Promise.resolve(reply).then((r) => {
        if (r && 'ok' in r) s.ok++; else s.errors++;
        s.ms.push(performance.now() - started);
      }, () => s.errors++);
    }
    return reply;
  };
  return true;
})()`;

interface Counts { sent: number; ok: number; errors: number; ms: number[] }

/** The content-script world of a page's top frame, found through DevTools. */
async function contentWorld(page: Page): Promise<{ cdp: CDPSession; eval: (expression: string) => Promise<unknown> }> {
  const cdp = await page.context().newCDPSession(page);
  const worlds: { id: number; frameId: string }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type === 'isolated' && String(context.origin).startsWith('chrome-extension://')) worlds.push({ id: context.id, frameId: context.auxData.frameId as string });
  });
  await cdp.send('Runtime.enable');
  const top = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
  const world = worlds.find((w) => w.frameId === top) ?? worlds[0];
  if (!world) throw new Error('no content-script world in the page');
  return {
    cdp,
    eval: async (expression) => {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
  };
}

/** Samples the service worker's heap through a browser-level DevTools session. */
async function heapSampler(browserSession: CDPSession, extensionId: string) {
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) throw new Error('the extension has no running service worker');
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  browserSession.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  });
  const heap = () => new Promise<{ usedSize: number; totalSize: number; backingStorageSize?: number }>((resolve) => {
    const i = ++id;
    waiting.set(i, resolve as (r: unknown) => void);
    void browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: i, method: 'Runtime.getHeapUsage' }) });
  });
  const peak = { used: 0, total: 0, withBuffers: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const h = await heap();
      peak.used = Math.max(peak.used, h.usedSize);
      peak.total = Math.max(peak.total, h.totalSize);
      peak.withBuffers = Math.max(peak.withBuffers, h.usedSize + (h.backingStorageSize ?? 0));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { peak, stop: async () => { running = false; await loop; } };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

const MB = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const server = await startPageServer();
const browser = await launchWithExtension();
try {
  // Load the model first, so the heap figures are about typing, not start-up.
  const warm = await browser.context.newPage();
  await warm.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await warm.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ inkling: 1, type: 'modelInfo', data: {} }));
  await warm.close();
  const sampler = await heapSampler(await browser.context.browser()!.newBrowserCDPSession(), browser.extensionId);

  const tabs: { page: Page; world: Awaited<ReturnType<typeof contentWorld>>; text: string }[] = [];
  for (let i = 0; i < TABS; i++) {
    const page = await browser.context.newPage();
    const ui = await InklingUi.attach(page);
    await page.goto(`${server.origin}/fields.html`);
    await ui.waitForFrames(1);
    await ui.detach();
    const world = await contentWorld(page);
    await world.eval(COUNTER);
    await page.locator('#area').focus();
    tabs.push({ page, world, text: `${TEXTS[i % TEXTS.length]} Tab ${String.fromCharCode(65 + i)}rvel writes this.` });
  }

  const started = Date.now();
  await Promise.all(tabs.map(({ page, text }) => page.keyboard.type(text, { delay: KEY_DELAY_MS })));
  const typingSeconds = (Date.now() - started) / 1000;
  // Every tab leaves its field: the drafts are stored and learned, all at once.
  await Promise.all(tabs.map(({ page }) => page.locator('#done').click()));
  const deadline = Date.now() + 60_000;
  let counts: Counts[] = [];
  for (;;) {
    counts = await Promise.all(tabs.map(({ world }) => world.eval('globalThis.__load') as Promise<Counts>));
    if (counts.every((c) => c.ok + c.errors === c.sent) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const values = await Promise.all(tabs.map(({ page }) => page.locator('#area').inputValue()));
  // Let learning finish under the sampler.
  const learnDeadline = Date.now() + 60_000;
  for (;;) {
    const waiting = await browser.worker.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('inkling');
      open.onupgradeneeded = () => open.transaction!.abort();
      open.onerror = () => resolve(-1);
      open.onsuccess = () => {
        const req = open.result.transaction('samples').objectStore('samples').index('byLearned').count(0);
        req.onsuccess = () => { open.result.close(); resolve(req.result); };
      };
    }));
    if (waiting === 0 || Date.now() > learnDeadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await sampler.stop();

  const sent = counts.reduce((n, c) => n + c.sent, 0), ok = counts.reduce((n, c) => n + c.ok, 0), errors = counts.reduce((n, c) => n + c.errors, 0);
  const ms = counts.flatMap((c) => c.ms).sort((a, b) => a - b);
  const keys = tabs.reduce((n, t) => n + t.text.length, 0);
  const exact = values.filter((v, i) => v === tabs[i]!.text).length;
  console.log(`${TABS} tabs typed ${keys} keys in ${typingSeconds.toFixed(1)} s (${(keys / typingSeconds).toFixed(0)} keys/s in all) (Chromium ${browser.context.browser()?.version() ?? ''})`);
  console.log(`predictions asked ${sent}, answered ${ok}, errors ${errors}, unanswered ${sent - ok - errors}`);
  console.log(`round trip (content script → worker → content script): median ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${percentile(ms, 100).toFixed(1)} ms`);
  console.log(`fields holding exactly what was typed: ${exact}/${TABS}`);
  console.log(`service worker peak JS heap: used ${MB(sampler.peak.used)} MB, allocated ${MB(sampler.peak.total)} MB; with array buffers (model, Wasm): ${MB(sampler.peak.withBuffers)} MB (goal ≤ ${HEAP_GOAL_MB} MB)`);
  const pass = sent > 0 && ok === sent && exact === TABS && sampler.peak.total <= HEAP_GOAL_MB * 1024 * 1024;
  console.log(pass ? 'pass' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
} finally {
  await browser.close();
  await server.close();
}
