import { vi } from 'vitest';
import type { ParamsOf, ProtocolMap, ResultOf } from '../../src/messaging/protocol';
import type { Ask } from '../../src/ui/background-api';

type Answers = { [T in keyof ProtocolMap]?: (data: ParamsOf<T>) => ResultOf<T> | Promise<ResultOf<T>> };

/** An `ask` answered by the functions given (others reject), recording every question. */
export function fakeAsk(answers: Answers) {
  const calls: [keyof ProtocolMap, unknown][] = [];
  const ask = vi.fn(async (type: keyof ProtocolMap, data: unknown) => {
    calls.push([type, data]);
    const answer = answers[type] as ((d: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`${type} is not answered here`);
    return answer(data);
  }) as unknown as Ask;
  return { ask, calls, asked: (type: keyof ProtocolMap) => calls.filter(([t]) => t === type).map(([, d]) => d) };
}
