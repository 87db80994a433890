import type { DraftTemplate } from "../../../engine/src/contract/design-port.ts";
import type { EntityFormSpec } from "../../../engine/src/contract/form-spec.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";

/**
 * The draft templates this runtime serves (saved by a production studio): their registry
 * entries go into the runtime registry (so tenants install them and the entity API serves
 * them in draft mode), their form specs are kept here for the studio's forms route.
 */
export class DraftTemplates {
  private readonly forms = new Map<string, Readonly<Record<string, EntityFormSpec>>>();

  constructor(private readonly registry: RuntimeRegistry) {}

  /** Serves `draft`; false when a compiled template has its id (that one keeps serving). */
  serve(draft: DraftTemplate): boolean {
    if (!this.registry.serveDraft(draft.registry)) return false;
    this.forms.set(draft.registry.id, draft.forms);
    return true;
  }

  /** The form spec of an entity of a served draft template, or undefined. */
  form(templateId: string, entity: string): EntityFormSpec | undefined {
    return this.forms.get(templateId)?.[entity];
  }
}
