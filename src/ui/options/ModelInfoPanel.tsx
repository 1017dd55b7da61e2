import { useEffect, useState } from 'preact/hooks';
import type { ModelInfo, PersonalInfo } from '../../messaging/protocol';
import { errorText, type Ask } from '../background-api';
import { formatBytes, formatDate, formatNumber, t } from '../i18n';
import type { Answer } from '../hooks';
import { languageName } from '../language-name';
import { LoadFailed } from '../LoadFailed';

export interface ModelInfoPanelProps {
  ask: Ask;
  /** Inkling's version (the manifest's). */
  version: string;
  /** Changes whenever stored data may have changed elsewhere on the page. */
  dataVersion?: number;
}

/** The base model in use and the size of what was learned from the user. */
export function ModelInfoPanel({ ask, version, dataVersion = 0 }: ModelInfoPanelProps) {
  const [model, setModel] = useState<ModelInfo | { error: string } | null>(null);
  const [answer, setAnswer] = useState<Answer<PersonalInfo>>(null);
  useEffect(() => {
    ask('modelInfo', {}).then(setModel, (e: unknown) => setModel({ error: errorText(e) }));
  }, [ask]);
  useEffect(() => {
    ask('personalInfo', {}).then((value) => setAnswer({ value }), (e: unknown) => setAnswer({ error: errorText(e) }));
  }, [ask, dataVersion]);

  const personal = answer && 'value' in answer ? answer.value : null;
  const personalBytes = personal?.checkpoints.reduce((sum, c) => sum + c.bytes, 0) ?? 0;
  const lastSaved = personal?.checkpoints.reduce((last, c) => Math.max(last, c.createdAt), 0) ?? 0;
  return (
    <section aria-labelledby="model-title">
      <h2 id="model-title">{t('modelTitle')}</h2>
      <dl class="facts">
        <dt>{t('modelVersion')}</dt>
        <dd>{version}</dd>
        {model && 'error' in model && (
          <>
            <dt>{t('modelBase')}</dt>
            <dd class="error" role="alert">{t('modelUnavailable', model.error)}</dd>
          </>
        )}
        {model && !('error' in model) && (
          <>
            <dt>{t('modelBase')}</dt>
            <dd>{`${model.model} (${languageName(model.lang)})`}</dd>
            <dt>{t('modelSize')}</dt>
            <dd>{t('modelSizeValue', formatBytes(model.bytes), formatNumber(Math.round(model.params / 1e5) / 10))}</dd>
            <dt>{t('modelVocabulary')}</dt>
            <dd>{t('modelWords', formatNumber(model.vocab))}</dd>
          </>
        )}
        {personal && (
          <>
            <dt>{t('modelPersonal')}</dt>
            <dd>{formatBytes(personalBytes)}{lastSaved > 0 ? ` · ${t('modelUpdated', formatDate(lastSaved))}` : ''}</dd>
            <dt>{t('modelStored')}</dt>
            <dd>{t('modelStoredValue', formatNumber(personal.samples), formatBytes(personal.sampleChars * 2), formatNumber(personal.words), formatNumber(personal.blockedWords))}</dd>
          </>
        )}
      </dl>
      {answer && 'error' in answer && <LoadFailed section={t('modelPersonal')} error={answer.error} />}
    </section>
  );
}
