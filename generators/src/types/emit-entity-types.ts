import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema, type RecordSchemaMode } from "../../../engine/src/index.ts";
import { recordFormFields } from "../forms/form-fields.ts";
import { ENTITIES_BASE_PATH } from "../openapi/entity-paths.ts";
import { TS_BANNER } from "../plugin.ts";
import { tsPropertyKey } from "../registry/ts-literal.ts";
import { entityDocs, propertyDocs } from "./entity-type-docs.ts";
import { docComment, schemaToTs } from "./schema-to-ts.ts";

/** `generated/<template-id>/types.ts`: record interfaces of every entity, from entityRecordSchema. */
export function entityTypesFile(template: TemplateIR): string {
  const blocks = template.entities.flatMap((entity) => {
    const path = `${ENTITIES_BASE_PATH}/${entity.apiName}`;
    return [
      recordInterface(template, entity, "create", `${entity.name}Create`, `body of \`POST ${path}\`.`),
      recordInterface(template, entity, "update", `${entity.name}Update`, `body of \`PATCH ${path}/{id}\`.`),
      recordInterface(template, entity, "output", entity.name, "a record as the API returns it."),
    ];
  });
  return [TS_BANNER, ...blocks, entitiesMap(template.entities)].join("\n");
}

function recordInterface(
  template: TemplateIR,
  entity: EntityIR,
  mode: RecordSchemaMode,
  name: string,
  role: string,
): string {
  const required = new Set((entityRecordSchema(entity, mode).required ?? []) as string[]);
  const members = recordFormFields(template, entity, mode).map((property) => {
    const optional = required.has(property.name) ? "" : "?";
    return `${docComment(propertyDocs(template, property), "  ")}  ${tsPropertyKey(property.name)}${optional}: ${schemaToTs(property.schema, "  ")};`;
  });
  return `${docComment(entityDocs(template, entity, role), "")}export interface ${name} {\n${members.join("\n")}\n}\n`;
}

/** Entity name → its API name and record types: lets generic clients type themselves. */
function entitiesMap(entities: readonly EntityIR[]): string {
  const lines = entities.map(
    (e) =>
      `  ${tsPropertyKey(e.name)}: { apiName: ${JSON.stringify(e.apiName)}; create: ${e.name}Create; update: ${e.name}Update; record: ${e.name} };`,
  );
  return `/** Every entity of the template with its API name and record types. */\nexport interface Entities {\n${lines.join("\n")}\n}\n`;
}
