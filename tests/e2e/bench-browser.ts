/**
 * Keystroke → suggestion painted, in real Chromium with the built extension.
 *
 * How it measures without any hook in the shipped code: from the DevTools protocol we
 * evaluate in the content script's isolated world, where `chrome.dom.openOrClosedShadowRoot`
 * reaches our closed shadow root. There, a keydown listener records the event's timestamp,
 * and a MutationObserver on the suggestion UI notes each redraw; after the last redraw
 * for a keystroke (the reply to it), requestAnimationFrame + a message-channel task mark
 * the moment that frame has been painted. Latency = painted − keydown.timeStamp.
 * The text is then typed again with Inkling switched off, for the page's own floor.
 * Last, 10,000 words of users' earlier mail are sent as drafts and learned while the text is
 * typed once more: the wall time to learn them all, and the keystrokes' latency meanwhile;
 * the service worker's heap is read before and after (harness/worker-heap.ts).
 * Then the popup is opened 20 times as a page (`popup.html?tab=…`, as the e2e tests do):
 * navigation start → first contentful paint, and → its switches painted (storage read), beside
 * the first paint of a one-heading extension page (added to a copy of the build) as the floor.
 *
 * Usage: npm run build && npm run bench:browser  (prints median and p95; exits 1 over budget)
 *        npm run bench:browser -- --settings '{"suggestionScale":150,"highContrast":true}'
 *        (the same with those settings stored first, e.g. the accessibility features on)
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { EXTENSION_DIR, launchWithExtension } from './harness/browser';
import { workerHeapMB } from './harness/worker-heap';
import { timeOpening } from './harness/page-timing';
import { startPageServer } from './harness/server';
import { InklingUi } from './harness/ui';

/** The extension APIs the worker-side snippets below use. */
declare const chrome: {
  storage: { local: { set(items: object): Promise<void> } };
  tabs: { query(query: object): Promise<{ id?: number }[]> };
};

const BUDGET_P95_MS = 16;
/** The popup should show within this, from navigation start (issue 5). */
const POPUP_GOAL_MS = 100;
const POPUP_OPENS = 20;
/** The floor: an extension page with nothing but a heading, no script. */
const BLANK_PAGE = 'bench-blank.html';
const LEARN_WORDS = 10_000;
/** Below the capture rules' 4,000-character cap on one sample. */
const DRAFT_CHARS = 3500;
const TEXT =
  'Thank you for the update on the project. I think we should meet next week to talk about the plan, ' +
  'and I would like to hear what the team thinks about the new schedule. Let me know if you have any ' +
  'questions before then, and please send me the notes from the last meeting when you get a chance. ';

/**
 * Installed once in the content script's world. Per keystroke it records, in ms after
 * the keydown's timestamp: `shown` — the first frame painted with suggestions for the
 * typed text (drawn on the spot from earlier candidates, or from the reply); `reply` —
 * the frame painted after the last redraw (the background's reply); `echo` — the frame
 * painted with the typed letter itself, the floor no extension can beat.
 */
const PROBE = `(() => {
  const host = document.querySelector('inkling-suggestions');
  const root = chrome.dom.openOrClosedShadowRoot(host);
  const bar = root.querySelector('.bar');
  const st = (globalThis.__inklingBench = { key: 0, last: 0, shown: 0, reply: 0, echo: 0, drawn: 0 });
  const afterPaint = (then) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => then(performance.now());
    channel.port2.postMessage(0);
  });
  addEventListener('keydown', (e) => Object.assign(st, { key: e.timeStamp, last: 0, shown: 0, reply: 0, echo: 0, drawn: 0 }), true);
  addEventListener('input', () => { const key = st.key; afterPaint((now) => { if (st.key === key) st.echo = now - key; }); }, true);
  new MutationObserver(() => {
    if (!st.key || !bar.classList.contains('shown')) return;
    const at = performance.now();
    const key = st.key;
    const first = st.last === 0;
    st.last = at;
    st.drawn = at - key;
    afterPaint((now) => {
      if (st.key !== key) return;
      if (first) st.shown = now - key;
      if (st.last === at) st.reply = now - key;
    });
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  return true;
})()`;

/** Resolves after the next frame has been painted (so any earlier paint mark is recorded). */
const AFTER_NEXT_PAINT = `new Promise((done) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => done(true); c.port2.postMessage(0); }))`;

