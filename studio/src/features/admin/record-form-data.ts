/** The properties of a record that an edit form's schema declares (the rest would fail additionalProperties). */
export function formDataFor(record: Record<string, unknown>, schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => key in properties && value !== null));
}

/** A PATCH body: changed properties, and null for the ones the form cleared. */
export function patchBody(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    body[key] = b === undefined ? null : b;
  }
  return body;
}
