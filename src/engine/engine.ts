// TEMPORARY STUB written by the extension engineer so `wxt build` works before the
// real engine lands. The lead overwrites this file; it never predicts anything.
export interface PredictRequest { field: string; context: string; prefix: string; k: number }
export interface ModelInfo { model: string; lang: string; params: number; bytes: number; vocab: number }
export interface Engine {
  predict(req: PredictRequest): string[];
  forgetField(field: string): void;
  info(): ModelInfo;
}
export function createEngine(_modelBytes: Uint8Array): Engine {
  throw new Error('engine not built yet');
}
