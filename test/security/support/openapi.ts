/** The parts of the app's own OpenAPI document the fuzz suite reads, and how it reads them. */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the document, with its inputs resolved. */
export interface ApiOperation {
  method: string;
  /** The path template, e.g. `/api/clinics/{clinicId}/patients/{patientId}`. */
  template: string;
  /** Every `{name}` of the template (some operations do not list `clinicId` among their parameters). */
  pathParams: string[];
  query: Parameter[];
  /** The JSON body's schema, resolved; absent when the operation takes no body. */
  body?: Schema;
}

export const labelOf = (op: Pick<ApiOperation, 'method' | 'template'>): string => `${op.method} ${op.template}`;

/** Follows `$ref`s and merges `allOf`s, so that every schema the generator sees is a plain one. */
export class SchemaResolver {
  constructor(private readonly doc: OpenApiDocument) {}

  resolve(schema: Schema | undefined, depth = 0): Schema {
    if (!schema || depth > 16) return {};
    if (schema.$ref) {
      const { $ref, ...rest } = schema;
      return this.resolve({ ...this.doc.components?.schemas?.[$ref.replace('#/components/schemas/', '')], ...rest }, depth + 1);
    }
    if (schema.allOf) {
      const { allOf, ...rest } = schema;
      const parts = allOf.map((part) => this.resolve(part, depth + 1));
      const properties = Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, Schema>;
      const merged: Schema = Object.assign({}, ...parts, rest) as Schema;
      if (Object.keys(properties).length > 0) merged.properties = properties;
      return merged;
    }
    return schema;
  }

  operations(): ApiOperation[] {
    return Object.entries(this.doc.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const json = operation.requestBody?.content?.['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          template,
          pathParams: [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
          query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ ...p, schema: this.resolve(p.schema) })),
          body: json ? this.resolve(json) : undefined,
        };
      }),
    );
  }
}

/** A schema's JSON type, inferred for schemas that only carry bounds (`{ minimum, maximum }`). */
export function typeOf(schema: Schema): string {
  if (schema.type) return schema.type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number';
  return 'unknown';
}

/** Strings the document shows as dates or instants, by their example or their name. */
export function dateKindOf(name: string, schema: Schema): 'date' | 'instant' | 'time' | undefined {
  const example = typeof schema.example === 'string' ? schema.example : '';
  if (/^\d{4}-\d{2}-\d{2}T/.test(example) || schema.format === 'date-time') return 'instant';
  if (/^\d{4}-\d{2}-\d{2}$/.test(example) || /_on$|date$/.test(name)) return 'date';
  if (/^\d{2}:\d{2}$/.test(example)) return 'time';
  if (/^(from|to|start|end)$/.test(name)) return 'instant';
  return undefined;
}
