import { siteOfOrigin } from '../storage/site-switches';

/**
 * The site a frame belongs to for the on/off switch: the top page's host name, so a
 * switch turned off for a site also covers the editors it embeds in iframes.
 */
export function siteOf(win: Pick<Window, 'location' | 'top'>): string {
  const ancestors = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return siteOfOrigin(ancestors[ancestors.length - 1]!);
  try {
    if (win.top && win.top !== win) return win.top.location.hostname;
  } catch {
    // A cross-origin top page in a browser without ancestorOrigins: fall back to our own host.
  }
  return win.location.hostname;
}
