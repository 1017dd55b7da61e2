import { useState } from 'preact/hooks';
import { dayOf } from '../../util/day';
import { errorText, type Ask } from '../background-api';
import { formatNumber, t } from '../i18n';

export interface BackupControlsProps {
  ask: Ask;
  /** Called after an import replaced the stored data. */
  onImported(): void;
  /** Saves a file (a parameter so tests can catch it). */
  save?: (name: string, text: string) => void;
}

/** Offers `text` as a download named `name`. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type Status = { kind: 'done' | 'error'; text: string } | null;

/** Export everything personal to one file, and import such a file (replacing what is stored). */
export function BackupControls({ ask, onImported, save = download }: BackupControlsProps) {
  const [pending, setPending] = useState<{ name: string; text: string } | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);

  const exportAll = async () => {
    setBusy(true);
    try {
      const file = await ask('exportData', {});
      save(`inkling-data-${dayOf(Date.now())}.json`, JSON.stringify(file));
      setStatus({ kind: 'done', text: t('exportDone', formatNumber(file.samples.length), formatNumber(file.vocabulary.length)) });
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) setPending({ name: file.name, text: await file.text() });
  };

  const importNow = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const summary = await ask('importData', { file: pending.text });
      setStatus({ kind: 'done', text: t('importDone', formatNumber(summary.samples), formatNumber(summary.words)) });
      onImported();
    } catch (e) {
      setStatus({ kind: 'error', text: t('importFailed', errorText(e)) });
    } finally {
      setPending(null);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="backup-title">
      <h3 id="backup-title">{t('backupTitle')}</h3>
      <p class="hint">{t('backupHint')}</p>
      <div class="buttons">
        <button type="button" onClick={() => void exportAll()} disabled={busy}>{t('exportButton')}</button>
        <label class="file-button">
          <span>{t('importButton')}</span>
          <input type="file" accept="application/json,.json" disabled={busy} onChange={(e) => void choose(e.currentTarget as HTMLInputElement)} />
        </label>
      </div>
      {pending && (
        <div class="confirm" role="group" aria-labelledby="import-confirm">
          <p id="import-confirm">{t('importConfirm', pending.name)}</p>
          <button type="button" class="danger" onClick={() => void importNow()} disabled={busy}>{t('importReplace')}</button>
          <button type="button" onClick={() => setPending(null)}>{t('cancel')}</button>
        </div>
      )}
      {status && <p class={status.kind === 'error' ? 'error' : 'done'} role={status.kind === 'error' ? 'alert' : 'status'}>{status.text}</p>}
    </section>
  );
}
