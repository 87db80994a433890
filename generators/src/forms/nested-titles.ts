import type { FieldIR } from "../../../engine/src/index.ts";
import { pickLabel, type LabelLocales } from "./localized-label.ts";

type SchemaObject = Record<string, unknown>;

/**
 * A field's value schema with a `title` on each nested property the template labels
 * (FieldIR.nestedLabels), in `locales`: forms and OpenAPI name a house rule's "Check-in from"
 * instead of `checkInFrom`. Validation keywords are untouched.
 */
export function withNestedTitles(schema: unknown, field: FieldIR, locales: LabelLocales): unknown {
  let next = schema;
  for (const [path, labels] of Object.entries(field.nestedLabels)) {
    const title = pickLabel(labels, locales);
    if (title) next = titled(next, path.split("/"), title);
  }
  return next;
}

function titled(schema: unknown, path: readonly string[], title: string): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  const node = schema as SchemaObject;
  if (path.length === 0) {
    const { title: _raw, ...rest } = node;
    return { title, ...rest };
  }
  const [head, ...tail] = path;
  if (head === "items" && node.items && typeof node.items === "object")
    return { ...node, items: titled(node.items, tail, title) };
  const properties = node.properties as Record<string, unknown> | undefined;
  if (!properties || !(head in properties)) return schema;
  return { ...node, properties: { ...properties, [head]: titled(properties[head], tail, title) } };
}
