import { MAX_DRAFT_CHARS, MAX_LANG_TAG_CHARS, MAX_PASTED, type DraftParams } from '../messaging/protocol';
import { langTagOf } from './lang';

interface Draft {
  key: string;
  pasted: string[];
  dirty: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** The draft as it would be sent, read shortly after the last keystroke (null: typed since). */
  ready: DraftParams | null;
  snapshotTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Follows what the user writes in each field and sends the field's text as one draft when the
 * user leaves the field, submits a form, or pauses — the final version, not every keystroke.
 * Pasted text is remembered so the background can leave it out.
 */
export class DraftTracker {
  private readonly drafts = new Map<HTMLElement, Draft>();
  private readonly visit = Math.random().toString(36).slice(2, 10);
  private count = 0;

  constructor(
    private readonly send: (draft: DraftParams) => void,
    private readonly read: (field: HTMLElement) => string,
    private readonly pauseMs = 4000,
    private readonly snapshotMs = 250,
  ) {}

  private draftOf(field: HTMLElement): Draft {
    let d = this.drafts.get(field);
    if (!d) this.drafts.set(field, (d = { key: `${this.visit}:${++this.count}`, pasted: [], dirty: false, ready: null }));
    return d;
  }

  /** The user typed in the field: commit after a pause. */
  typed(field: HTMLElement): void {
    const d = this.draftOf(field);
    d.dirty = true;
    d.ready = null;
    clearTimeout(d.timer);
    d.timer = setTimeout(() => this.commit(field), this.pauseMs);
    // Read the field soon after typing stops, so leaving the page has nothing left to read.
    clearTimeout(d.snapshotTimer);
    d.snapshotTimer = setTimeout(() => { d.ready = this.draftParams(field, d); }, this.snapshotMs);
  }

  /** The user pasted `text` into the field. */
  pasted(field: HTMLElement, text: string): void {
    if (!text.trim()) return;
    const d = this.draftOf(field);
    d.pasted.push(text);
    d.ready = null;
  }

  /** Sends the field's text if it changed since the last commit. */
  commit(field: HTMLElement): void {
    const d = this.drafts.get(field);
    if (!d?.dirty) return;
    this.sendDraft(d, this.draftParams(field, d));
  }

  /**
   * Commits every field (form submitted, page hidden). As a page is torn down the browser may
   * stop our script at any moment (Firefox: "Script terminated by timeout"), so every draft is
   * sent before any is read, from what was read after the last keystroke where possible.
   */
  commitAll(): void {
    const pending = [...this.drafts].filter(([, d]) => d.dirty);
    const unread = pending.filter(([, d]) => !d.ready);
    for (const [, d] of pending) if (d.ready) this.sendDraft(d, d.ready);
    for (const [field, d] of unread) this.sendDraft(d, this.draftParams(field, d));
  }

  private sendDraft(d: Draft, draft: DraftParams): void {
    clearTimeout(d.timer);
    clearTimeout(d.snapshotTimer);
    d.dirty = false;
    d.ready = null;
    this.send(draft);
  }

  private draftParams(field: HTMLElement, d: Draft): DraftParams {
    const text = this.read(field);
    const lang = langTagOf(field)?.slice(0, MAX_LANG_TAG_CHARS);
    return {
      draftKey: d.key, text: text.length > MAX_DRAFT_CHARS ? text.slice(-MAX_DRAFT_CHARS) : text, pasted: d.pasted.slice(-MAX_PASTED),
      ...(lang ? { lang } : {}),
    };
  }
}

/** The whole text of a field as the user sees it. */
export function fieldText(field: HTMLElement): string {
  // By tag, not instanceof: a field of a child frame has that frame's classes.
  if (field.tagName === 'INPUT' || field.tagName === 'TEXTAREA') return (field as HTMLInputElement).value;
  return field.innerText ?? field.textContent ?? '';
}
