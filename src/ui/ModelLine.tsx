import { formatDecimal, t } from './i18n';
import type { ModelStatus } from './hooks';

export interface ModelLineProps {
  status: ModelStatus;
}

/** One line about the model: its name and size, or the error that keeps it from loading. */
export function ModelLine({ status }: ModelLineProps) {
  if (!status) return <p class="hint">{t('modelLoading')}</p>;
  if ('error' in status) return <p class="error" role="alert">{t('modelUnavailable', status.error)}</p>;
  const { model, lang, params, bytes } = status.info;
  return <p class="hint">{t('modelLine', model, lang, formatDecimal(params / 1e6), formatDecimal(bytes / 1e6))}</p>;
}
