import { MAX_LANG_TAG_CHARS } from '../messaging/protocol';

/**
 * The `lang` attribute that applies to an element: its own or its nearest tagged ancestor's,
 * through open shadow roots to their hosts. `lang=""` says "unknown" and ends the search.
 */
export function langTagOf(element: Element): string | undefined {
  for (let node: Element | null = element; node; ) {
    const tagged = node.closest('[lang]');
    if (tagged) return tagged.getAttribute('lang')?.trim() || undefined;
    const root = node.getRootNode();
    // A shadow root (by node type: one in a child frame is not this frame's ShadowRoot).
    node = root.nodeType === 11 && 'host' in root ? (root as ShadowRoot).host : null;
  }
  return undefined;
}

/** The field's `lang`, sent as a hint for the language of its suggestions. */
export function langHint(element: HTMLElement): { lang?: string } {
  const lang = langTagOf(element);
  return lang ? { lang: lang.slice(0, MAX_LANG_TAG_CHARS) } : {};
}
