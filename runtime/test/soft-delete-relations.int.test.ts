/**
 * A soft delete honours `onDelete` on PostgreSQL, with a template of this test's own (a
 * workshop organiser no shipped template resembles): cascading soft deletes go down a chain of
 * soft-deleting dependants, a restricting dependant refuses the delete with 409 while it is
 * live (not once it is deleted itself), dependants that cannot be soft-deleted and `setNull`
 * links are left as they are (the rows still exist; includes answer null), and nothing of
 * another tenant is touched. The generated migration's trigger does it, so raw SQL behaves alike.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allTemplates,
  client,
  createTenant,
  installOwnTemplate,
  setupPostgres,
  type CrudEnv,
  type Inject,
} from "./crud-support.ts";

const label = (en: string) => ({ en });
const name = (id: string) => ({ type: "object", properties: { name: { "x-id": id, type: "string", maxLength: 80 } } });
const toOne = (id: string, to: string, onDelete: string, required = true) => ({
  id,
  to,
  kind: "many-to-one",
  required,
  onDelete,
});
const entity = (id: string, schemaField: string, relations: object, softDelete = true) => ({
  id,
  label: label(id),
  scope: "tenant",
  softDelete,
  schema: name(schemaField),
  relations,
});
const RAW = {
  id: "workshop-keeper",
  version: "1.0.0",
  title: label("Workshop keeper"),
  locales: ["en"],
  entities: {
    Studio: entity("ent_studio", "fld_studio_name", {}),
    Workshop: entity("ent_workshop", "fld_workshop_name", {
      studio: toOne("rel_workshop_studio", "Studio", "cascade"),
    }),
    Session: entity("ent_session", "fld_session_name", {
      workshop: toOne("rel_session_workshop", "Workshop", "cascade"),
    }),
    // Cannot be soft-deleted: left alone when its workshop is.
    Handout: entity(
      "ent_handout",
      "fld_handout_name",
      { workshop: toOne("rel_handout_workshop", "Workshop", "cascade") },
      false,
    ),
    // Points at a workshop it may outlive.
    Note: entity("ent_note", "fld_note_name", {
      workshop: toOne("rel_note_workshop", "Workshop", "setNull", false),
    }),
    // A studio may not go while it has live invoices.
    Invoice: entity("ent_invoice", "fld_invoice_name", {
      studio: toOne("rel_invoice_studio", "Studio", "restrict"),
    }),
  },
};

let env: CrudEnv & { testDb: { url: string } };
let call: Inject;
let other: Inject;
const url = (api: string, rest = "") => `/api/v1/tenant/entities/workshop-keeper:${api}${rest}`;
const make = async (as: Inject, api: string, payload: object) => {
  const response = await as({ method: "POST", url: url(api), payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};
const status = async (as: Inject, api: string, id: string) =>
  (await as({ method: "GET", url: url(api, `/${id}`) })).statusCode;
const remove = (as: Inject, api: string, id: string) => as({ method: "DELETE", url: url(api, `/${id}`) });

beforeAll(async () => {
  const own = await installOwnTemplate(RAW, "workshop-keeper.json");
  env = await setupPostgres([...allTemplates, own.registry]);
  await own.apply(env.testDb.url);
  call = client(env.app, await createTenant(env.db, "workshops", ["workshop-keeper"]));
  other = client(env.app, await createTenant(env.db, "workshops-other", ["workshop-keeper"]));
}, 120_000);
afterAll(() => env?.close());

describe("soft delete follows onDelete", () => {
  it("cascade: deleting a studio soft-deletes its workshops and their sessions; the rest stays", async () => {
    const studio = await make(call, "studios", { name: "North" });
    const keep = await make(call, "studios", { name: "South" });
    const workshop = await make(call, "workshops", { name: "Glazing", studioId: studio });
    const kept = await make(call, "workshops", { name: "Throwing", studioId: keep });
    const session = await make(call, "sessions", { name: "Day 1", workshopId: workshop });
    const keptSession = await make(call, "sessions", { name: "Day 1", workshopId: kept });
    const handout = await make(call, "handouts", { name: "Safety sheet", workshopId: workshop });
    const note = await make(call, "notes", { name: "Bring aprons", workshopId: workshop });

    expect((await remove(call, "studios", studio)).statusCode).toBe(204);
    expect(await status(call, "workshops", workshop)).toBe(404);
    expect(await status(call, "sessions", session)).toBe(404);
    expect(await status(call, "workshops", kept)).toBe(200);
    expect(await status(call, "sessions", keptSession)).toBe(200);
    // Not soft-deletable, and setNull: left as they were; the workshop they name is gone from view.
    const h = await call({ method: "GET", url: url("handouts", `/${handout}?include=workshop`) });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ workshopId: workshop, workshop: null });
    const n = (await call({ method: "GET", url: url("notes", `/${note}`) })).json();
    expect(n.workshopId).toBe(workshop);
    // The rows are still there, deleted at the same moment as the studio.
    const sql = new pg.Client({ connectionString: env.testDb.url });
    await sql.connect();
    const { rows } = await sql.query(
      `SELECT (SELECT "deletedAt" FROM "workshop_keeper_studio" WHERE id = $1) AS s,
              (SELECT "deletedAt" FROM "workshop_keeper_workshop" WHERE id = $2) AS w,
              (SELECT "deletedAt" FROM "workshop_keeper_session" WHERE id = $3) AS d`,
      [studio, workshop, session],
    );
    await sql.end();
    expect(rows[0].s).not.toBeNull();
    expect(rows[0].w).toEqual(rows[0].s);
    expect(rows[0].d).toEqual(rows[0].s);
  });

  it("restrict: a studio with a live invoice is refused with 409 and nothing changes; once the invoice is deleted it goes", async () => {
    const studio = await make(call, "studios", { name: "East" });
    const workshop = await make(call, "workshops", { name: "Raku", studioId: studio });
    const invoice = await make(call, "invoices", { name: "INV-1", studioId: studio });
    const refused = await remove(call, "studios", studio);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(await status(call, "studios", studio)).toBe(200);
    expect(await status(call, "workshops", workshop)).toBe(200);
    expect((await remove(call, "invoices", invoice)).statusCode).toBe(204);
    expect((await remove(call, "studios", studio)).statusCode).toBe(204);
    expect(await status(call, "workshops", workshop)).toBe(404);
  });

  it("another tenant's records are never touched", async () => {
    const mine = await make(call, "studios", { name: "West" });
    const theirs = await make(other, "studios", { name: "West" });
    const theirWorkshop = await make(other, "workshops", { name: "Kiln", studioId: theirs });
    // Planted by raw SQL: a row of the other tenant pointing at this tenant's studio.
    const sql = new pg.Client({ connectionString: env.testDb.url });
    await sql.connect();
    const tenantOf = async (id: string) =>
      (await sql.query(`SELECT "tenantId" FROM "workshop_keeper_workshop" WHERE id = $1`, [id])).rows[0].tenantId;
    const otherTenant = await tenantOf(theirWorkshop);
    await sql.query(`SET session_replication_role = replica`); // plant past the foreign key checks
    const planted = await sql.query(
      `INSERT INTO "workshop_keeper_workshop" ("tenantId", "name", "studioId") VALUES ($1, 'Planted', $2) RETURNING id`,
      [otherTenant, mine],
    );
    await sql.query(`SET session_replication_role = DEFAULT`);
    expect((await remove(call, "studios", mine)).statusCode).toBe(204);
    const { rows } = await sql.query(`SELECT "deletedAt" FROM "workshop_keeper_workshop" WHERE id = $1`, [
      planted.rows[0].id,
    ]);
    await sql.end();
    expect(rows[0].deletedAt).toBeNull();
    expect(await status(other, "workshops", theirWorkshop)).toBe(200);
  });
});
