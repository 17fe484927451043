/** The agenda screens' texts (French first; English mirrors every key). Merged under the "agenda" key. */
export const fr = {};
export const en: typeof fr = {};
