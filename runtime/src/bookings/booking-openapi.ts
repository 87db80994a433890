/**
 * The bookings paths of a tenant's OpenAPI document: the global document's generic
 * `/api/v1/tenant/bookings/{entity}/…` operations, once per installed bookable entity with its
 * API name in the path (no `entity` parameter), its own operation ids, the entity's create
 * schema as the booking body and its record schema in the answers.
 */
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";

type Json = Record<string, unknown>;
const GENERIC = "/api/v1/tenant/bookings/{entity}";
const METHODS = ["get", "put", "post", "patch", "delete"] as const;

export const isGenericBookingPath = (path: string) => path.startsWith(GENERIC);

export function bookingPaths(
  globalPaths: Record<string, unknown>,
  templates: readonly TemplateRegistry[],
  schemas: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const bookables = templates.flatMap((t) => t.entities.filter((e) => e.booking && !e.draft).map((e) => ({ t, e })));
  for (const { t, e } of bookables) {
    const shared = bookables.filter((b) => b.e.apiName === e.apiName).length > 1;
    const name = shared ? `${t.id}:${e.apiName}` : e.apiName;
    for (const [path, item] of Object.entries(globalPaths)) {
      if (!isGenericBookingPath(path)) continue;
      const copy = structuredClone(item) as Record<string, Json>;
      for (const method of METHODS) {
        const op = copy[method] as Json | undefined;
        if (!op) continue;
        op.operationId = `${String(op.operationId)}${e.modelName}`;
        if (Array.isArray(op.parameters))
          op.parameters = (op.parameters as Json[]).filter((p) => !(p.in === "path" && p.name === "entity"));
        const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
        if (method === "post" && body?.["application/json"] && schemas[`${e.modelName}Create`])
          body["application/json"].schema = { $ref: `#/components/schemas/${e.modelName}Create` };
        for (const response of Object.values((op.responses as Record<string, Json>) ?? {})) {
          const schema = (response.content as Record<string, Json> | undefined)?.["application/json"]?.schema as
            Json | undefined;
          const properties = schema?.properties as Json | undefined;
          if (properties?.record && schemas[e.modelName])
            properties.record = { $ref: `#/components/schemas/${e.modelName}` };
        }
      }
      out[path.replace("{entity}", name)] = copy;
    }
  }
  return out;
}
