/** The superadmin screens' texts (French first; English mirrors every key). Merged under the "superadmin" key. */
export const fr = {};
export const en: typeof fr = {};
