import type { CDPSession, Page } from 'playwright-core';

/**
 * Reads Inkling's suggestion UI the way only the extension can: from the content
 * script's isolated world (found through the DevTools protocol), where
 * `chrome.dom.openOrClosedShadowRoot` opens our closed shadow root. Page scripts cannot do this.
 */

export interface ShownSuggestions {
  words: string[];
  /** Per chip: the letters marked as a correction of what was typed ('' for a completion). */
  marked: string[];
  ghost: string;
  /** Chip centres in the top page's viewport (for mouse clicks). */
  chips: { x: number; y: number }[];
  href: string;
  /** Whether the bar took its dark style. */
  dark: boolean;
  /** Whether our styles apply (a strict page CSP must not strip them). */
  styled: boolean;
  /** The bar's and the ghost text's boxes in the top page's viewport (ghost: null when not drawn). */
  bar: Box;
  ghostBox: Box | null;
  /** What the frame's page hit-tests at the first chip's centre (our host when the bar is on top). */
  topAtChip: string;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Runs in the content script's world of each frame: what the bar shows, or null. */
const READ_UI = `(() => {
  const host = document.querySelector('inkling-suggestions');
  const root = host && chrome.dom.openOrClosedShadowRoot(host);
  const bar = root && root.querySelector('.bar.shown');
  if (!bar) return null;
  let dx = 0, dy = 0;
  for (let w = window; w.frameElement; w = w.parent) {
    const r = w.frameElement.getBoundingClientRect();
    const s = w.parent.getComputedStyle(w.frameElement);
    dx += r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    dy += r.top + parseFloat(s.borderTopWidth) + parseFloat(s.paddingTop);
  }
  const chips = [...bar.querySelectorAll('.chip')];
  const ghost = root.querySelector('.ghost.shown');
  const box = (el) => { const r = el.getBoundingClientRect(); return { left: dx + r.left, top: dy + r.top, width: r.width, height: r.height }; };
  const first = chips[0] && chips[0].getBoundingClientRect();
  const hit = first && document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
  return {
    words: chips.map((c) => c.firstChild.textContent),
    marked: chips.map((c) => [...c.querySelectorAll('.fix')].map((m) => m.textContent).join('')),
    ghost: ghost ? ghost.textContent : '',
    chips: chips.map((c) => { const r = c.getBoundingClientRect(); return { x: dx + r.left + r.width / 2, y: dy + r.top + r.height / 2 }; }),
    href: location.href,
    dark: bar.classList.contains('dark'),
    styled: getComputedStyle(bar).position === 'fixed' && getComputedStyle(host).zIndex === '2147483647',
    bar: box(bar),
    ghostBox: ghost ? box(ghost) : null,
    topAtChip: hit ? hit.tagName.toLowerCase() : '',
  };
})()`;

/** A round trip to the background from the content script: replies come in order, so
 * once this one is back, every earlier prediction reply has been handled too. */
const FLUSH = `new Promise((done) => chrome.runtime.sendMessage({ inkling: 1, type: 'modelInfo', data: {} }, () => done(true)))`;

export class InklingUi {
  private readonly contexts = new Set<number>();

  private constructor(private readonly cdp: CDPSession) {}

  /** Starts following the extension's isolated worlds in every frame of a page. */
  static async attach(page: Page): Promise<InklingUi> {
    const cdp = await page.context().newCDPSession(page);
    const ui = new InklingUi(cdp);
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.auxData?.type === 'isolated' && String(context.origin).startsWith('chrome-extension://')) {
        ui.contexts.add(context.id);
      }
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => ui.contexts.delete(executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => ui.contexts.clear());
    await cdp.send('Runtime.enable');
    return ui;
  }

  private async evaluateEach<T>(expression: string, awaitPromise = false): Promise<T[]> {
    const results: T[] = [];
    for (const contextId of [...this.contexts]) {
      try {
        const { result, exceptionDetails } = await this.cdp.send('Runtime.evaluate', {
          expression,
          contextId,
          returnByValue: true,
          awaitPromise,
        });
        if (!exceptionDetails && result.value != null) results.push(result.value as T);
      } catch {
        this.contexts.delete(contextId); // the frame went away
      }
    }
    return results;
  }

  /** Evaluates `expression` in the content script's world of every frame (promises awaited); the non-null results. */
  evaluateInContentScript<T>(expression: string): Promise<T[]> {
    return this.evaluateEach<T>(expression, true);
  }

  /** How many frames run Inkling's content script. */
  get frames(): number {
    return this.contexts.size;
  }

  /** The suggestions shown anywhere on the page, or null. */
  async read(): Promise<ShownSuggestions | null> {
    return (await this.evaluateEach<ShownSuggestions>(READ_UI))[0] ?? null;
  }

  /** Waits until every prediction asked for so far has been answered and drawn. */
  async settle(): Promise<void> {
    await this.evaluateEach(FLUSH, true);
    // Drawing happens in the reply's handler, before the next task: one more round trip covers it.
    await this.evaluateEach(FLUSH, true);
  }

  /** Waits for suggestions to be shown (after the latest keystroke's reply), and returns them. */
  async waitForSuggestions(timeoutMs = 10_000): Promise<ShownSuggestions> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.settle();
      const shown = await this.read();
      if (shown && shown.words.length > 0) return shown;
      if (Date.now() > deadline) throw new Error('no suggestions were shown');
      await this.nextFrame();
    }
  }

  /** Waits until what is shown satisfies `check` (polled once per animation frame). */
  async waitUntil(check: (shown: ShownSuggestions | null) => boolean, timeoutMs = 5_000): Promise<ShownSuggestions | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = await this.read();
      if (check(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`the suggestion UI never reached the expected state: ${JSON.stringify(shown)}`);
      await this.nextFrame();
    }
  }

  /** Waits until the content script has started in at least `count` frames. */
  async waitForFrames(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.contexts.size < count) {
      if (Date.now() > deadline) throw new Error(`Inkling runs in ${this.contexts.size} frames, expected ${count}`);
      await this.nextFrame();
    }
  }

  /** Yields to the browser for one animation frame (a condition poll, not a fixed sleep). */
  private async nextFrame(): Promise<void> {
    await this.cdp.send('Runtime.evaluate', {
      expression: 'new Promise((r) => requestAnimationFrame(() => r(true)))',
      awaitPromise: true,
    });
  }

  async detach(): Promise<void> {
    await this.cdp.detach();
  }
}
