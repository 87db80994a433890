/**
 * The contract: types and small shared facts the engine, the generators, the generated code,
 * the runtime and the studio all read. It imports nothing outside this folder (the dependency
 * rule in test/architecture checks it), so every layer may depend on it.
 */
export * from "./creation-order.ts";
export * from "./database-port.ts";
export * from "./design-port.ts";
export * from "./form-spec.ts";
export * from "./migrations.ts";
export * from "./patterns.ts";
export * from "./registry-types.ts";
export * from "./roles.ts";
export * from "./studio-registry.ts";
export * from "./system-columns.ts";
export * from "./vocabulary.ts";
export * from "./search.ts";
export * from "./workflow-plan.ts";
export * from "./workflow-expression.ts";
export * from "./media.ts";
