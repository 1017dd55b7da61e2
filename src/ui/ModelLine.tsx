import type { ModelStatus } from './hooks';

export interface ModelLineProps {
  status: ModelStatus;
}

/** One line about the model: its name and size, or the error that keeps it from loading. */
export function ModelLine({ status }: ModelLineProps) {
  if (!status) return <p class="hint">Loading the model…</p>;
  if ('error' in status) return <p class="error" role="alert">Model not available: {status.error}</p>;
  const { model, lang, params, bytes } = status.info;
  return (
    <p class="hint">
      {model} ({lang}) · {(params / 1e6).toFixed(1)} M parameters · {(bytes / 1e6).toFixed(1)} MB, on this device
    </p>
  );
}
