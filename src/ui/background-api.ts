import { browser } from 'wxt/browser';
import { callBackground } from '../messaging/client';
import type { ParamsOf, ProtocolMap, Request, ResultOf } from '../messaging/protocol';

/** Asks the background one typed question (a parameter of components, so tests can answer instead). */
export type Ask = <T extends keyof ProtocolMap>(type: T, data: ParamsOf<T>) => Promise<ResultOf<T>>;

/** The real one: `runtime.sendMessage` to the background. */
export const askBackground: Ask = (type, data) =>
  callBackground((request: Request) => browser.runtime.sendMessage(request), type, data);

/** An error's message for the user (the background's own message when it sent one). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
