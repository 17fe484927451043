import { MISSING, mutationsOf, toJson, UNKNOWN_UUID } from './fuzz-values';
import { ApiOperation, dateKindOf, labelOf, Parameter, Schema, SchemaResolver, typeOf } from './openapi';

/**
 * Deterministic bad requests for every operation of the OpenAPI document: bodies, content types, query strings and
 * path parameters, each built from the operation's own schemas. Nothing here is random: the same document always
 * gives the same cases in the same order.
 */

export type CaseKind = 'body' | 'content-type' | 'query' | 'path' | 'auth';

export interface RawBody {
  text: string;
  /** Absent: no Content-Type header at all. */
  contentType?: string;
}

export interface FuzzCase {
  op: ApiOperation;
  kind: CaseKind;
  name: string;
  /** Raw (already encoded) values for path parameters, in place of the fixtures. */
  pathValues?: Record<string, string>;
  /** The raw query string, without `?`. */
  query?: string;
  body?: RawBody;
  auth: 'allowed' | 'none' | 'garbage';
  /** Why a 2xx answer is the documented one; absent: the request must be refused with a 4xx. */
  acceptable?: string;
  /** The body property (dotted path) or parameter the case is about, for the coverage check. */
  subject?: string;
}

/** Fixture ids by parameter or property name (`patientId`, `patient_id`…). */
export type IdLookup = (name: string) => string | undefined;

type Key = string | number;

function clone<T>(value: T): T {
  return structuredClone(value);
}

function setAt(target: unknown, path: Key[], value: unknown): void {
  let node = target as Record<Key, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  const last = path[path.length - 1];
  if (value === MISSING) delete node[last];
  else node[last] = value;
}

