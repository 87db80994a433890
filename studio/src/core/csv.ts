/** One CSV column: the record key and its header. */
export interface CsvColumn {
  key: string;
  header: string;
  /** Enum values' labels (the template's `x-enumLabels` in the user's locale): cells show these. */
  valueLabels?: Record<string, string>;
}

/** A cell as text: enum values as their labels, arrays joined, objects as JSON, null and undefined empty. */
export function csvCellText(value: unknown, valueLabels?: Record<string, string>): string {
  if (value === null || value === undefined) return "";
  if (valueLabels && (typeof value === "string" || typeof value === "number"))
    return valueLabels[String(value)] ?? String(value);
  if (valueLabels && Array.isArray(value)) return value.map((v) => valueLabels[String(v)] ?? String(v)).join("; ");
  if (Array.isArray(value))
    return value.map((v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v))).join("; ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * RFC 4180 CSV (CRLF, quotes doubled). Cells that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@` first) get a leading apostrophe: exports are opened by people, not parsers.
 */
export function toCsv(records: readonly Record<string, unknown>[], columns: readonly CsvColumn[]): string {
  const escape = (text: string) => {
    const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [columns.map((c) => escape(c.header)).join(",")];
  for (const record of records)
    lines.push(columns.map((c) => escape(csvCellText(record[c.key], c.valueLabels))).join(","));
  return lines.join("\r\n") + "\r\n";
}
