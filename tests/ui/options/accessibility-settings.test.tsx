// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/storage/settings';
import { AccessibilitySettings, useLocalVoice } from '../../../src/ui/options/AccessibilitySettings';
import { useLocale } from '../locale';

beforeEach(() => useLocale('en'));
afterEach(cleanup);

function renderPanel(over: Partial<Settings> = {}, localVoice: boolean | null = true) {
  const onChange = vi.fn();
  const shortcuts = [{ description: 'Turn Inkling on or off for this site', shortcut: 'Alt+Shift+J' }];
  render(<AccessibilitySettings settings={{ ...DEFAULT_SETTINGS, ...over }} onChange={onChange} localVoice={localVoice} shortcuts={shortcuts} />);
  return onChange;
}

describe('AccessibilitySettings', () => {
  it('sets the suggestion size, 100 to 200 %', () => {
    const onChange = renderPanel();
    const size = screen.getByLabelText('Suggestion size') as HTMLSelectElement;
    expect(size.value).toBe('100');
    expect([...size.options].map((o) => o.value)).toEqual(['100', '125', '150', '175', '200']);
    fireEvent.change(size, { target: { value: '175' } });
    expect(onChange).toHaveBeenCalledWith({ suggestionScale: 175 });
  });

  it.each([
    ['High-contrast suggestions', 'highContrast'],
    ['Speak a suggestion: Alt+Shift+its number, or pointing at it', 'speakSuggestions'],
    ['Speak each word after it is inserted', 'speakAccepted'],
  ] as const)('switches “%s” (off by default)', (label, key) => {
    const onChange = renderPanel();
    const box = screen.getByRole('switch', { name: label }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(onChange).toHaveBeenCalledWith({ [key]: true });
  });

  it('says when the device has no voice of its own, and lists the shortcuts', () => {
    renderPanel({}, false);
    expect(screen.getByRole('status').textContent).toMatch(/no voice of its own/);
    expect(screen.getByText('Alt+Shift+J').tagName).toBe('KBD');
    cleanup();
    renderPanel({}, true);
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('useLocalVoice', () => {
  const synthWith = (voices: { localService: boolean }[]) =>
    Object.assign(new EventTarget(), { getVoices: () => voices }) as unknown as SpeechSynthesis;

  it.each([
    [[{ localService: true }], true],
    [[{ localService: false }], false],
  ])('voices %o → %s', (voices, expected) => {
    const { result } = renderHook(() => useLocalVoice(synthWith(voices)));
    expect(result.current).toBe(expected);
  });

  it('no voice listed yet: unknown, then “none” once the browser had time to list them', () => {
    vi.useFakeTimers();
    const synth = synthWith([]);
    const { result } = renderHook(() => useLocalVoice(synth));
    expect(result.current).toBeNull();
    act(() => { vi.advanceTimersByTime(2000); });
    expect(result.current).toBe(false);
    vi.useRealTimers();
  });
});
