export * from "./compile.ts";
export * from "./diagnostics.ts";
export * from "./ir/types.ts";
export * from "./ir/ir-utils.ts";
export * from "./ir/array-items.ts";
export * from "./ir/naming.ts";
export * from "./ir/entity-schemas.ts";
export { compareTemplates } from "./compare/compare-templates.ts";
export type { RawTemplate } from "./template/raw-template.ts";
export {
  sampleCreateRecord,
  sampleEntityRecord,
  sampleRecord,
  sampleCreateBody,
  sampleSchema,
  prng,
  type FieldComparison,
  type RecordSample,
  type RecordSampleOptions,
} from "./samples/sample-record.ts";
