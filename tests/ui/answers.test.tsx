// @vitest-environment happy-dom
import { cleanup, render, renderHook, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { LearningStatus } from '../../src/messaging/protocol';
import { useAnswer, useLearningStatus } from '../../src/ui/hooks';
import { LoadFailed } from '../../src/ui/LoadFailed';
import { fakeAsk } from './fake-ask';
import { useLocale } from './locale';

afterEach(cleanup);

const status: LearningStatus = { waiting: 0, samples: 3, learning: false, lastUpdate: null, paused: false, problem: null };

describe('useAnswer', () => {
  it('gives the answer, or the error when the background fails (never nothing)', async () => {
    const { ask } = fakeAsk({ personalInfo: () => ({ samples: 1, sampleChars: 9, words: 4, blockedWords: 0, checkpoints: [] }) });
    const answered = renderHook(() => useAnswer(ask, 'personalInfo', {}));
    await waitFor(() => expect(answered.result.current).toEqual({ value: expect.objectContaining({ words: 4 }) }));
    const failed = renderHook(() => useAnswer(ask, 'recentStats', { days: 7 }));
    await waitFor(() => expect(failed.result.current).toEqual({ error: 'recentStats is not answered here' }));
  });
});

describe('useLearningStatus', () => {
  it('shows a failed poll as an error, and the status again once an ask succeeds', async () => {
    let broken = true;
    const { ask } = fakeAsk({
      learningStatus: () => { if (broken) throw new Error('worker busy'); return status; },
      setLearningPaused: ({ paused }) => ({ ...status, paused }),
    });
    const hook = renderHook(() => useLearningStatus(ask, 60_000));
    await waitFor(() => expect(hook.result.current[0]).toEqual({ error: 'worker busy' }));
    broken = false;
    hook.result.current[1](true);
    await waitFor(() => expect(hook.result.current[0]).toEqual({ value: { ...status, paused: true } }));
  });
});

describe('LoadFailed', () => {
  it.each([
    ['en', 'Could not load “Learning”: worker busy'],
    ['pt_BR', 'Não foi possível carregar “Aprendizado”: worker busy'],
  ] as const)('says which section did not load and why, in %s', (locale, expected) => {
    useLocale(locale);
    render(<LoadFailed section={locale === 'en' ? 'Learning' : 'Aprendizado'} error="worker busy" />);
    expect(screen.getByRole('alert').textContent).toBe(expected);
  });
});
