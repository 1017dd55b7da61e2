// @vitest-environment happy-dom
import { render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelLine } from '../../src/ui/ModelLine';
import { useLocale } from './locale';

beforeEach(() => useLocale('en'));

describe('ModelLine', () => {
  it('names the model and its size', () => {
    render(<ModelLine status={{ info: { model: 'en-base', lang: 'en', params: 3_100_000, bytes: 3_960_000, vocab: 20000 } }} />);
    expect(screen.getByText(/en-base \(en\) · 3\.1 M parameters · 4\.0 MB/)).toBeTruthy();
  });

  it('shows why the model is not available', () => {
    render(<ModelLine status={{ error: 'cannot load the model /models/en.inkling: HTTP 404' }} />);
    expect(screen.getByRole('alert').textContent).toContain('HTTP 404');
  });
});
