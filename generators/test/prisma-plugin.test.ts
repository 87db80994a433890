import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { buildPrismaSchema } from "../src/prisma/build-prisma-schema.ts";
import { constraintName } from "../src/prisma/constraint-names.ts";
import { CROSS_TENANT_QUEUE_INDEXES, TEXT_SEARCH_INDEXES } from "../src/prisma/core-models.ts";
import { expectGolden } from "./support/golden.ts";
import { fixtureApp } from "./support/fixture-app.ts";

describe("@core/prisma", () => {
  const snapshot = buildPrismaSchema(fixtureApp());

  test("golden: schema.prisma", () => {
    expectGolden("prisma/mini-market/schema.prisma", snapshot.prisma);
  });

  test("Prisma's own parser accepts it (prisma validate)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mono-prisma-"));
    writeFileSync(path.join(dir, "schema.prisma"), snapshot.prisma);
    const out = execFileSync(
      process.execPath,
      [path.resolve("node_modules/prisma/build/index.js"), "validate", "--schema", path.join(dir, "schema.prisma")],
      {
        env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" },
        encoding: "utf8",
      },
    );
    expect(out).toMatch(/is valid/);
  });

  test("tenantId leads every index of every tenant-owned model", () => {
    const blocks = snapshot.prisma.split(/\nmodel /).slice(1);
    for (const block of blocks) {
      const name = block.split(" ")[0];
      // Platform-wide rows (a Citus reference table each): tenants themselves, draft templates,
      // which belong to the platform until a tenant installs them, workflow plan versions, and
      // the platform's capability bundles and plans (runtime/src/plans).
      if (["Tenant", "DraftTemplate", "WorkflowDefinition", "PlanBundle", "Plan"].includes(name)) continue;
      const indexes = block.match(/@@(index|unique)\(\[[^\]]*\]/g) ?? [];
      for (const index of indexes) expect(index, `${name}: ${index}`).toMatch(/\(\[tenantId\b/);
      // Users, their sign-in tokens, login failures, demo logins and emails may be platform staff's, who belong to no tenant.
      if (!["User", "RefreshToken", "OneTimeToken", "LoginFailure", "DemoLogin", "EmailMessage"].includes(name))
        expect(block, name).toMatch(/\n\s+tenantId\s+String\s/);
    }
  });

  test("SQL-only indexes of core tables lead with tenantId, but for the listed partial queue scans and full-text indexes", () => {
    const core = Object.entries(snapshot.models).filter(([key]) => key.startsWith("core/"));
    const indexes = core.flatMap(([, model]) => Object.entries(model.indexes ?? {}));
    expect(indexes.map(([name]) => name)).toEqual(expect.arrayContaining([...CROSS_TENANT_QUEUE_INDEXES]));
    expect(indexes.map(([name]) => name)).toEqual(expect.arrayContaining([...TEXT_SEARCH_INDEXES]));
    for (const [name, sql] of indexes) {
      if (TEXT_SEARCH_INDEXES.includes(name)) {
        // A full-text expression index: GIN cannot lead with tenantId; the query narrows by it.
        expect(sql, name).toMatch(/^CREATE INDEX "[a-z_]+" ON "[a-z_]+" USING gin \(to_tsvector\(/);
        continue;
      }
      if (!CROSS_TENANT_QUEUE_INDEXES.includes(name)) {
        expect(sql, name).toMatch(/\("tenantId"/);
        continue;
      }
      // A cross-tenant scan's index: never unique (Citus: unique keys include tenantId), and
      // partial, so it holds the live queue only.
      expect(sql, name).toMatch(/^CREATE INDEX /);
      expect(sql, name).toMatch(/ WHERE "status" = '(queued|sending|scheduled)';$/);
    }
  });

  test("snapshot keys columns by stable id, so renames can be found", () => {
    const listing = snapshot.models["mini-market/ent_listing"];
    expect(listing).toMatchObject({ model: "MiniMarketListing", table: "mini_market_listing" });
    expect(listing.fields["fld_title"]).toEqual({ field: "title", column: "title" });
    expect(listing.fields["fld_price.amount"]).toEqual({ field: "priceAmount", column: "priceAmount" });
    expect(listing.fields["rel_category.fk"]).toEqual({ field: "categoryId", column: "categoryId" });
    expect(snapshot.models["core/Tenant"].fields["sys.slug"]).toEqual({ field: "slug", column: "slug" });
  });

  test("constraint names stay within Postgres' 63 characters, deterministically", () => {
    const long = constraintName(
      "ix",
      "a_very_long_template_identifier",
      "ent_some_long_entity_id",
      "fld_a_long_field_identifier",
    );
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toBe(
      constraintName("ix", "a_very_long_template_identifier", "ent_some_long_entity_id", "fld_a_long_field_identifier"),
    );
    expect(constraintName("pk", "mini_market", "ent_listing")).toBe("pk_mini_market_ent_listing");
  });
});
