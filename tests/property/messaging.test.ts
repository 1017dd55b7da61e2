import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrapReply } from '../../src/messaging/client';
import { ProtocolError, RemoteError } from '../../src/messaging/errors';
import { createMessageListener, handleMessage, type Handlers } from '../../src/messaging/server';
import { parseRequest } from '../../src/messaging/validate';

/**
 * Property tests: whatever arrives on the message channel — random values, or valid requests
 * with one part changed — the validator either returns a clean request or throws ProtocolError,
 * and the server always answers `{ ok }` or `{ error, name }`, never throws, never hangs.
 */

const SEED = 11;
const OWN_ID = 'inkling-test-id';

/** Well-formed requests of the message types every version of the protocol has. */
const VALID = [
  { inkling: 1, type: 'predict', data: { field: 'f1', seq: 3, context: 'I would like ', prefix: 'to', k: 3, lookahead: true } },
  { inkling: 1, type: 'forgetField', data: { field: 'f1' } },
  { inkling: 1, type: 'modelInfo', data: {} },
  { inkling: 1, type: 'draft', data: { draftKey: 'v:1', text: 'Some words I wrote myself.', pasted: ['pasted text'] } },
  { inkling: 1, type: 'learningStatus', data: {} },
] as const;

/** Keys the validators read, so random data often reaches the deeper checks. */
const KEYS = ['field', 'seq', 'context', 'prefix', 'k', 'lookahead', 'lang', 'draftKey', 'text', 'pasted', 'saved', 'paused', 'days', 'search', 'origin', 'limit', 'id', 'word', 'blocked', 'file'];
const TYPES = [...VALID.map((v) => v.type), 'accepted', 'setLearningPaused', 'recentStats', 'listSamples', 'deleteSample', 'deleteSiteSamples',
  'listVocabulary', 'addWord', 'removeWord', 'blockWord', 'exportData', 'importData', 'deleteEverything', 'personalInfo', 'pageSite',
  'toString', '__proto__', 'constructor', 'hasOwnProperty', ''];

/** Any value, including null-prototype objects, sparse arrays, huge and odd numbers. */
const anyValue = fc.anything({ withNullPrototype: true, withSparseArray: true, withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withDate: true });

/** Values a validator will look at closely: strings around the limits, integers around the bounds. */
const edgeValue = fc.oneof(
  anyValue,
  fc.constantFrom(0, -1, 1, 1.5, 32, 33, 64, 65, NaN, Infinity, -0, Number.MAX_SAFE_INTEGER + 2, '', '1', true, false, null, undefined, [], {}, [1], ['a']),
  fc.nat(70000).map((n) => 'a'.repeat(n)),
  fc.array(fc.string(), { maxLength: 30 }),
  fc.constant({ toString: 1, valueOf: 2 }), // String(x) throws on this
  fc.constant(Object.create(null) as object),
);

/** A valid request with one thing changed: a key set to an edge value, a key removed, the envelope bent. */
const mutated = fc.tuple(fc.constantFrom(...VALID), fc.nat(5), fc.constantFrom(...KEYS), edgeValue, fc.constantFrom(...TYPES)).map(
  ([base, how, key, value, type]) => {
    const message: Record<string, unknown> = { ...base, data: { ...base.data } };
    const data = message.data as Record<string, unknown>;
    if (how === 0) data[key] = value;
    else if (how === 1) delete data[Object.keys(data)[0] ?? key];
    else if (how === 2) message.type = type;
    else if (how === 3) message.data = value;
    else if (how === 4) message.inkling = value;
    else message.type = value;
    return message;
  },
);

/** Random data for every type. */
const randomTyped = fc.record({
  inkling: fc.constant(1),
  type: fc.constantFrom(...TYPES),
  data: fc.dictionary(fc.constantFrom(...KEYS), edgeValue, { maxKeys: 8 }),
});

const incoming = fc.oneof(anyValue, mutated, randomTyped);

