import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../kb/schema/entry.schema.json';
import type { Entry } from './types';

let validator: ValidateFunction<Entry> | undefined;

/** The compiled JSON Schema of entry.yaml (compiled once, on first use). */
export function entryValidator(): ValidateFunction<Entry> {
  validator ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true }).compile<Entry>(schema);
  return validator;
}

export const entrySchema = schema;

/** One readable sentence per schema error, with the JSON path it concerns. */
export function describeSchemaError(e: ErrorObject): { pointer: string; message: string; key?: string } {
  const where = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      return { pointer: `${e.instancePath}/${key}`, key, message: `unknown property "${key}" at ${where}` };
    }
    case 'required':
      return { pointer: e.instancePath, message: `${where}: missing required property "${(e.params as { missingProperty: string }).missingProperty}"` };
    case 'enum':
      return { pointer: e.instancePath, message: `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    default:
      return { pointer: e.instancePath, message: `${where}: ${e.message ?? e.keyword}` };
  }
}
