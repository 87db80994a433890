/**
 * Each caller sees only the entities and fields its role may see, in the effective schemas
 * (`/schemas/:entity`), the extension definitions and the tenant's OpenAPI document, from the
 * same gates that authorize its requests; anonymous callers see what anonymous users may read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import path from "node:path";
import { loadOpenApiDocuments } from "../src/operations/load-openapi.ts";
import { entityIr } from "./crud-support.ts";
import {
  caller,
  createTenant,
  allTemplates,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type TestUser,
} from "./authz-support.ts";

const SLUG = "visible-club";
const schemasUrl = (apiName: string) => `/api/v1/tenant/schemas/luxury-club:${apiName}`;
const properties = (schema: { properties?: object } | null) => Object.keys(schema?.properties ?? {}).sort();

describe("per-role visibility of schemas", () => {
  let env: AuthzEnv;
  let tenantId: string;
  let anonymous: Call;
  let member: TestUser;
  let eventManager: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    env = await startAuthzApp({
      extra: {
        openapi: await loadOpenApiDocuments(
          path.resolve("generated"),
          allTemplates.map((t) => t.id),
        ),
      },
    });
    tenantId = await createTenant(env.db, SLUG, ["luxury-club"]);
    anonymous = caller(env, SLUG, null);
    member = await createUser(env, tenantId, SLUG, { roles: [["member", null]], tier: "platinum" });
    eventManager = await createUser(env, tenantId, SLUG, { roles: [["event-manager", null]] });
    admin = await createUser(env, tenantId, SLUG, { roles: [["tenant-admin", null]] });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("hides a field from callers whose role may not read it, and shows it to those who may", async () => {
    const shown = async (call: Call) => (await call("GET", schemasUrl("venues"))).json();
    const asAnonymous = await shown(anonymous);
    const asManager = await shown(caller(env, SLUG, eventManager));
    // Venue.contactName is readable by event managers and concierges only.
    expect(properties(asAnonymous.output)).not.toContain("contactName");
    expect(properties(asManager.output)).toContain("contactName");
    expect(properties(asManager.output)).toEqual(properties((await shown(caller(env, SLUG, admin))).output));
    // Anonymous users may read venues, not create or change them.
    expect(asAnonymous.create).toBeNull();
    expect(asAnonymous.update).toBeNull();
    expect(properties(asManager.create)).toContain("name");
  });

  it("answers an entity the caller may not use at all like its list does: 401 anonymous, 403 signed in", async () => {
    for (const [call, status] of [
      [anonymous, 401],
      [caller(env, SLUG, member), 403],
    ] as const) {
      const list = await call("GET", entityUrl("luxury-club", "commissions"));
      const schemas = await call("GET", schemasUrl("commissions"));
      const extensions = await call("GET", `/api/v1/tenant/extensions/luxury-club:commissions`);
      expect([list.statusCode, schemas.statusCode, extensions.statusCode]).toEqual([status, status, status]);
      expect(schemas.headers["content-type"]).toMatch(/application\/problem\+json/);
    }
    expect((await caller(env, SLUG, admin)("GET", schemasUrl("commissions"))).statusCode).toBe(200);
  });

  it("shows every entity a caller may use, and no other: schemas answer 200 exactly when the list does or a create may", async () => {
    const registry = env.app.registry.template("luxury-club")!;
    let checked = 0;
    for (const user of [null, member, eventManager]) {
      const call = caller(env, SLUG, user);
      for (const entity of registry.entities) {
        const schemas = await call("GET", schemasUrl(entity.apiName));
        const list = await call("GET", `${entityUrl("luxury-club", entity.apiName)}?limit=1`);
        const who = `${entity.name} as ${user ? user.spec.roles?.[0]?.[0] : "anonymous"}`;
        if (schemas.statusCode === 200)
          expect(list.statusCode === 200 || schemas.json().create !== null, who).toBe(true);
        else expect([schemas.statusCode, list.statusCode], who).toEqual([list.statusCode, list.statusCode]);
        checked++;
      }
    }
    expect(checked).toBe(registry.entities.length * 3);
  });

  it("a record listed to a caller carries only fields its schema shows", async () => {
    const manager = caller(env, SLUG, eventManager);
    const created = await manager("POST", entityUrl("luxury-club", "venues"), {
      ...sampleCreateBody(await entityIr("luxury-club", "Venue"), 7),
      contactName: "Vera",
    });
    expect(created.statusCode, created.body).toBe(201);
    const rows = (await anonymous("GET", entityUrl("luxury-club", "venues"))).json().data as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    const shown = properties((await anonymous("GET", schemasUrl("venues"))).json().output);
    for (const row of rows) for (const key of Object.keys(row)) expect(shown).toContain(key);
    expect(rows[0]).not.toHaveProperty("contactName");
  });

  it("gives each caller its own OpenAPI document: only the entities, operations and fields it may use", async () => {
    const docOf = async (call: Call): Promise<any> => (await call("GET", "/api/v1/tenant/openapi.json")).json();
    const [asAnonymous, asMember, asManager, asAdmin] = await Promise.all(
      [anonymous, caller(env, SLUG, member), caller(env, SLUG, eventManager), caller(env, SLUG, admin)].map(docOf),
    );
    const venues = "/api/v1/tenant/entities/venues";
    const commissions = "/api/v1/tenant/entities/commissions";
    // Commissions: sales managers and tenant admins only.
    expect(asAdmin.paths[commissions]).toBeDefined();
    expect(asAdmin.components.schemas.LuxuryClubCommission).toBeDefined();
    for (const doc of [asAnonymous, asMember, asManager]) {
      expect(doc.paths[commissions]).toBeUndefined();
      expect(doc.components.schemas.LuxuryClubCommission).toBeUndefined();
    }
    // Venues: everyone reads; event managers create; contactName is theirs (and concierges') to read.
    expect(Object.keys(asAnonymous.paths[venues])).toContain("get");
    expect(Object.keys(asAnonymous.paths[venues])).not.toContain("post");
    expect(Object.keys(asManager.paths[venues])).toContain("post");
    expect(asAnonymous.components.schemas.LuxuryClubVenue.properties).not.toHaveProperty("contactName");
    expect(asAnonymous.components.parameters.LuxuryClubVenueFields.schema.pattern).not.toMatch(/contactName/);
    expect(Object.keys(asAnonymous.components.schemas.LuxuryClubVenueFilter.properties)).not.toContain("contactName");
    expect(asManager.components.schemas.LuxuryClubVenue.properties).toHaveProperty("contactName");
    expect(asManager.components.parameters.LuxuryClubVenueFields.schema.pattern).toMatch(/contactName/);
    // Narrowing leaves no reference to a component it removed.
    for (const doc of [asAnonymous, asMember, asManager, asAdmin]) {
      const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
      for (const ref of new Set(refs)) {
        const [, section, name] = /#\/components\/([^/]+)\/([^"]+)"/.exec(ref)!;
        expect(doc.components[section]?.[name], ref).toBeDefined();
      }
    }
    expect(Object.keys(asAnonymous.paths).length).toBeLessThan(Object.keys(asAdmin.paths).length);
  });
});