/** Runs `parse` and returns what it threw, or 'accepted'. */
function outcome(parse: () => unknown): unknown {
  try {
    parse();
    return 'accepted';
  } catch (error) {
    return error;
  }
}

/** A clean value holds only JSON-like data: strings, finite numbers, booleans, arrays of strings. */
function isClean(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string');
  return false;
}

describe('parseRequest (property)', () => {
  it('either accepts a message or throws ProtocolError, for any value', () => {
    fc.assert(
      fc.property(incoming, (message) => {
        const result = outcome(() => parseRequest(message));
        if (result !== 'accepted') expect(result).toBeInstanceOf(ProtocolError);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('returns a fresh request holding only clean values, never the sender’s objects', () => {
    fc.assert(
      fc.property(incoming, (message) => {
        let request;
        try {
          request = parseRequest(message);
        } catch {
          return;
        }
        expect(request.inkling).toBe(1);
        expect(request).not.toBe(message);
        expect(request.data).not.toBe((message as { data?: unknown }).data);
        for (const value of Object.values(request.data as object)) expect(isClean(value)).toBe(true);
      }),
      { seed: SEED + 1, numRuns: 3000 },
    );
  });

  it.each([
    ['a type whose toString is not a function', { inkling: 1, type: { toString: 1 }, data: {} }],
    ['a null-prototype type', { inkling: 1, type: Object.create(null), data: {} }],
    ['a symbol type', { inkling: 1, type: Symbol('x'), data: {} }],
  ])('throws ProtocolError (not TypeError) for %s', (_name, message) => {
    expect(() => parseRequest(message)).toThrow(ProtocolError);
  });
});

describe('handleMessage (property)', () => {
  const echo = (data: unknown) => ({ echoed: data });
  const handlers = new Proxy({}, { get: () => echo, has: () => true }) as unknown as Handlers;
  const senders = fc.oneof(
    fc.constant({ id: OWN_ID, tab: { id: 4, incognito: false }, frameId: 0, url: 'https://example.test/' }),
    fc.record({ id: fc.option(fc.string()), frameId: fc.option(fc.integer()), url: fc.option(fc.string()), origin: fc.option(fc.string()) }, { requiredKeys: [] }),
  ) as fc.Arbitrary<Parameters<typeof handleMessage>[3]>;

  it('always answers { ok } or { error, name }, and refuses every other sender', async () => {
    await fc.assert(
      fc.asyncProperty(incoming, senders, async (message, sender) => {
        const reply = await handleMessage(handlers, OWN_ID, message, sender);
        expect('ok' in reply || ('error' in reply && typeof reply.error === 'string' && typeof reply.name === 'string')).toBe(true);
        if (sender.id !== OWN_ID) expect(reply).toMatchObject({ name: 'ProtocolError' });
        if ('error' in reply) expect(['ProtocolError']).toContain(reply.name);
      }),
      { seed: SEED + 2, numRuns: 1500 },
    );
  });

  it('the runtime listener never throws and claims only Inkling messages of types it answers', () => {
    const listener = createMessageListener({ pageSite: echo as never }, OWN_ID);
    fc.assert(
      fc.property(incoming, (message) => {
        const claimed = listener(message, { id: OWN_ID }, () => {});
        const type = (message as { type?: unknown } | null)?.type;
        if (claimed) expect(type).toBe('pageSite');
      }),
      { seed: SEED + 3, numRuns: 1500 },
    );
  });
});

describe('unwrapReply (property)', () => {
  it('returns `ok` or throws RemoteError for any JSON reply', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ error: fc.jsonValue(), name: fc.jsonValue() }, { requiredKeys: ['error'] })), (reply) => {
        const result = outcome(() => unwrapReply(reply));
        if (result !== 'accepted') expect(result).toBeInstanceOf(RemoteError);
      }),
      { seed: SEED + 4, numRuns: 1500 },
    );
  });
});
