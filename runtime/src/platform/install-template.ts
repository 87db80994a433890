import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import type { SeedWriter } from "./platform-routes.ts";
import { buildManifest } from "./template-manifest.ts";

/**
 * Installs a template for a tenant inside the caller's transaction: the install row with its
 * manifest, then the template's seed records. 409 when it is installed already. Returns the
 * number of seed records written per entity.
 */
export async function installTemplate(
  tx: SqlSession,
  tenantId: string,
  template: TemplateRegistry,
  seed: SeedWriter,
): Promise<Record<string, number>> {
  const { rows } = await tx.query(
    `INSERT INTO "template_install" ("tenantId", "templateId", "version", "manifest") VALUES ($1, $2, $3, $4) ON CONFLICT ("tenantId", "templateId") DO NOTHING RETURNING "id"`,
    [tenantId, template.id, template.version, JSON.stringify(buildManifest(template))],
  );
  if (!rows[0]) throw new ApiError("RT_ERR_CONFLICT", `"${template.id}" is already installed; upgrade it instead.`);
  return seedMissing(tx, tenantId, template, seed, {});
}

/** Seeds the records a tenant does not have yet (those past the count it was seeded with). */
export async function seedMissing(
  tx: SqlSession,
  tenantId: string,
  template: TemplateRegistry,
  seed: SeedWriter,
  already: Record<string, number>,
): Promise<Record<string, number>> {
  const seeded: Record<string, number> = {};
  for (const entry of template.seed) {
    const fresh = entry.records.slice(already[entry.entity] ?? 0);
    if (fresh.length) seeded[entry.entity] = await seed(tx, tenantId, template, entry.entity, fresh);
  }
  return seeded;
}
