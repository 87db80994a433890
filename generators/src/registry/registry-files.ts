import type { TemplateIR } from "../../../engine/src/index.ts";
import { toCamelCase } from "../../../engine/src/index.ts";
import type { PlatformRegistry } from "../../../engine/src/contract/registry-types.ts";
import { BUILT_IN_ROLES } from "../../../engine/src/contract/roles.ts";
import { SYSTEM_COLUMNS } from "../../../engine/src/contract/system-columns.ts";
import { TS_BANNER } from "../plugin.ts";
import { buildTemplateRegistry } from "./build-template-registry.ts";
import { tsLiteral } from "./ts-literal.ts";

/** Where generated files import the contract from (relative to generated/<template-id>/). */
const TYPES_FROM_TEMPLATE_DIR = "../../engine/src/contract/registry-types.ts";
const TYPES_FROM_ROOT = "../engine/src/contract/registry-types.ts";

/** `generated/<template-id>/registry.ts`: the template's registry as an `as const` literal. */
export function templateRegistryFile(template: TemplateIR): string {
  const prefix = "export const registry = ";
  return [
    TS_BANNER,
    `import type { TemplateRegistry } from "${TYPES_FROM_TEMPLATE_DIR}";`,
    "",
    `/** Runtime metadata of the "${template.id}" template (v${template.version}). */`,
    `${prefix}${tsLiteral(buildTemplateRegistry(template), "", prefix.length)} as const satisfies TemplateRegistry;`,
    "",
  ].join("\n");
}

/** `generated/registry.ts`: every template's registry, in template-id order, and the platform's own facts. */
export function registryIndexFile(templates: readonly TemplateIR[]): string {
  const bindings = templates.map((t) => ({ id: t.id, binding: registryBinding(t.id) }));
  const platform: PlatformRegistry = { builtInRoles: BUILT_IN_ROLES, systemColumns: SYSTEM_COLUMNS };
  const platformPrefix = "export const platform = ";
  return [
    TS_BANNER,
    `import type { PlatformRegistry, TemplateIds, TemplateRegistry } from "${TYPES_FROM_ROOT}";`,
    ...bindings.map(({ id, binding }) => `import { registry as ${binding} } from "./${id}/registry.ts";`),
    "",
    "/** Every generated template, sorted by id. */",
    `export const templates = [${bindings.map((b) => b.binding).join(", ")}] as const satisfies readonly TemplateRegistry[];`,
    "",
    "/** Ids of the generated templates. */",
    "export type TemplateId = TemplateIds<typeof templates>;",
    "",
    "/** The platform's built-in roles and system columns: what every template builds on. */",
    `${platformPrefix}${tsLiteral(platform, "", platformPrefix.length)} as const satisfies PlatformRegistry;`,
    "",
  ].join("\n");
}

/** `mini-market` → `miniMarketRegistry` (ids may start with a digit; bindings may not). */
function registryBinding(id: string): string {
  const name = `${toCamelCase(id)}Registry`;
  return /^[0-9]/.test(name) ? `t${name}` : name;
}
