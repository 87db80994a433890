import type { Diagnostic } from "./registry-types.ts";

/** What part of a template a diagnostic's JSON pointer concerns. */
export interface DiagnosticTarget {
  entity?: string;
  field?: string;
  relation?: string;
  workflow?: string;
  node?: number;
  edge?: number;
}

const unescape = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

export function diagnosticTarget(pointer: string): DiagnosticTarget {
  const [head, name, ...rest] = pointer.split("/").slice(1).map(unescape);
  if (head === "entities" && name) {
    if (rest[0] === "schema" && rest[1] === "properties" && rest[2]) return { entity: name, field: rest[2] };
    if (rest[0] === "schema" && rest[1] === "required") return { entity: name, field: undefined };
    if (rest[0] === "relations" && rest[1]) return { entity: name, relation: rest[1] };
    if (rest[0] === "access" && rest[1] === "fields" && rest[2]) return { entity: name, field: rest[2] };
    return { entity: name };
  }
  if (head === "workflows" && name) {
    if (rest[0] === "nodes" && rest[1] !== undefined) return { workflow: name, node: Number(rest[1]) };
    if (rest[0] === "edges" && rest[1] !== undefined) return { workflow: name, edge: Number(rest[1]) };
    return { workflow: name };
  }
  return {};
}

/** Diagnostics about one field of one entity. */
export const fieldDiagnostics = (diagnostics: readonly Diagnostic[], entity: string, field: string) =>
  diagnostics.filter((d) => {
    const t = diagnosticTarget(d.pointer);
    return t.entity === entity && t.field === field;
  });

/** Diagnostics about an entity but none of its fields (scope, relations, access…). */
export const entityDiagnostics = (diagnostics: readonly Diagnostic[], entity: string) =>
  diagnostics.filter((d) => {
    const t = diagnosticTarget(d.pointer);
    return t.entity === entity && t.field === undefined;
  });

/** Counts per entity, for the entity list's badges. */
export function diagnosticCounts(
  diagnostics: readonly Diagnostic[],
): Record<string, { errors: number; warnings: number }> {
  const out: Record<string, { errors: number; warnings: number }> = {};
  for (const d of diagnostics) {
    const entity = diagnosticTarget(d.pointer).entity;
    if (!entity) continue;
    const c = (out[entity] ??= { errors: 0, warnings: 0 });
    if (d.severity === "error") c.errors++;
    else c.warnings++;
  }
  return out;
}
