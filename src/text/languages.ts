/** The languages Inkling ships a model for (and a detector profile): the one list of them. */
export const MODEL_LANGUAGES = ['en', 'pt'] as const;
export type ModelLanguage = (typeof MODEL_LANGUAGES)[number];
