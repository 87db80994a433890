/** JSON Schemas shared by the identity routes (validated by Ajv 2020, no coercion). */
export { PASSWORD_SCHEMA as NEW_PASSWORD } from "../passwords.ts";

export const EMAIL = { type: "string", format: "email", maxLength: 254 } as const;
export const NAME = { type: "string", minLength: 1, maxLength: 200 } as const;
/** Any password a user may type at login; the length rules apply when one is chosen. */
export const PASSWORD = { type: "string", minLength: 1, maxLength: 256 } as const;
export const TOKEN = { type: "string", minLength: 20, maxLength: 200, pattern: "^[A-Za-z0-9_-]+$" } as const;
export const UUID = { type: "string", format: "uuid" } as const;

export function body(required: string[], properties: Record<string, object>) {
  return { type: "object", required, additionalProperties: false, properties } as const;
}
