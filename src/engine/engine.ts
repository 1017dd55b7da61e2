import { Predictor } from '../model/predictor';
import { readModelFile } from '../model/model-file';
import { paramLayout } from '../model/shapes';

export interface PredictRequest { field: string; context: string; prefix: string; k: number }
export interface ModelInfo { model: string; lang: string; params: number; bytes: number; vocab: number }

/** What the extension and the CLI talk to: one loaded model with per-field state. */
export interface Engine {
  /** Up to k suggestions (cased, ready to insert) for the word after `context` starting with `prefix`. */
  predict(req: PredictRequest): string[];
  forgetField(field: string): void;
  info(): ModelInfo;
}

/** Parses a model file (throws ModelFormatError saying what is wrong) and builds the engine. */
export function createEngine(modelBytes: Uint8Array): Engine {
  const model = readModelFile(modelBytes);
  const predictor = new Predictor(model);
  const { shape } = model.weights;
  const info: ModelInfo = {
    model: model.meta.name, lang: model.meta.lang, params: paramLayout(shape).total,
    bytes: modelBytes.length, vocab: shape.V + model.lexicon.words.length,
  };
  return {
    predict: (r) => predictor.predict(r.context, r.prefix, r.k, r.field),
    forgetField: (field) => predictor.forgetField(field),
    info: () => ({ ...info }),
  };
}