const dotted = (path: Key[]): string => path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${key}`)).join('');

export class FuzzCaseBuilder {
  constructor(
    private readonly resolver: SchemaResolver,
    private readonly idFor: IdLookup,
  ) {}

  /** A valid value for a property: its fixture id, example, first enum value or default, else one from its type. */
  valid(name: string, raw: Schema | undefined): unknown {
    const schema = this.resolver.resolve(raw);
    if (schema.format === 'uuid') return this.idFor(name) ?? UNKNOWN_UUID;
    if (schema.example !== undefined) return clone(schema.example);
    if (schema.enum?.length) return schema.enum[0];
    if (schema.default !== undefined) return schema.default;
    switch (typeOf(schema)) {
      case 'string':
        return 'fuzz';
      case 'number':
      case 'integer':
        return schema.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return [this.valid(name, schema.items)];
      case 'object':
        return Object.fromEntries((schema.required ?? []).map((key) => [key, this.valid(key, schema.properties?.[key])]));
      default:
        return 'fuzz';
    }
  }

  /** Every case of every operation, in document order. */
  build(operations: ApiOperation[], isPublic: (op: ApiOperation) => boolean): FuzzCase[] {
    return operations.flatMap((op) => {
      const auth = isPublic(op) ? 'none' : 'allowed';
      return [...this.bodyCases(op, auth), ...this.contentTypeCases(op, auth), ...this.queryCases(op, auth), ...this.pathCases(op, auth), ...this.authCases(op, isPublic(op))];
    });
  }

  private bodyCases(op: ApiOperation, auth: FuzzCase['auth']): FuzzCase[] {
    if (!op.body) return [];
    const base = this.valid('body', op.body) as Record<string, unknown>;
    const noneRequired = (op.body.required ?? []).length === 0;
    const json = (name: string, text: string, extra: Partial<FuzzCase> = {}): FuzzCase => ({ op, kind: 'body', name, body: { text, contentType: 'application/json' }, auth, ...extra });
    const emptyIsFine = noneRequired ? 'no property is required: an empty body changes nothing (or acts without options)' : undefined;
    const cases: FuzzCase[] = [
      json('malformed JSON', '{"broken": '),
      json('a JSON array instead of an object', toJson([base])),
      json('JSON null', 'null'),
      json('a JSON string', '"fuzz"'),
      json('a JSON number', '12345'),
      json('an empty object', '{}', { acceptable: emptyIsFine }),
      json('an empty body', '', { acceptable: emptyIsFine }),
      json('an unknown extra property', toJson({ ...base, fuzz_unknown: 'x' })),
      json('a __proto__ property', `{"__proto__":{"polluted":true}${Object.keys(base).length ? `,${toJson(base).slice(1)}` : '}'}`),
      json('a constructor.prototype property', toJson({ ...base, constructor: { prototype: { polluted: true } } })),
    ];
    cases.push(...this.propertyCases(op, op.body, base, [], auth));
    return cases;
  }

  /** One case per bad value of every property, nested objects and list items included (dotted paths). */
  private propertyCases(op: ApiOperation, schema: Schema, base: unknown, at: Key[], auth: FuzzCase['auth']): FuzzCase[] {
    return Object.entries(schema.properties ?? {}).flatMap(([name, raw]) => {
      const property = this.resolver.resolve(raw);
      const path = [...at, name];
      const withProperty = clone(base);
      setAt(withProperty, path, this.valid(name, property));
      const type = typeOf(property);
      const validItem = type === 'array' ? this.valid(name, property.items) : undefined;
      const own = mutationsOf(name, property, (schema.required ?? []).includes(name), validItem).map((mutation): FuzzCase => {
        const body = clone(withProperty);
        setAt(body, path, mutation.value);
        return { op, kind: 'body', name: `${dotted(path)}: ${mutation.name}`, body: { text: toJson(body), contentType: 'application/json' }, auth, acceptable: mutation.acceptable, subject: dotted(path) };
      });
      if (type === 'object' && property.properties) {
        const unknown = clone(withProperty);
        setAt(unknown, [...path, 'fuzz_unknown'], 'x');
        own.push({ op, kind: 'body', name: `${dotted(path)}: an unknown nested property`, body: { text: toJson(unknown), contentType: 'application/json' }, auth, subject: dotted(path) });
        own.push(...this.propertyCases(op, property, withProperty, path, auth));
      }
      const items = type === 'array' ? this.resolver.resolve(property.items) : undefined;
      if (items?.properties) own.push(...this.propertyCases(op, items, withProperty, [...path, 0], auth));
      return own;
    });
  }

  /** Where JSON is expected: the same valid body under other content types, or none. */
  private contentTypeCases(op: ApiOperation, auth: FuzzCase['auth']): FuzzCase[] {
    if (!op.body) return [];
    const base = this.valid('body', op.body);
    const text = toJson(base);
    const boundary = 'fuzzboundary7MA4YWxkTrZu0gW';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="json"\r\nContent-Type: application/json\r\n\r\n${text}\r\n--${boundary}--\r\n`;
    const form = new URLSearchParams(Object.entries(base as Record<string, unknown>).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : toJson(v)]));
    form.append('fuzz_unknown', 'x');
    const noneRequired = (op.body.required ?? []).length === 0;
    const cases: Array<[string, RawBody, string?]> = [
      ['text/plain', { text, contentType: 'text/plain' }],
      ['multipart/form-data', { text: multipart, contentType: `multipart/form-data; boundary=${boundary}` }],
      ['no Content-Type', { text }],
      ['application/xml', { text: '<fuzz>1</fuzz>', contentType: 'application/xml' }],
      ['JSON in an unknown charset', { text, contentType: 'application/json; charset=fuzz-8' }],
      ['form-encoded, with an unknown field', { text: form.toString(), contentType: 'application/x-www-form-urlencoded' }],
      ['an empty form-encoded body', { text: '', contentType: 'application/x-www-form-urlencoded' }, noneRequired ? 'no property is required: an empty body changes nothing' : undefined],
    ];
    return cases.map(([name, body, acceptable]) => ({ op, kind: 'content-type', name, body, auth, acceptable }));
  }

  private queryValue(parameter: Parameter): string {
    const value = this.valid(parameter.name, parameter.schema);
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  private queryCases(op: ApiOperation, auth: FuzzCase['auth']): FuzzCase[] {
    if (op.query.length === 0) return [];
    const required = op.query.filter((p) => p.required);
    const q = (pairs: Array<[string, string]>): string => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const withRequired = (name: string, pairs: Array<[string, string]>): string =>
      q([...required.filter((p) => p.name !== name).map((p): [string, string] => [p.name, this.queryValue(p)]), ...pairs]);
    const cases: FuzzCase[] = [
      { op, kind: 'query', name: 'an unknown parameter', query: withRequired('', [['fuzz_unknown', '1']]), auth },
      { op, kind: 'query', name: 'bracket syntax', query: `${withRequired('', [])}&${op.query[0].name}[fuzz]=1`, auth },
    ];
    for (const parameter of required) cases.push({ op, kind: 'query', name: `${parameter.name}: missing`, query: withRequired(parameter.name, []), auth, subject: parameter.name });
    for (const parameter of op.query) {
      const valid = this.queryValue(parameter);
      for (const [name, value, acceptable] of this.queryMutations(parameter)) {
        cases.push({ op, kind: 'query', name: `${parameter.name}: ${name}`, query: withRequired(parameter.name, [[parameter.name, value]]), auth, acceptable, subject: parameter.name });
      }
      cases.push({ op, kind: 'query', name: `${parameter.name}: repeated`, query: withRequired(parameter.name, [[parameter.name, valid], [parameter.name, valid]]), auth, subject: parameter.name });
    }
    return cases;
  }

  private queryMutations(parameter: Parameter): Array<[string, string, string?]> {
    const schema = parameter.schema ?? {};
    const type = typeOf(schema);
    const emptyIsAbsent = 'an empty optional parameter is read as absent';
    if (type === 'number' || type === 'integer') {
      const out: Array<[string, string, string?]> = [['not a number', 'abc'], ['1e308', '1e308'], ['a fraction', '1.5'], ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['-1', '-1'], ['a hex number', '0x10'], ['an empty value', '']];
      if (schema.maximum !== undefined) out.push(['maximum + 1', String(schema.maximum + 1)], ['a huge page', '99999999999999999999']);
      return out;
    }
    if (type === 'boolean') return [['not a boolean', 'maybe'], ['2', '2'], ['an empty value', '']];
    const out: Array<[string, string, string?]> = [
      ['10,000 characters', 'x'.repeat(10_000)],
      ['an empty value', '', parameter.required ? undefined : emptyIsAbsent],
      ['a NUL byte', 'a\u0000b'],
    ];
    if (schema.maxLength !== undefined) out.push([`maxLength + 1 (${schema.maxLength + 1})`, 'x'.repeat(schema.maxLength + 1)]);
    if (schema.enum) out.push(['a value outside the enum', 'not-in-the-enum']);
    if (schema.format === 'uuid' || /id$/i.test(parameter.name)) out.push(['not a UUID', 'not-a-uuid'], ['an SQL quote', "' OR '1'='1"]);
    const dateKind = dateKindOf(parameter.name, schema);
    if (dateKind === 'date' || dateKind === 'instant') out.push(['an impossible date', '2026-02-30'], ['not a date', 'not-a-date'], ['a far-future instant', '+275760-09-13T00:00:00Z'], ['1e308', '1e308']);
    return out;
  }

  private pathCases(op: ApiOperation, auth: FuzzCase['auth']): FuzzCase[] {
    const values: Array<[string, string]> = [
      ['not a UUID', 'not-a-uuid'],
      ['overlong (3,000 characters)', 'a'.repeat(3000)],
      ['encoded traversal', '..%2F..%2Fetc%2Fpasswd'],
      ['double-encoded traversal', '%252e%252e%252fetc%252fpasswd'],
      ['an encoded NUL byte', '%00'],
      ['an SQL quote', "1'%20OR%20'1'%3D'1"],
      ['-1', '-1'],
      ['a UUID in braces', `%7B${UNKNOWN_UUID}%7D`],
      ['an unknown UUID', UNKNOWN_UUID],
    ];
    return op.pathParams.flatMap((param) => values.map(([name, value]): FuzzCase => ({ op, kind: 'path', name: `${param}: ${name}`, pathValues: { [param]: value }, auth, subject: param })));
  }

  /** Guards answer before validation: without a token, or with a garbage one, every protected route says 401. */
  private authCases(op: ApiOperation, isPublic: boolean): FuzzCase[] {
    if (isPublic) return [];
    const body = op.body || ['POST', 'PUT', 'PATCH'].includes(op.method) ? { text: '[1,2,3]', contentType: 'application/json' } : undefined;
    return [
      { op, kind: 'auth', name: 'no token, a bad body', body, query: 'fuzz_unknown=1', pathValues: Object.fromEntries(op.pathParams.filter((p) => p !== 'clinicId').map((p) => [p, 'not-a-uuid'])), auth: 'none' },
      { op, kind: 'auth', name: 'a garbage bearer token', body, auth: 'garbage' },
    ];
  }
}

export const caseLabel = (c: FuzzCase): string => `${labelOf(c.op)} [${c.kind}: ${c.name}]`;
