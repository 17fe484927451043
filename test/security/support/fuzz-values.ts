import { dateKindOf, Schema, typeOf } from './openapi';

/** JSON text written as is: numbers JSON.stringify cannot produce (1e309 parses to Infinity, 2^53 + 1 loses a digit). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A property left out of the body. */
export const MISSING = Symbol('missing');

/** A well-formed UUID no record has. */
export const UNKNOWN_UUID = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';

export const HUGE_LENGTH = 100_000;

export interface Mutation {
  name: string;
  value: unknown;
  /** Why a 2xx answer is the documented one for this value; absent: it must be refused. */
  acceptable?: string;
}

export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, inner]) => `${JSON.stringify(key)}:${toJson(inner)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A value of the wrong JSON type for every type but the property's own. */
function wrongTypes(type: string, schema: Schema): Mutation[] {
  const all: Array<[string, string, unknown]> = [
    ['string', 'a string', 'fuzz'],
    ['number', 'a number', 12345],
    ['boolean', 'a boolean', true],
    ['object', 'an object', { fuzz: 1 }],
    ['array', 'an array', ['fuzz']],
  ];
  const wrong = all.filter(([own]) => own !== type && !(own === 'number' && type === 'integer')).map(([, name, value]) => ({ name, value }));
  return [...wrong, { name: 'null', value: null, acceptable: schema.nullable ? 'the document marks it nullable: null clears it' : undefined }];
}

function dateMutations(kind: 'date' | 'instant' | 'time'): Mutation[] {
  switch (kind) {
    case 'date':
      return [
        { name: 'an impossible date', value: '2026-02-30' },
        { name: 'a far-future date', value: '+275760-09-13' },
        { name: 'not a date', value: 'not-a-date' },
      ];
    case 'instant':
      return [
        { name: 'an impossible instant', value: '2026-02-30T10:00:00+01:00' },
        { name: 'a far-future instant', value: '+275760-09-13T00:00:00Z' },
        { name: 'not an instant', value: 'not-a-date' },
      ];
    case 'time':
      return [
        { name: 'an impossible time', value: '25:61' },
        { name: 'not a time', value: 'noon' },
      ];
  }
}

function stringMutations(name: string, schema: Schema, required: boolean): Mutation[] {
  const dateKind = dateKindOf(name, schema);
  const freeText = !required && !schema.format && !schema.enum && !schema.pattern && !dateKind && schema.minLength === undefined;
  const out: Mutation[] = [
    { name: 'an empty string', value: '', acceptable: freeText ? 'an optional free text with no minimum length in the document: empty is a text like another' : undefined },
    { name: `${HUGE_LENGTH.toLocaleString('en')} characters`, value: 'x'.repeat(HUGE_LENGTH) },
  ];
  if (schema.maxLength !== undefined) out.push({ name: `maxLength + 1 (${schema.maxLength + 1})`, value: 'x'.repeat(schema.maxLength + 1) });
  if (schema.enum) out.push({ name: 'a value outside the enum', value: 'not-in-the-enum' });
  if (schema.pattern) out.push({ name: 'a value not matching the pattern', value: 'fuzz ~ no match' });
  if (schema.format === 'uuid') out.push({ name: 'not a UUID', value: 'not-a-uuid' }, { name: 'an unknown UUID', value: UNKNOWN_UUID });
  if (dateKind) out.push(...dateMutations(dateKind));
  return out;
}

function numberMutations(schema: Schema): Mutation[] {
  const out: Mutation[] = [
    { name: '1e308', value: 1e308 },
    { name: '1e309 (Infinity once parsed)', value: new RawJson('1e309') },
    { name: '2^53 + 1', value: new RawJson('9007199254740993') },
    { name: 'a fraction', value: 30.5 },
    { name: '"NaN"', value: 'NaN' },
    { name: 'a number as a string', value: String(typeof schema.example === 'number' ? schema.example : (schema.minimum ?? 30)) },
  ];
  if (schema.minimum === undefined || schema.minimum > -1) out.push({ name: '-1', value: -1 });
  if (schema.minimum !== undefined && schema.minimum - 1 !== -1) out.push({ name: 'minimum - 1', value: schema.minimum - 1 });
  if (schema.maximum !== undefined) out.push({ name: 'maximum + 1', value: schema.maximum + 1 });
  return out;
}

/** Bad values for one property of `schema`, from its type, bounds, format and name. */
export function mutationsOf(name: string, schema: Schema, required: boolean, validItem: unknown): Mutation[] {
  const type = typeOf(schema);
  const out = wrongTypes(type, schema);
  if (required) out.push({ name: 'missing', value: MISSING });
  switch (type) {
    case 'string':
      out.push(...stringMutations(name, schema, required));
      break;
    case 'number':
    case 'integer':
      out.push(...numberMutations(schema));
      break;
    case 'boolean':
      out.push({ name: '"true" as a string', value: 'true' }, { name: '1 for true', value: 1 });
      break;
    case 'array':
      out.push(
        { name: 'an empty array', value: [], acceptable: 'the document sets no minimum count: an empty list replaces the list with none' },
        { name: 'an array of null', value: [null] },
        { name: '1,000 items', value: Array.from({ length: 1000 }, () => validItem) },
      );
      break;
    case 'object':
      out.push({ name: 'a deeply nested object', value: nested(200) });
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const entry = schema.additionalProperties;
        out.push(
          { name: 'an empty object', value: {} },
          { name: 'an entry of the wrong type', value: { fr: 12345 } },
          { name: 'an over-long entry', value: { fr: 'x'.repeat((entry.maxLength ?? HUGE_LENGTH) + 1) } },
          { name: 'an empty entry', value: { fr: '' } },
          { name: 'an entry under an over-long key', value: { ['k'.repeat(10_000)]: 'fuzz' } },
        );
      } else if (!schema.properties) {
        out.push({ name: 'an entry of the wrong type', value: { fr: { deep: 1 } } }, { name: 'an entry under an over-long key', value: { ['k'.repeat(10_000)]: 'fuzz' } });
      }
      break;
  }
  return out;
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}
