import type { LiveSuggestions } from '../messaging/protocol';

/** The part of `runtime.Port` the hub uses. */
export interface LivePort {
  postMessage(message: LiveSuggestions): void;
}

/** Pushes each tab's latest suggestions to the popups watching that tab. */
export class LiveHub {
  private readonly latest = new Map<number, LiveSuggestions>();
  private readonly watchers = new Map<number, Set<LivePort>>();

  publish(tabId: number, live: LiveSuggestions): void {
    this.latest.set(tabId, live);
    for (const port of this.watchers.get(tabId) ?? []) port.postMessage(live);
  }

  /** Starts sending a tab's suggestions to a port, beginning with the latest; returns the stop function. */
  watch(tabId: number, port: LivePort): () => void {
    const ports = this.watchers.get(tabId) ?? new Set<LivePort>();
    ports.add(port);
    this.watchers.set(tabId, ports);
    const last = this.latest.get(tabId);
    if (last) port.postMessage(last);
    return () => {
      ports.delete(port);
      if (ports.size === 0) this.watchers.delete(tabId);
    };
  }

  forgetTab(tabId: number): void {
    this.latest.delete(tabId);
  }
}
