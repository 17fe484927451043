import { ValidationOptions, registerDecorator } from 'class-validator';

/** ISO 639-1 two-letter language codes (fr, en, de, it, es, pt, nl, ar…). */
const ISO_639_1 = new Set(
  ('aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
    'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ' +
    'ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os ' +
    'pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ' +
    'ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

export const LOCALIZED_NAME_MAX_LENGTH = 120;
const MAX_LANGUAGES = 20;

/**
 * True for a name in one or more languages: a non-empty object whose keys are lowercase ISO 639-1 codes and whose
 * values are texts of 1 to 120 characters (not only spaces).
 */
export function isLocalizedName(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_LANGUAGES) return false;
  return entries.every(
    ([language, text]) => ISO_639_1.has(language) && typeof text === 'string' && text.trim().length > 0 && text.length <= LOCALIZED_NAME_MAX_LENGTH,
  );
}

export function IsLocalizedName(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLocalizedName',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an object of 1 to ${MAX_LANGUAGES} languages, each a lowercase ISO 639-1 code (fr, en, de…) with a text of 1 to ${LOCALIZED_NAME_MAX_LENGTH} characters`,
        ...options,
      },
      validator: { validate: isLocalizedName },
    });
  };
}
