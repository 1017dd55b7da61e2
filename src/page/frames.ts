/**
 * Same-origin child frames are run by the frame above them, the way webmail and editors use
 * them: the page creates a frame, then writes it (document.write, innerHTML, designMode,
 * srcdoc) at any time. The browser runs content scripts in a frame only at its own moment,
 * `document.open()` erases every event listener of the document (and gives it the parent's
 * URL), so a frame's own script misses what is written later. The frame above sees every
 * change: it watches for frames (a MutationObserver, each frame's `load`) and for documents
 * rewritten (their children replaced), and (re)attaches each time. Cross-origin frames, which
 * it cannot reach, run their own content script.
 */

/** What runs in one document; `listen` (re)adds its event listeners and must be idempotent. */
export interface DocumentSession {
  listen(): void;
}

const FRAMES = 'iframe, frame';

/** Whether a frame is run from its parent (same origin: it can reach us), not by a content script of its own. */
export function runByParent(win: Window): boolean {
  try {
    return win !== win.top && win.frameElement !== null;
  } catch {
    return false; // a cross-origin parent
  }
}

/**
 * Runs `start` in `top` and in every same-origin frame below it, now and as frames are
 * added, navigated or rewritten; `session.listen()` again whenever a document was rewritten.
 * Stops watching when `signal` aborts (the sessions remove their own listeners then).
 */
export function followFrames(top: Document, start: (doc: Document) => DocumentSession, signal: AbortSignal): void {
  const sessions = new WeakMap<Document, DocumentSession>();
  const watched = new WeakSet<Element>();

  const visit = (doc: Document) => {
    let session = sessions.get(doc);
    if (!session) {
      session = start(doc);
      sessions.set(doc, session);
      observe(doc);
    }
    session.listen();
    for (const frame of doc.querySelectorAll<HTMLIFrameElement>(FRAMES)) watchFrame(frame);
  };

  const enter = (frame: HTMLIFrameElement) => {
    let doc: Document | null = null;
    try {
      doc = frame.contentDocument; // null across origins
    } catch {
      return;
    }
    if (doc && doc.defaultView && runByParent(doc.defaultView)) visit(doc);
  };

  const watchFrame = (frame: HTMLIFrameElement) => {
    if (!watched.has(frame)) {
      watched.add(frame);
      // A new document in the frame (navigated, srcdoc set, or written and closed).
      frame.addEventListener('load', () => enter(frame), { signal });
    }
    enter(frame);
  };

  const observe = (doc: Document) => {
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        // The document's own children replaced: document.open() + write(), listeners erased.
        if (record.target === doc) {
          visit(doc);
          continue;
        }
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          const el = node as Element;
          if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') watchFrame(el as HTMLIFrameElement);
          else if (el.firstElementChild) for (const frame of el.querySelectorAll<HTMLIFrameElement>(FRAMES)) watchFrame(frame);
        }
      }
    });
    observer.observe(doc, { childList: true, subtree: true });
    signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  };

  visit(top);
}
