/** Whether the page is dark where a field sits, so the suggestion bar can match it. */

const RGB = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/;

/** Parses `rgb()` / `rgba()` as computed styles give them; null for anything else. */
export function parseRgb(color: string): { r: number; g: number; b: number; a: number } | null {
  const m = RGB.exec(color.trim());
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: alpha };
}

/** Relative luminance (0 black … 1 white), WCAG formula. */
export function luminance({ r, g, b }: { r: number; g: number; b: number }): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * Looks for the first mostly opaque background behind `el` (crossing shadow roots).
 * With none, the canvas is dark only when the page opts into a dark color scheme.
 */
export function isDarkBehind(el: Element, view: Window): boolean {
  for (let node: Element | null = el; node; ) {
    const color = parseRgb(view.getComputedStyle(node).backgroundColor);
    if (color && color.a >= 0.5) return luminance(color) < 0.2;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
  }
  const scheme = view.getComputedStyle(el.ownerDocument.documentElement).colorScheme ?? '';
  return scheme.includes('dark') && view.matchMedia('(prefers-color-scheme: dark)').matches;
}
