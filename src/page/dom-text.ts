/**
 * Reading a contenteditable element's text backwards from the caret, the way it
 * reads on screen: block elements and <br> become line breaks, scripts and styles are skipped.
 */

const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P',
  'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
const INVISIBLE_CHAR = /[\u200B\u200C\u2060\uFEFF]/;

/** A piece of text met walking backwards: a slice of a text node, or a line break. */
export interface TextPiece {
  /** null for the line break standing for a block boundary or a <br>. */
  node: Text | null;
  /** The slice of `node.data` that lies before the caret: `node.data.slice(0, end)`. */
  end: number;
  text: string;
}

function isSkipped(node: Node, root: Node): boolean {
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
    if (n.nodeType === 1 && SKIPPED_TAGS.has((n as Element).tagName)) return true;
  }
  return false;
}

/** The last node (in document order) that lies entirely before a DOM position. */
function nodeBefore(container: Node, offset: number): { node: Node; partial: number } | null {
  if (container.nodeType === 3) return { node: container, partial: offset };
  if (offset > 0) {
    let node = container.childNodes[offset - 1]!;
    while (node.lastChild) node = node.lastChild;
    return { node, partial: node.nodeType === 3 ? (node as Text).length : -1 };
  }
  return null;
}

/**
 * Yields the text before (container, offset) inside root, nearest first.
 * Line breaks are yielded once per boundary, never twice in a row.
 */
export function* textPiecesBefore(root: Node, container: Node, offset: number): Generator<TextPiece> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */);
  const start = nodeBefore(container, offset);
  let lastWasBreak = false;
  const emit = function* (piece: TextPiece): Generator<TextPiece> {
    if (piece.node === null) {
      if (lastWasBreak) return;
      lastWasBreak = true;
    } else if (piece.text.length > 0) {
      lastWasBreak = false;
    } else return;
    yield piece;
  };

  let current: Node | null;
  if (start) {
    current = start.node;
    if (current.nodeType === 3 && !isSkipped(current, root)) {
      const text = current as Text;
      yield* emit({ node: text, end: start.partial, text: text.data.slice(0, start.partial) });
    } else if (current.nodeType === 1 && (current as Element).tagName === 'BR') {
      yield* emit({ node: null, end: 0, text: '\n' });
    }
  } else {
    current = container;
    // The caret sits at the very start of this element: its start is a boundary too.
    if (current.nodeType === 1 && BLOCK_TAGS.has((current as Element).tagName) && current !== root) {
      yield* emit({ node: null, end: 0, text: '\n' });
    }
  }
  if (current === root) return;
  walker.currentNode = current;
  for (let node = walker.previousNode(); node; node = walker.previousNode()) {
    if (node.nodeType === 3) {
      if (isSkipped(node, root)) continue;
      const text = node as Text;
      yield* emit({ node: text, end: text.length, text: text.data });
    } else {
      const tag = (node as Element).tagName;
      // In reverse order an element is met after its contents, i.e. at its start.
      if (BLOCK_TAGS.has(tag) || tag === 'BR') yield* emit({ node: null, end: 0, text: '\n' });
    }
  }
}

/** Up to `max` characters before the caret, as displayed (line breaks included). */
export function readTextBefore(root: Node, container: Node, offset: number, max: number): string {
  const parts: string[] = [];
  let length = 0;
  for (const piece of textPiecesBefore(root, container, offset)) {
    parts.push(piece.text);
    length += piece.text.length;
    if (length >= max) break;
  }
  const text = parts.reverse().join('');
  return text.slice(Math.max(0, text.length - max)).replace(/^\n/, '');
}

/**
 * The DOM position `count` visible characters before the caret (zero-width characters
 * are not counted), or null when a line break comes first.
 */
export function positionBefore(
  root: Node,
  container: Node,
  offset: number,
  count: number,
): { node: Text; offset: number } | null {
  let left = count;
  if (left === 0) return null;
  for (const piece of textPiecesBefore(root, container, offset)) {
    if (piece.node === null) return null;
    for (let i = piece.end - 1; i >= 0; i--) {
      if (INVISIBLE_CHAR.test(piece.text[i]!)) continue;
      left -= 1;
      if (left === 0) return { node: piece.node, offset: i };
    }
  }
  return null;
}
