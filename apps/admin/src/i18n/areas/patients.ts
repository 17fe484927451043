/** The patients screens' texts (French first; English mirrors every key). Merged under the "patients" key. */
export const fr = {};
export const en: typeof fr = {};
