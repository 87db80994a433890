/**
 * What both design ports do with a design, in memory: compile it (engine), compare it with the
 * previous version, build the form specs a preview shows, and project a draft template (its
 * registry entry and form specs) for draft mode. Nothing here writes a file.
 */
import {
  compareTemplates,
  compileTemplateText,
  compileTemplateValue,
  type Diagnostic,
  type TemplateIR,
} from "../../../engine/src/index.ts";
import type { DraftTemplate, PreviewOutcome } from "../../../engine/src/contract/design-port.ts";
import type { EntityFormSpec } from "../../../engine/src/contract/form-spec.ts";
import { buildEntityForm } from "../forms/build-entity-form.ts";
import { buildTemplateRegistry } from "../registry/build-template-registry.ts";

/** Compatibility notes of `next` against the previous text of the same template ([] when there is none or it does not compile). */
export function compatibilityWith(previous: { file: string; text: string } | null, next: TemplateIR): Diagnostic[] {
  if (!previous) return [];
  const before = compileTemplateText(previous.text, previous.file);
  return before.ok ? compareTemplates(before.ir, next) : [];
}

function entityForms(ir: TemplateIR, only?: string): Record<string, EntityFormSpec> {
  const forms: Record<string, EntityFormSpec> = {};
  for (const e of ir.entities) if (!only || e.name === only) forms[e.name] = buildEntityForm(ir, e);
  return forms;
}

/** The compiled form specs of an unsaved design (all entities, or one). */
export function previewDesign(template: unknown, entity?: string): PreviewOutcome {
  const result = compileTemplateValue(template, "<draft>");
  if (!result.ok) return { ok: false, diagnostics: result.diagnostics, forms: {} };
  return { ok: true, diagnostics: result.diagnostics, forms: entityForms(result.ir, entity) };
}

/**
 * A design as a draft template: compiled with `draft: true`, so every entity keeps its records
 * as validated JSONB (draft_record) and nothing needs a table. Null when it does not compile.
 */
export function draftTemplateOf(template: Readonly<Record<string, unknown>>, file: string): DraftTemplate | null {
  const result = compileTemplateValue({ ...template, draft: true }, file);
  if (!result.ok) return null;
  return { registry: buildTemplateRegistry(result.ir), forms: entityForms(result.ir) };
}
