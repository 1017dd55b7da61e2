import { ProtocolError } from './errors';
import type { MessageType, PageProtocolMap, ParamsOf, ProtocolMap, Reply, ResultOf } from './protocol';
import { isInklingMessage, parseRequest } from './validate';

/** Who sent a message, as far as the handlers need to know. */
export interface Caller {
  /** -1 when the message does not come from a tab (the popup). */
  tabId: number;
  frameId: number;
  /** the sending frame's origin, as the browser reports it ('' if unknown) */
  origin: string;
  /** whether the sending tab is in a private window, as the browser reports it */
  incognito: boolean;
}

/** Handlers for the message types `T`, every one of them. */
export type Handlers<T extends MessageType = MessageType> = {
  [K in T]: (data: ParamsOf<K>, caller: Caller) => ResultOf<K> | Promise<ResultOf<K>>;
};

/** What the background answers: the whole ProtocolMap, so a missing handler does not compile. */
export type BackgroundHandlers = Handlers<keyof ProtocolMap>;
/** What a top frame's content script answers (asked by the popup). */
export type PageHandlers = Handlers<keyof PageProtocolMap>;

/** The parts of `runtime.MessageSender` we check. */
export interface SenderLike {
  id?: string;
  tab?: { id?: number; incognito?: boolean };
  frameId?: number;
  url?: string;
  origin?: string;
}

function originOf(sender: SenderLike): string {
  if (sender.origin) return sender.origin;
  try { return sender.url ? new URL(sender.url).origin : ''; } catch { return ''; }
}

/**
 * Validates and dispatches one message; never throws: errors become `{ error, name }`.
 * @param ownId our extension id; messages from anyone else are refused
 */
export async function handleMessage<T extends MessageType>(
  handlers: Handlers<T>,
  ownId: string,
  message: unknown,
  sender: SenderLike,
): Promise<Reply> {
  try {
    if (sender.id !== ownId) throw new ProtocolError('message from another extension');
    const request = parseRequest(message);
    const handler = Object.hasOwn(handlers, request.type)
      ? (handlers[request.type as T] as (data: unknown, caller: Caller) => unknown)
      : undefined;
    if (!handler) throw new ProtocolError(`${request.type} is not answered here`);
    const caller: Caller = {
      tabId: sender.tab?.id ?? -1, frameId: sender.frameId ?? 0, origin: originOf(sender), incognito: sender.tab?.incognito === true,
    };
    return { ok: (await handler(request.data, caller)) as ResultOf<MessageType> };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return { error: err.message, name: err.name };
  }
}

/**
 * A `runtime.onMessage` listener answering one context's whole map (the background's or the
 * page's) through `sendResponse`, returning true to keep the channel open (Firefox and every
 * Chrome). Messages of other types are left to other listeners.
 */
export function createMessageListener(handlers: BackgroundHandlers | PageHandlers, ownId: string) {
  return (message: unknown, sender: SenderLike, sendResponse: (reply: Reply) => void): boolean => {
    if (!isInklingMessage(message)) return false;
    const type = (message as { type?: unknown }).type;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return false;
    void handleMessage<MessageType>(handlers as Handlers, ownId, message, sender).then(sendResponse);
    return true;
  };
}