async function evaluateInExtensionWorld(cdp: CDPSession, contextId: number, expression: string): Promise<unknown> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(`in the content script world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}

/** A small seeded generator, so every run types with the same rhythm. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Users' earlier mail (the public personalization writers), cut at paragraphs into drafts
 * under the capture limit, as fields left one after another would send them.
 */
function userDrafts(): string[] {
  const shared = process.env.INKLING_SHARED_DIR ?? resolve(import.meta.dirname, '../../../shared');
  const dir = join(shared, 'eval/data/en/personal');
  const paragraphs = readdirSync(dir).sort()
    .flatMap((writer) => ['adapt.txt', 'test.txt'].flatMap((file) => readFileSync(join(dir, writer, file), 'utf8').split(/\n\s*\n/)))
    .map((p) => p.trim()).filter(Boolean);
  const drafts: string[] = [];
  let draft = '';
  for (const p of paragraphs) {
    if (draft && draft.length + p.length > DRAFT_CHARS) { drafts.push(draft); draft = ''; }
    draft = draft ? `${draft}\n\n${p}` : p.slice(0, DRAFT_CHARS);
  }
  if (draft) drafts.push(draft);
  return drafts;
}

/** A copy of the built extension with BLANK_PAGE added (the build itself stays as it is). */
function extensionWithBlankPage(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'inkling-bench-')), 'chrome-mv3');
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  writeFileSync(join(dir, BLANK_PAGE), '<!doctype html><html lang="en"><meta charset="utf-8"><title>Inkling</title><h1>Inkling</h1></html>');
  return dir;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const settingsArg = process.argv.indexOf('--settings');
const settings = settingsArg > 0 ? (JSON.parse(process.argv[settingsArg + 1] ?? '{}') as Record<string, unknown>) : undefined;
const server = await startPageServer();
const extensionDir = extensionWithBlankPage();
const browser = await launchWithExtension({ extensionDir });
if (settings) {
  await browser.worker.evaluate((s) => (globalThis as unknown as { chrome: { storage: { local: { set(o: object): Promise<void> } } } }).chrome.storage.local.set({ settings: s }), settings);
  console.log(`settings stored first: ${JSON.stringify(settings)}`);
}
try {
  const page = await browser.context.newPage();
  const ui = await InklingUi.attach(page);
  const cdp = await browser.context.newCDPSession(page);
  const contexts: number[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type === 'isolated' && String(context.origin).startsWith('chrome-extension://')) contexts.push(context.id);
  });
  await cdp.send('Runtime.enable');
  await page.goto(`${server.origin}/basic.html`);
  await ui.waitForFrames(3);
  const area = page.locator('#area');
  await area.click();
  // Warm up: load the model and draw the UI once, then start measuring.
  await page.keyboard.type('I would like to th');
  await ui.waitForSuggestions(30_000);
  await area.fill('');
  const mainFrameId = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
  let contextId = -1;
  for (const id of contexts) {
    const href = await evaluateInExtensionWorld(cdp, id, 'window === window.top ? location.href : null').catch(() => null);
    if (href) contextId = id;
  }
  if (contextId < 0) throw new Error(`no content-script world found in frame ${mainFrameId}`);
  await evaluateInExtensionWorld(cdp, contextId, PROBE);

  const samples = { learning: [] as number[], shown: [] as number[], reply: [] as number[], drawn: [] as number[], echo: [] as number[], lag: [] as number[], bare: [] as number[] };
  /** Types TEXT with a human rhythm, calling `record` with each keystroke's timings. */
  const typeText = async (record: (st: Record<'shown' | 'reply' | 'drawn' | 'echo', number>) => void, stop = () => false) => {
    const random = mulberry32(7);
    for (const char of TEXT) {
      if (stop()) return;
      // Human typing cadence (60–140 ms between keys, seeded): keystrokes then land at any
      // point of the 16.7 ms frame, as they do for a person, instead of right after a paint.
      await new Promise((done) => setTimeout(done, 60 + 80 * random()));
      await page.keyboard.type(char);
      await ui.settle();
      await evaluateInExtensionWorld(cdp, contextId, AFTER_NEXT_PAINT);
      record((await evaluateInExtensionWorld(cdp, contextId, 'globalThis.__inklingBench')) as Record<'shown' | 'reply' | 'drawn' | 'echo', number>);
    }
  };
  await typeText((st) => {
    if (st.echo > 0) samples.echo.push(st.echo);
    if (st.shown > 0) {
      samples.shown.push(st.shown);
      samples.reply.push(st.reply);
      samples.drawn.push(st.drawn);
      if (st.echo > 0) samples.lag.push(Math.max(0, st.shown - st.echo));
    }
  });
  // The same typing with Inkling switched off: how fast this machine paints a letter on its own.
  await browser.worker.evaluate(() => chrome.storage.local.set({ suggestEverywhere: false }));
  await area.fill('');
  await area.click();
  await typeText((st) => {
    if (st.echo > 0) samples.bare.push(st.echo);
  });
  // Learning 10,000 words of the user's writing while the user keeps typing.
  await browser.worker.evaluate(() => chrome.storage.local.set({ suggestEverywhere: true }));
  await area.fill('');
  await area.click();
  const heapBefore = await workerHeapMB(cdp);
  const drafts = userDrafts();
  const learnStart = performance.now();
  let stored = 0;
  for (const [i, text] of drafts.entries()) {
    if (stored >= LEARN_WORDS) break;
    const reply = (await evaluateInExtensionWorld(cdp, contextId,
      `chrome.runtime.sendMessage({ inkling: 1, type: 'draft', data: { draftKey: 'bench:${i}', text: ${JSON.stringify(text)}, pasted: [] } })`)) as { ok?: { stored: boolean } };
    if (reply.ok?.stored) stored += text.split(/\s+/).filter(Boolean).length;
  }
  let learnedMs = 0;
  const poll = (async () => {
    for (;;) {
      const status = (await evaluateInExtensionWorld(cdp, contextId, `chrome.runtime.sendMessage({ inkling: 1, type: 'learningStatus', data: {} })`)) as { ok: { waiting: number; learning: boolean } };
      if (status.ok.waiting === 0 && !status.ok.learning) return (learnedMs = performance.now() - learnStart);
      await new Promise((done) => setTimeout(done, 200));
    }
  })();
  await typeText((st) => {
    if (learnedMs === 0 && st.shown > 0) samples.learning.push(st.shown);
  }, () => learnedMs > 0);
  await poll;

  const line = (label: string, values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const fmt = (n: number) => n.toFixed(1).padStart(6);
    console.log(`${label.padEnd(46)} median ${fmt(percentile(sorted, 50))} ms   p95 ${fmt(percentile(sorted, 95))} ms`);
    return percentile(sorted, 95);
  };
  console.log(`${TEXT.length} keystrokes, ${samples.shown.length} with suggestions on screen (Chromium ${browser.context.browser()?.version() ?? ''})`);
  const p95 = line('keystroke → suggestions painted', samples.shown);
  line('keystroke → background reply painted', samples.reply);
  line('keystroke → last suggestion redraw (DOM)', samples.drawn);
  line('keystroke → typed letter painted', samples.echo);
  const floorP95 = line('same, Inkling switched off', samples.bare);
  line('suggestions painted after the letter by', samples.lag);
  console.log(`learned ${stored.toLocaleString('en')} words of user text in ${(learnedMs / 1000).toFixed(1)} s (goal ≤ 120 s); while learning:`);
  if (samples.learning.length) line(`  keystroke → suggestions painted (${samples.learning.length} keys)`, samples.learning);
  const heap = await workerHeapMB(cdp), mb = (h: typeof heap) => `${(h.js + h.buffers).toFixed(1)} MB (JS ${h.js.toFixed(1)} + ArrayBuffers ${h.buffers.toFixed(1)})`;
  console.log(`service worker heap after a forced GC: ${mb(heapBefore)} with the model loaded, ${mb(heap)} after learning (WebAssembly memory not counted; goal ≤ 64 MB)`);
  console.log(p95 <= BUDGET_P95_MS ? `within budget (p95 ≤ ${BUDGET_P95_MS} ms)` : `over budget (p95 > ${BUDGET_P95_MS} ms)`);
  if (floorP95 > BUDGET_P95_MS) {
    console.log(`note: with Inkling off the typed letter alone takes p95 ${floorP95.toFixed(1)} ms to paint here: this machine cannot meet the budget`);
  }
  process.exitCode = p95 <= BUDGET_P95_MS ? 0 : 1;

  // The popup, opened as a page about the typing tab, alternating with the blank floor page.
  await page.bringToFront();
  const tabId = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!);
  const popup = { fcp: [] as number[], switches: [] as number[], blank: [] as number[] };
  for (let i = 0; i < POPUP_OPENS; i++) {
    const opened = await timeOpening(browser.context, `chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`, '.switches');
    popup.fcp.push(opened.fcp);
    popup.switches.push(opened.shown);
    popup.blank.push((await timeOpening(browser.context, `chrome-extension://${browser.extensionId}/${BLANK_PAGE}`, 'h1')).fcp);
  }
  console.log(`popup opened ${POPUP_OPENS} times, from navigation start (the first open is cold):`);
  const popupP95 = line('  popup → first contentful paint', popup.fcp);
  line('  popup → switches painted (settings read)', popup.switches);
  line('  blank page (floor) → first contentful paint', popup.blank);
  console.log(popupP95 < POPUP_GOAL_MS ? `popup within goal (p95 < ${POPUP_GOAL_MS} ms)` : `popup over goal (p95 ≥ ${POPUP_GOAL_MS} ms)`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dirname(extensionDir), { recursive: true, force: true });
}
