/** A UUID in its canonical text form (any version), as PostgreSQL's `uuid` type prints it. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID_PATTERN.test(value);

/** E.164-like phone numbers (format `phone`): Ajv in the engine and runtime, and the generated Zod validators. */
export const PHONE_PATTERN = /^\+?[1-9]\d{6,14}$/;

/** Template ids as the meta-schema allows them (kebab-case); also keeps ids from escaping a folder. */
export const TEMPLATE_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
