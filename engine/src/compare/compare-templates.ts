import semver from "semver";
import { diagnostic, ptr, type Diagnostic } from "../diagnostics.ts";
import type { EntityIR, FieldIR, TemplateIR } from "../ir/types.ts";

/**
 * Compatibility between two versions of one template. Things are matched by stable id, so a
 * rename is not a removal. Each risky change is a warning at its place in the new template;
 * a breaking change without a new major version (or any change without a new version) is an
 * error at /version.
 */
export function compareTemplates(previous: TemplateIR, next: TemplateIR): Diagnostic[] {
  const found: Diagnostic[] = [];
  let breaking = false;
  const risky = (d: Diagnostic) => {
    breaking = true;
    found.push(d);
  };

  for (const oldEntity of previous.entities) {
    const newEntity = next.entities.find((e) => e.id === oldEntity.id);
    if (!newEntity) {
      const reused = next.entities.find((e) => e.name === oldEntity.name);
      if (reused) {
        risky(
          diagnostic(
            "ENG_COMPAT_ID_CHANGED",
            ptr(reused.pointer, "id"),
            `Entity "${reused.name}" has a new id ("${oldEntity.id}" → "${reused.id}"): its table is dropped and created anew.`,
            `Keep "id": "${oldEntity.id}" to keep the data.`,
          ),
        );
      } else {
        risky(
          diagnostic(
            "ENG_COMPAT_ENTITY_REMOVED",
            "/entities",
            `Entity "${oldEntity.name}" was removed; its records will be dropped.`,
          ),
        );
      }
      continue;
    }
    compareEntity(oldEntity, newEntity, risky);
  }

  const changed = JSON.stringify(strip(previous)) !== JSON.stringify(strip(next));
  const older = semver.valid(previous.version);
  const newer = semver.valid(next.version);
  if (changed && older && newer && !semver.gt(newer, older)) {
    found.push(
      diagnostic(
        "ENG_COMPAT_VERSION_NOT_BUMPED",
        "/version",
        `The template changed but version ${next.version} is not above ${previous.version}.`,
        `Use ${semver.inc(older, breaking ? "major" : "minor")}.`,
      ),
    );
  } else if (breaking && older && newer && semver.major(newer) === semver.major(older) && semver.major(older) >= 1) {
    found.push(
      diagnostic(
        "ENG_COMPAT_BREAKING_MINOR",
        "/version",
        `Version ${next.version} keeps major ${semver.major(older)} but the changes below can lose data or reject existing records.`,
        `Use ${semver.inc(older, "major")}.`,
      ),
    );
  }
  return found;
}

function compareEntity(oldEntity: EntityIR, newEntity: EntityIR, risky: (d: Diagnostic) => void): void {
  for (const oldField of oldEntity.fields) {
    const newField = newEntity.fields.find((f) => f.id === oldField.id);
    if (!newField) {
      const reused = newEntity.fields.find((f) => f.name === oldField.name);
      if (reused) {
        risky(
          diagnostic(
            "ENG_COMPAT_ID_CHANGED",
            ptr(reused.pointer, "x-id"),
            `Field "${reused.name}" has a new id ("${oldField.id}" → "${reused.id}"): it is dropped and re-added empty.`,
            `Keep "x-id": "${oldField.id}" to keep the data.`,
          ),
        );
      } else {
        risky(
          diagnostic(
            "ENG_COMPAT_FIELD_REMOVED",
            ptr(newEntity.pointer, "schema", "properties"),
            `Field "${oldEntity.name}.${oldField.name}" was removed; its values will be dropped.`,
          ),
        );
      }
      continue;
    }
    compareField(oldField, newField, risky);
  }
  for (const field of newEntity.fields) {
    const isNew = !oldEntity.fields.some((f) => f.id === field.id);
    if (isNew && field.required && !field.nullable && field.default === undefined && !field.readOnly) {
      risky(
        diagnostic(
          "ENG_COMPAT_REQUIRED_ADDED",
          field.pointer,
          `New required field "${field.name}" has no default; existing ${newEntity.name} records have no value for it.`,
          'Add a "default", or make it optional first.',
        ),
      );
    }
  }
}

function compareField(oldField: FieldIR, newField: FieldIR, risky: (d: Diagnostic) => void): void {
  const at = newField.pointer;
  if (oldField.kind !== newField.kind || oldField.itemKind !== newField.itemKind) {
    risky(
      diagnostic(
        "ENG_COMPAT_TYPE_CHANGED",
        at,
        `"${newField.name}" changed from ${oldField.kind} to ${newField.kind}.`,
        "Add a new field and copy the values over instead.",
      ),
    );
    return;
  }
  if (!oldField.required && newField.required && newField.default === undefined) {
    risky(
      diagnostic(
        "ENG_COMPAT_NOW_REQUIRED",
        at,
        `"${newField.name}" became required; records without a value no longer validate.`,
      ),
    );
  }
  if (oldField.nullable && !newField.nullable) {
    risky(diagnostic("ENG_COMPAT_NOW_REQUIRED", at, `"${newField.name}" no longer accepts null.`));
  }
  const removed = (oldField.enumValues ?? []).filter((v) => newField.enumValues && !newField.enumValues.includes(v));
  if (removed.length) {
    risky(
      diagnostic(
        "ENG_COMPAT_ENUM_VALUE_REMOVED",
        ptr(at, "enum"),
        `"${newField.name}" lost enum value(s) ${removed.map((v) => JSON.stringify(v)).join(", ")}.`,
        "Migrate records holding them first.",
      ),
    );
  }
  const before = oldField.schema as Record<string, number | undefined>;
  const after = newField.schema as Record<string, number | undefined>;
  const tighter = (key: string, dir: 1 | -1) =>
    after[key] !== undefined && (before[key] === undefined || (after[key]! - before[key]!) * dir > 0);
  for (const [key, dir] of [
    ["maxLength", -1],
    ["maximum", -1],
    ["maxItems", -1],
    ["minLength", 1],
    ["minimum", 1],
    ["minItems", 1],
  ] as const) {
    if (tighter(key, dir)) {
      risky(
        diagnostic(
          "ENG_COMPAT_NARROWED",
          ptr(at, key),
          `"${newField.name}" ${key} tightened (${before[key] ?? "none"} → ${after[key]}).`,
        ),
      );
    }
  }
}

/** The IR without pointers and source, so moving text around is not a change. */
function strip(ir: TemplateIR): unknown {
  return JSON.parse(
    JSON.stringify({ ...ir, version: "", source: "" }, (key, value) => (key === "pointer" ? undefined : value)),
  );
}
