import { RemoteError } from './errors';
import type { MessageType, ParamsOf, Request, ResultOf } from './protocol';

export type SendMessage = (message: Request) => Promise<unknown>;

/** Unwraps a reply: returns `ok`, rethrows `error` as a RemoteError. */
export function unwrapReply<T extends MessageType>(reply: unknown): ResultOf<T> {
  if (typeof reply === 'object' && reply !== null) {
    if ('ok' in reply) return (reply as { ok: ResultOf<T> }).ok;
    if ('error' in reply) {
      const { error, name } = reply as { error: unknown; name?: unknown };
      // Only strings are taken as they are: String() of an object without toString would throw.
      throw new RemoteError(typeof error === 'string' ? error : 'unreadable error', typeof name === 'string' ? name : 'Error');
    }
  }
  throw new RemoteError('no reply from the Inkling background', 'NoReply');
}

/**
 * Sends one typed request to the background and returns its result.
 * @param send `browser.runtime.sendMessage` (a parameter so tests can pass their own)
 */
export async function callBackground<T extends MessageType>(
  send: SendMessage,
  type: T,
  data: ParamsOf<T>,
): Promise<ResultOf<T>> {
  const request = { inkling: 1, type, data } as Request;
  return unwrapReply<T>(await send(request));
}
