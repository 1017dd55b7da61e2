import type { BrowserContext, Request } from 'playwright-core';

/**
 * Records every request the browser context makes — from its pages and their frames (which
 * carries our content scripts' requests too), from extension pages, and from service workers
 * (Playwright reports a worker's network events on the context) — with who made it.
 */

export interface SeenRequest {
  url: string;
  /** 'worker' for a service worker, else the URL of the frame that made it */
  by: string;
  resourceType: string;
}

export interface RequestLog {
  readonly requests: SeenRequest[];
  stop(): void;
}

export function recordRequests(context: BrowserContext): RequestLog {
  const requests: SeenRequest[] = [];
  const onRequest = (r: Request) => {
    let by = 'worker';
    if (!r.serviceWorker()) {
      try {
        by = r.frame().url();
      } catch {
        by = 'unknown';
      }
    }
    requests.push({ url: r.url(), by, resourceType: r.resourceType() });
  };
  context.on('request', onRequest);
  const onPage = (page: import('playwright-core').Page) => page.on('websocket', (ws) => requests.push({ url: ws.url(), by: page.url(), resourceType: 'websocket' }));
  context.on('page', onPage);
  return { requests, stop: () => { context.off('request', onRequest); context.off('page', onPage); } };
}
