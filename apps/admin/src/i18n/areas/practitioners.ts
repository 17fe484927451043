/** The practitioners screens' texts (French first; English mirrors every key). Merged under the "practitioners" key. */
export const fr = {};
export const en: typeof fr = {};
