/**
 * The shapes the studio reads from the runtime. Type-only imports: nothing of the runtime or the
 * generators ends up in the bundle.
 */
export type {
  StudioEntity,
  StudioField,
  StudioRegistry,
  StudioTemplate,
} from "../../../runtime/src/studio/registry-view.ts";
export type { EntityFormSpec } from "../../../generators/src/forms/build-entity-form.ts";
export type { FilterControl } from "../../../generators/src/forms/filter-form.ts";
export type { FormStep } from "../../../generators/src/forms/form-groups.ts";
export type {
  FilterOperator,
  Labels,
  RoleRegistry,
  AccessRule,
} from "../../../generators/src/registry/registry-types.ts";
export type { Diagnostic } from "../../../engine/src/diagnostics.ts";
export type {
  RawTemplate,
  RawEntity,
  RawSchemaObject,
  RawWorkflow,
} from "../../../engine/src/template/raw-template.ts";
export type { WorkflowNodeType } from "../../../engine/src/ir/types.ts";

/** A record as the entity API returns it. */
export type EntityRecord = { id: string; createdAt?: string; updatedAt?: string } & Record<string, unknown>;

/** One page of a list. */
export interface RecordPage {
  data: EntityRecord[];
  nextCursor: string | null;
  total?: number;
}
