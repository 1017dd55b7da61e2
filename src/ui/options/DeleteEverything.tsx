import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText, type Ask } from '../background-api';
import { t } from '../i18n';

export interface DeleteEverythingProps {
  ask: Ask;
  /** Called once everything is deleted. */
  onDeleted(): void;
}

/** "Delete everything", asked twice: every stored sample, word, statistic and setting. */
export function DeleteEverything({ ask, onDeleted }: DeleteEverythingProps) {
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus goes to the safe choice, so a second Enter does not delete.
  useEffect(() => { if (confirming) cancel.current?.focus(); }, [confirming]);

  const deleteAll = async () => {
    setConfirming(false);
    try {
      await ask('deleteEverything', {});
      setStatus({ kind: 'done', text: t('deleteEverythingDone') });
      onDeleted();
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    }
  };

  return (
    <section aria-labelledby="delete-title">
      <h3 id="delete-title">{t('deleteEverythingTitle')}</h3>
      <p class="hint">{t('deleteEverythingHint')}</p>
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby="delete-confirm">
          <p id="delete-confirm">{t('deleteEverythingConfirm')}</p>
          <button type="button" class="danger" onClick={() => void deleteAll()}>{t('deleteEverythingYes')}</button>
          <button type="button" ref={cancel} onClick={() => setConfirming(false)}>{t('cancel')}</button>
        </div>
      ) : (
        <button type="button" class="danger" onClick={() => { setStatus(null); setConfirming(true); }}>{t('deleteEverythingButton')}</button>
      )}
      {status && <p class={status.kind === 'error' ? 'error' : 'done'} role={status.kind === 'error' ? 'alert' : 'status'}>{status.text}</p>}
    </section>
  );
}
