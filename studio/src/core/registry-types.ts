/**
 * The shapes the studio reads from the runtime, from the contract (engine/src/contract) and the
 * engine. Type-only imports: nothing of them but types reaches this file.
 */
export type {
  StudioEntity,
  StudioField,
  StudioRegistry,
  StudioTemplate,
} from "../../../engine/src/contract/studio-registry.ts";
export type { EntityFormSpec, FilterControl, FormStep } from "../../../engine/src/contract/form-spec.ts";
export type { FilterOperator, Labels, RoleRegistry, AccessRule } from "../../../engine/src/contract/registry-types.ts";
export type { BuiltInRole } from "../../../engine/src/contract/roles.ts";
export type { RoleTier, WorkflowNodeType } from "../../../engine/src/contract/vocabulary.ts";
export type { Diagnostic } from "../../../engine/src/diagnostics.ts";
export type {
  RawTemplate,
  RawEntity,
  RawSchemaObject,
  RawWorkflow,
} from "../../../engine/src/template/raw-template.ts";

/** A record as the entity API returns it. */
export type EntityRecord = { id: string; createdAt?: string; updatedAt?: string } & Record<string, unknown>;

/** One page of a list. */
export interface RecordPage {
  data: EntityRecord[];
  nextCursor: string | null;
  total?: number;
}
