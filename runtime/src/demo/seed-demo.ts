import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { EntityStores } from "../crud/index.ts";
import type { Database } from "../db/database.ts";
import { installTemplate } from "../platform/install-template.ts";
import type { SeedWriter } from "../platform/platform-routes.ts";
import { createCast, type HashPassword } from "./demo-people.ts";
import { saveLogins } from "./demo-logins.ts";
import { seedRecords, type SampleRecord, type SkippedRecord } from "./demo-records.ts";

export interface DemoDeps {
  readonly db: Database;
  readonly templates: readonly TemplateRegistry[];
  /** The CRUD store the records go through (validation, compiled SQL). */
  readonly stores: EntityStores;
  /** Writes a template's own seed records at install (the platform API's writer). */
  readonly seed: SeedWriter;
  readonly hash: HashPassword;
  /** The engine's sample generator. */
  readonly sample: SampleRecord;
  readonly recordsPerEntity?: number;
}

/** What the first run did for one template (or found already done). */
export interface DemoTenantReport {
  readonly slug: string;
  readonly templateId: string;
  /** False when the tenant existed already (a restart): nothing was written. */
  readonly created: boolean;
  readonly records: number;
  readonly skipped: readonly SkippedRecord[];
  readonly exhausted: readonly string[];
}

const RECORDS_PER_ENTITY = 12;

/** `<template id>-demo`: the same for any template, never a name a template chose. */
export const demoSlug = (template: TemplateRegistry) => `${template.id}-demo`;

/**
 * One demo tenant per template, each created whole in one transaction: the tenant, the
 * template's install and seed, one user per role with the accounts those roles need, sample
 * records of every entity, and the demo sign-ins (`demo_login`). A crash half-way leaves
 * nothing, so the next start seeds it again; a tenant that exists is left as it is.
 */
export async function seedDemoTenants(deps: DemoDeps): Promise<DemoTenantReport[]> {
  const reports: DemoTenantReport[] = [];
  for (const template of deps.templates) {
    const slug = demoSlug(template);
    const name = `${template.title[template.defaultLocale] ?? Object.values(template.title)[0] ?? template.id} (demo)`;
    const report = await deps.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO "tenant" ("slug", "name", "settings") VALUES ($1, $2, $3) ON CONFLICT ("slug") DO NOTHING RETURNING "id"`,
        [slug, name.slice(0, 200), JSON.stringify({ demo: true })],
      );
      if (!rows[0]) return null;
      const tenantId = rows[0].id;
      await installTemplate(tx, tenantId, template, deps.seed);
      const cast = await createCast(tx, tenantId, slug, template, deps.hash, (n) => accountName(deps.sample, n));
      const result = await seedRecords(
        tx,
        deps.stores,
        tenantId,
        template,
        cast,
        deps.sample,
        deps.recordsPerEntity ?? RECORDS_PER_ENTITY,
      );
      await saveLogins(
        tx,
        tenantId,
        cast.people.map((p) => ({ role: p.role, email: p.email, password: p.password })),
      );
      return {
        slug,
        templateId: template.id,
        created: true,
        records: result.created,
        skipped: result.skipped,
        exhausted: result.exhausted,
      };
    });
    reports.push(report ?? { slug, templateId: template.id, created: false, records: 0, skipped: [], exhausted: [] });
  }
  return reports;
}

/** A company-like name for a demo account, from the same sample generator. */
function accountName(sample: SampleRecord, n: number): string {
  const drawn = sample(
    { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 1, maxLength: 200 } } },
    n + 1,
    { entityName: "Company", omit: [], comparisons: [] },
  );
  return typeof drawn.record.name === "string" ? drawn.record.name : `Demo account ${n + 1}`;
}
