/**
 * `q=` never reveals what a caller may not read. A copy of the shipped luxury-club registry
 * with one field-gated field (Venue.contactName: event managers and concierges only) marked
 * searchable: a word only in that field finds nothing for anonymous callers and members
 * (neither by full text nor by trigram similarity), and their snippets never carry it; an
 * event manager finds the venue and gets its snippet. Rows other tenants hold stay theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { entityIr } from "./crud-support.ts";
import {
  allTemplates,
  caller,
  createTenant,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
  type Call,
} from "./authz-support.ts";

const TEMPLATE = "luxury-club";
const GATED = "contactName";

function withSearchableGate(templates: readonly TemplateRegistry[]): TemplateRegistry[] {
  return templates.map((t) =>
    t.id !== TEMPLATE
      ? t
      : {
          ...t,
          entities: t.entities.map((e) =>
            e.name !== "Venue"
              ? e
              : { ...e, fields: e.fields.map((f) => (f.name === GATED ? { ...f, searchable: true } : f)) },
          ),
        },
  );
}

type Page = { data: { id: string; _highlight?: Record<string, string> }[] };

describe("search under field rules", () => {
  let env: AuthzEnv;
  let anonymous: Call;
  let member: Call;
  let manager: Call;
  let otherManager: Call;
  let venueId: string;
  const venues = (call: Call, query: string) => call("GET", entityUrl(TEMPLATE, "venues", `?${query}`));

  beforeAll(async () => {
    const registry = withSearchableGate(allTemplates);
    const venue = registry.find((t) => t.id === TEMPLATE)!.entities.find((e) => e.name === "Venue")!;
    // The gate this test relies on is really there, and so is a searchable field besides it.
    expect(venue.fields.find((f) => f.name === GATED)?.access?.read).toBeTruthy();
    expect(venue.fields.some((f) => f.searchable && f.name === "name")).toBe(true);
    env = await startAuthzApp({ registry });
    const tenantId = await createTenant(env.db, "search-gate", [TEMPLATE]);
    const otherId = await createTenant(env.db, "search-gate-b", [TEMPLATE]);
    anonymous = caller(env, "search-gate", null);
    member = caller(
      env,
      "search-gate",
      await createUser(env, tenantId, "search-gate", { roles: [["member", null]], tier: "platinum" }),
    );
    manager = caller(
      env,
      "search-gate",
      await createUser(env, tenantId, "search-gate", { roles: [["event-manager", null]] }),
    );
    otherManager = caller(
      env,
      "search-gate-b",
      await createUser(env, otherId, "search-gate-b", { roles: [["event-manager", null]] }),
    );
    const ir = await entityIr(TEMPLATE, "Venue");
    const create = async (call: Call, name: string) => {
      const r = await call("POST", entityUrl(TEMPLATE, "venues"), {
        ...sampleCreateBody(ir, 7),
        name,
        [GATED]: "Zebulon Quartermaine",
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    venueId = await create(manager, "Grand Hall");
    await create(otherManager, "Grand Hall Elsewhere");
  }, 120_000);
  afterAll(async () => {
    await env?.close();
  });

  it("finds a word of a gated field only for callers who may read it", async () => {
    for (const call of [anonymous, member]) {
      for (const q of ["zebulon", "quartermaine", "zebulom", "quatermaine"]) {
        const r = await venues(call, `q=${q}`);
        expect(r.statusCode, r.body).toBe(200);
        expect((r.json() as Page).data).toEqual([]);
      }
    }
    const seen = (await venues(manager, "q=zebulon&highlight=true")).json() as Page;
    expect(seen.data.map((r) => r.id)).toEqual([venueId]);
    expect(seen.data[0]._highlight).toEqual({ [GATED]: "<b>Zebulon</b> Quartermaine" });
    // the misspelling: the trigram fallback, for the manager only
    expect(((await venues(manager, "q=quatermaine")).json() as Page).data.map((r) => r.id)).toEqual([venueId]);
  });

  it("gives snippets only of readable fields, and only of the caller's tenant", async () => {
    const asMember = (await venues(member, "q=grand&highlight=true")).json() as Page;
    expect(asMember.data.map((r) => r.id)).toEqual([venueId]);
    expect(asMember.data[0]._highlight).toEqual({ name: "<b>Grand</b> Hall" });
    const asManager = (await venues(manager, "q=grand%20zebulon&highlight=true")).json() as Page;
    expect(asManager.data[0]._highlight).toEqual({ name: "<b>Grand</b> Hall", [GATED]: "<b>Zebulon</b> Quartermaine" });
    // both words must match; for the member one of them is in a field it cannot read
    expect(((await venues(member, "q=grand%20zebulon")).json() as Page).data).toEqual([]);
  });
});
