import type { PersonalMemory } from './personal-memory';

/**
 * What learning asks of the engine that predicts (the engine implements it; src/learn does not
 * import the engine, which is built on top of it).
 */
export interface LearningEngine {
  predict(req: { field: string; context: string; prefix: string; k: number }): string[];
  forgetField(field: string): void;
  /** The user's memory the engine blends into predictions. */
  readonly personal: PersonalMemory;
  setPersonal(memory: PersonalMemory): void;
  /** Whether the base model's vocabulary has this folded word. */
  knowsWord(wordKey: string): boolean;
  /** Learns one word the user wrote after a context (the memory's gate and the fine-tuned adapter). */
  learnWord(context: string, wordKey: string): void;
}
