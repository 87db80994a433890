import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { PHONE_PATTERN } from "../contract/patterns.ts";
import { addStoredFormats } from "../contract/stored-formats.ts";
import type { JsonSchema } from "../ir/types.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** An Ajv configured as the runtime validates values (2020-12, formats asserted as stored, phone). */
export function createValueAjv(options: { useDefaults?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: options.useDefaults ?? false });
  addFormats(ajv);
  addStoredFormats(ajv);
  ajv.addFormat("phone", PHONE_PATTERN);
  return ajv;
}

let shared: Ajv2020 | undefined;
const cache = new Map<string, ValidateFunction>();

/** Compiles (and caches by content) a validator for one value schema. */
export function compileValueSchema(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = cache.get(key);
  if (!validate) {
    shared ??= createValueAjv();
    validate = shared.compile(typeof schema === "boolean" ? schema : { ...schema });
    cache.set(key, validate);
  }
  return validate;
}
