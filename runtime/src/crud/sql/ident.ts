/** `"name"`: identifiers come from the registry, but quoting keeps any name exactly as it is. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `'text'`: for registry-given constants (template ids, JSON path segments already validated). */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** `alias."column"`. */
export const col = (alias: string, name: string): string => `${alias}.${ident(name)}`;

/** ISO-8601 UTC text with milliseconds, the API's one timestamp format. */
export const isoTimestamp = (sql: string): string =>
  `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const isoDate = (sql: string): string => `to_char(${sql}, 'YYYY-MM-DD')`;
