// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LearningStatus } from '../../src/messaging/protocol';
import { KeystrokeChart } from '../../src/ui/KeystrokeChart';
import { LearningPanel } from '../../src/ui/LearningPanel';
import { LiveSuggestions } from '../../src/ui/LiveSuggestions';
import { useLocale } from './locale';

afterEach(cleanup);

const week = [3, 0, 12, 5, 0, 40, 9].map((saved, i) => ({ day: `2024-05-0${i + 1}`, keystrokesSaved: saved, suggestionsAccepted: 1 }));

describe('KeystrokeChart', () => {
  it('shows today, the week, and one bar per day (tallest for the best day)', () => {
    useLocale('en');
    const { container } = render(<KeystrokeChart days={week} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('9 keystrokes saved today, 69 in the last 7 days');
    const bars = [...container.querySelectorAll('rect.bar')];
    expect(bars).toHaveLength(7);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(Math.max(...heights)).toBe(heights[5]);
    expect(bars[6]!.classList.contains('today')).toBe(true);
  });

  it('speaks Brazilian Portuguese', () => {
    useLocale('pt_BR');
    render(<KeystrokeChart days={week} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('9 toques economizados hoje, 69 nos últimos 7 dias');
    expect(screen.getByRole('heading').textContent).toBe('Toques economizados');
  });
});

describe('LearningPanel', () => {
  const status = (over: Partial<LearningStatus> = {}): LearningStatus => ({ waiting: 2, samples: 10, learning: false, lastUpdate: null, paused: false, problem: null, ...over });

  it('says when damaged learned data was skipped', () => {
    useLocale('en');
    render(<LearningPanel status={status({ problem: { message: 'personal checkpoint unreadable', at: Date.UTC(2026, 10, 20) } })} words={null} onPause={() => {}} />);
    expect(screen.getByRole('status').textContent).toMatch(/damaged: it was skipped/);
  });

  it('shows what waits and what was learned, and pauses', () => {
    useLocale('en');
    const onPause = vi.fn();
    render(<LearningPanel status={status()} words={17} onPause={onPause} />);
    expect(screen.getByRole('region').textContent).toContain('Up to date · 2 samples waiting · 17 words learned');
    expect(screen.getByText('Nothing learned yet')).toBeTruthy();
    expect(screen.queryByRole('progressbar')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Pause learning' }));
    expect(onPause).toHaveBeenCalledWith(true);
  });

  it('shows progress while learning, and resumes when paused', () => {
    useLocale('en');
    const onPause = vi.fn();
    const { rerender } = render(<LearningPanel status={status({ learning: true })} words={null} onPause={onPause} />);
    const bar = screen.getByRole('progressbar', { name: 'Learned 8 of 10 samples' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([8, 10]);
    rerender(<LearningPanel status={status({ paused: true })} words={null} onPause={onPause} />);
    fireEvent.click(screen.getByRole('button', { name: 'Resume learning' }));
    expect(onPause).toHaveBeenCalledWith(false);
  });
});

describe('LiveSuggestions', () => {
  it.each([
    ['en', 'Suggestions for “wo…”'],
    ['pt_BR', 'Sugestões para “wo…”'],
  ] as const)('titles the list in %s', (locale, title) => {
    useLocale(locale);
    render(<LiveSuggestions live={{ field: 'f', prefix: 'wo', suggestions: ['world'], lang: 'en' }} />);
    expect(screen.getByRole('heading').textContent).toBe(title);
    expect(screen.getByRole('listitem').textContent).toBe('world');
  });
});
