import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { PHONE_PATTERN } from "../../../engine/src/contract/patterns.ts";
import { addStoredFormats } from "../../../engine/src/contract/stored-formats.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Fastify's default validator is draft-07 and rejects 2020-12 schemas: route schemas go
 * through Ajv 2020 instead (STACK.md recipe). No coercion of bodies: a string is not a number.
 */
export function createRouteAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    coerceTypes: false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  // uuid, date and date-time as PostgreSQL stores them (narrower than ajv-formats').
  addStoredFormats(ajv);
  ajv.addFormat("phone", PHONE_PATTERN);
  return ajv;
}

/** The schemaController option for Fastify. Query strings are coerced; bodies are not. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Fastify types this option per schema type provider
export function schemaController(): any {
  return {
    compilersFactory: {
      buildValidator: (external: Record<string, unknown>) => {
        const strict = createRouteAjv();
        const coercing = new Ajv2020({ coerceTypes: "array", useDefaults: true, allErrors: true, strict: false });
        addFormats(coercing);
        addStoredFormats(coercing);
        coercing.addFormat("phone", PHONE_PATTERN);
        for (const schema of Object.values(external)) {
          strict.addSchema(schema as object);
          coercing.addSchema(schema as object);
        }
        return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
          (httpPart === "body" ? strict : coercing).compile(schema);
      },
    },
  };
}
