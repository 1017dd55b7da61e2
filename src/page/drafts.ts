import { MAX_DRAFT_CHARS, MAX_LANG_TAG_CHARS, MAX_PASTED, type DraftParams } from '../messaging/protocol';
import { langTagOf } from './lang';

interface Draft { key: string; pasted: string[]; dirty: boolean; timer?: ReturnType<typeof setTimeout> }

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
  ) {}

  private draftOf(field: HTMLElement): Draft {
    let d = this.drafts.get(field);
    if (!d) this.drafts.set(field, (d = { key: `${this.visit}:${++this.count}`, pasted: [], dirty: false }));
    return d;
  }

  /** The user typed in the field: commit after a pause. */
  typed(field: HTMLElement): void {
    const d = this.draftOf(field);
    d.dirty = true;
    clearTimeout(d.timer);
    d.timer = setTimeout(() => this.commit(field), this.pauseMs);
  }

  /** The user pasted `text` into the field. */
  pasted(field: HTMLElement, text: string): void {
    if (text.trim()) this.draftOf(field).pasted.push(text);
  }

  /** Sends the field's text if it changed since the last commit. */
  commit(field: HTMLElement): void {
    const d = this.drafts.get(field);
    if (!d?.dirty) return;
    clearTimeout(d.timer);
    d.dirty = false;
    const text = this.read(field);
    const lang = langTagOf(field)?.slice(0, MAX_LANG_TAG_CHARS);
    this.send({
      draftKey: d.key, text: text.length > MAX_DRAFT_CHARS ? text.slice(-MAX_DRAFT_CHARS) : text, pasted: d.pasted.slice(-MAX_PASTED),
      ...(lang ? { lang } : {}),
    });
  }

  /** Commits every field (form submitted, page hidden). */
  commitAll(): void {
    for (const field of this.drafts.keys()) this.commit(field);
  }
}

/** The whole text of a field as the user sees it. */
export function fieldText(field: HTMLElement): string {
  if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) return field.value;
  return field.innerText ?? field.textContent ?? '';
}
