import { describe, expect, it } from 'vitest';
import { callBackground, unwrapReply } from '../../src/messaging/client';
import { ProtocolError, RemoteError } from '../../src/messaging/errors';
import { MAX_CONTEXT_CHARS, type Request } from '../../src/messaging/protocol';
import { createMessageListener, handleMessage, type BackgroundHandlers, type Handlers } from '../../src/messaging/server';
import { parseRequest } from '../../src/messaging/validate';

const predict = (data: Record<string, unknown>) => ({ inkling: 1, type: 'predict', data });
const good = { field: 'f1', seq: 3, context: 'I would like ', prefix: 'to', k: 3 };

describe('parseRequest', () => {
  it('accepts a well-formed request and drops unknown keys', () => {
    expect(parseRequest(predict({ ...good, extra: 'x' }))).toEqual({ inkling: 1, type: 'predict', data: { ...good, lookahead: false, phrase: false } });
  });

  it('asks for a phrase only when `phrase` is exactly true', () => {
    expect(parseRequest(predict({ ...good, phrase: true })).data).toMatchObject({ phrase: true });
    expect(parseRequest(predict({ ...good, phrase: 'yes' })).data).toMatchObject({ phrase: false });
  });

  it('keeps a plausible lang tag and drops one that is not a tag', () => {
    expect(parseRequest(predict({ ...good, lang: 'pt-BR' })).data).toMatchObject({ lang: 'pt-BR' });
    expect(parseRequest(predict({ ...good, lang: 'pt BR<script>' })).data).not.toHaveProperty('lang');
    expect(parseRequest({ inkling: 1, type: 'modelInfo', data: { lang: 'pt' } }).data).toEqual({ lang: 'pt' });
  });

  it.each([
    ['a lang that is not a string', predict({ ...good, lang: 7 })],
    ['a lang tag over the limit', predict({ ...good, lang: 'a'.repeat(36) })],
    ['a model language we do not have', { inkling: 1, type: 'modelInfo', data: { lang: 'fr' } }],
    ['not an object', 'hello'],
    ['another envelope', { type: 'predict', data: good }],
    ['an unknown type', { inkling: 1, type: 'eval', data: {} }],
    ['data that is not an object', { inkling: 1, type: 'predict', data: [1] }],
    ['a missing field id', predict({ ...good, field: undefined })],
    ['an empty field id', predict({ ...good, field: '' })],
    ['a context over the limit', predict({ ...good, context: 'a'.repeat(MAX_CONTEXT_CHARS + 1) })],
    ['a prefix over the limit', predict({ ...good, prefix: 'a'.repeat(65) })],
    ['k = 0', predict({ ...good, k: 0 })],
    ['k = 99', predict({ ...good, k: 99 })],
    ['a fractional seq', predict({ ...good, seq: 1.5 })],
    ['a string seq', predict({ ...good, seq: '1' })],
  ])('rejects %s', (_name, message) => {
    expect(() => parseRequest(message)).toThrow(ProtocolError);
  });
});

describe('handleMessage', () => {
  const handlers: Handlers<'predict' | 'modelInfo'> = {
    predict: ({ seq }, caller) => ({ seq, suggestions: [`tab${caller.tabId}`], lang: 'en' }),
    modelInfo: () => {
      throw new TypeError('model is broken');
    },
  };

  it('answers our own extension', async () => {
    const reply = await handleMessage(handlers, 'me', predict(good), { id: 'me', tab: { id: 7 }, frameId: 0 });
    expect(reply).toEqual({ ok: { seq: 3, suggestions: ['tab7'], lang: 'en' } });
  });

  it('refuses other senders', async () => {
    const reply = await handleMessage(handlers, 'me', predict(good), { id: 'someone-else' });
    expect(reply).toEqual({ error: 'message from another extension', name: 'ProtocolError' });
  });

  it('turns a handler error into an error reply', async () => {
    const reply = await handleMessage(handlers, 'me', { inkling: 1, type: 'modelInfo', data: {} }, { id: 'me' });
    expect(reply).toEqual({ error: 'model is broken', name: 'TypeError' });
  });

  it('leaves other messages and unanswered types to other listeners', () => {
    // A background's map with only these two (a real one must have every handler: see below).
    const listener = createMessageListener(handlers as BackgroundHandlers, 'me');
    const respond = () => undefined;
    expect(listener({ hello: 1 }, { id: 'me' }, respond)).toBe(false);
    expect(listener({ inkling: 1, type: 'pageSite', data: {} }, { id: 'me' }, respond)).toBe(false);
    expect(listener(predict(good), { id: 'me' }, respond)).toBe(true);
  });
});

describe('BackgroundHandlers', () => {
  it('is the complete map: leaving a handler out does not compile (tsc checks this file)', () => {
    const predict: BackgroundHandlers['predict'] = ({ seq }) => ({ seq, suggestions: [], lang: 'en' });
    // @ts-expect-error every other message type is missing
    const incomplete: BackgroundHandlers = { predict };
    expect(Object.keys(incomplete)).toEqual(['predict']);
  });
});

describe('callBackground', () => {
  it('round-trips through the server', async () => {
    const send = (request: Request) => handleMessage({ predict: ({ seq }) => ({ seq, suggestions: ['x'], lang: 'en' }) }, 'me', request, { id: 'me' });
    await expect(callBackground(send, 'predict', good)).resolves.toEqual({ seq: 3, suggestions: ['x'], lang: 'en' });
  });

  it('rethrows the remote error with its name', () => {
    expect(() => unwrapReply({ error: 'bad magic', name: 'ModelFormatError' })).toThrow(
      expect.objectContaining({ name: 'RemoteError', message: 'bad magic', remoteName: 'ModelFormatError' }),
    );
    expect(() => unwrapReply(undefined)).toThrow(RemoteError);
  });
});
