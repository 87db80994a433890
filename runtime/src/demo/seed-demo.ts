import type { FastifyInstance } from "fastify";
import { creationOrder } from "../../../engine/src/contract/creation-order.ts";
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { createEntityStores } from "../crud/index.ts";
import { ApiError } from "../http/problem.ts";

/** Sample values from JSON Schemas: the engine's generator, passed in by the server entry (the runtime does not import the engine). */
export interface DemoSamples {
  prng(seed: number): () => number;
  sampleSchema(schema: Record<string, unknown>, random: () => number, seed?: number, hint?: string): unknown;
}

export interface DemoTenant {
  slug: string;
  templateId: string;
  records: number;
  sampleEntity: string;
}

const DEMO_TENANTS: Record<string, { slug: string; name: string }> = {
  "modeling-agency": { slug: "agency-demo", name: "Northlight Models (demo)" },
  "luxury-club": { slug: "club-demo", name: "The Meridian Club (demo)" },
};
const RECORDS_PER_ENTITY = 12;

/**
 * Creates one demo tenant per shipped template through the platform API, with a few hundred
 * realistic records written through the CRUD store (the API's own validation and SQL).
 * Idempotent: a tenant that exists is left as it is.
 */
export async function seedDemo(app: FastifyInstance, adminToken: string, samples: DemoSamples): Promise<DemoTenant[]> {
  const out: DemoTenant[] = [];
  for (const template of app.registry.compiled) {
    const demo = DEMO_TENANTS[template.id] ?? {
      slug: `${template.id}-demo`.slice(0, 63),
      name: `${template.id} (demo)`,
    };
    const auth = { authorization: `Bearer ${adminToken}` };
    const created = await app.inject({ method: "POST", url: "/api/v1/platform/tenants", headers: auth, payload: demo });
    const sampleEntity =
      template.entities.find((e) => !e.draft && e.scope === "tenant")?.apiName ?? template.entities[0].apiName;
    if (created.statusCode === 409) {
      out.push({ ...demoSummary(demo.slug, template, sampleEntity), records: 0 });
      continue;
    }
    expectOk(created, "create demo tenant");
    expectOk(
      await app.inject({
        method: "POST",
        url: `/api/v1/platform/tenants/${demo.slug}/templates`,
        headers: auth,
        payload: { templateId: template.id },
      }),
      "install template",
    );
    const records = await seedRecords(app, demo.slug, template, samples);
    out.push({ ...demoSummary(demo.slug, template, sampleEntity), records });
  }
  return out;
}

function demoSummary(slug: string, template: TemplateRegistry, sampleEntity: string) {
  return { slug, templateId: template.id, records: 0, sampleEntity };
}

async function seedRecords(
  app: FastifyInstance,
  slug: string,
  template: TemplateRegistry,
  samples: DemoSamples,
): Promise<number> {
  const tenant = (await app.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [slug])).rows[0];
  const accounts: string[] = [];
  const users: string[] = [];
  for (let i = 0; i < 4; i++) {
    const account = await app.db.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, $2, $3) RETURNING "id"`,
      [tenant.id, i % 2 ? "client" : "agency", `Demo account ${i + 1}`],
    );
    accounts.push(account.rows[0].id);
    const user = await app.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name") VALUES ($1, $2, $3) RETURNING "id"`,
      [tenant.id, `demo${i + 1}@${slug}.example`, `Demo User ${i + 1}`],
    );
    users.push(user.rows[0].id);
  }
  // Records go through the CRUD store: the same validation and compiled SQL as the API, without
  // an HTTP caller (with identity on, an anonymous request may not create them).
  const stores = createEntityStores(app.db, app.registry);
  const created = new Map<string, string[]>();
  let count = 0;
  for (const entity of creationOrder(template.entities.filter((e) => !e.draft))) {
    const ids: string[] = [];
    for (let n = 0; n < RECORDS_PER_ENTITY; n++) {
      const random = samples.prng(n * 31 + entity.name.length);
      const payload = samplePayload(entity, random, samples);
      for (const relation of entity.relations) {
        const targets = relation.foreignKey ? created.get(relation.target) : undefined;
        if (relation.foreignKey && targets?.length)
          payload[relation.foreignKey] = targets[Math.floor(random() * targets.length)];
      }
      const owner = { accountId: accounts[n % accounts.length], userId: users[n % users.length] };
      try {
        ids.push((await stores.create(tenant.id, template.id, entity.name, payload, owner)).id as string);
        count++;
      } catch (error) {
        // Unique fields can collide in random samples: skip those, keep the rest.
        if (error instanceof ApiError && error.status === 409) continue;
        throw new Error(
          `demo: create ${entity.name} failed: ${error instanceof ApiError ? `${error.status} ${error.message} ${JSON.stringify(error.errors ?? [])}`.slice(0, 500) : String(error)}`,
          { cause: error },
        );
      }
    }
    created.set(entity.name, ids);
  }
  return count;
}

/** A valid create payload from the entity's own create schema. */
function samplePayload(entity: EntityRegistry, random: () => number, samples: DemoSamples): Record<string, unknown> {
  const schema = entity.schemas.create as { properties?: Record<string, unknown>; required?: string[] };
  const payload: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    if (entity.relations.some((r) => r.foreignKey === name)) continue;
    if (!schema.required?.includes(name) && random() < 0.2) continue;
    payload[name] = samples.sampleSchema(sub as Record<string, unknown>, random, 0, name);
  }
  return payload;
}

function expectOk(response: { statusCode: number; body: string }, what: string) {
  if (response.statusCode >= 300)
    throw new Error(`demo: ${what} failed (${response.statusCode}): ${response.body.slice(0, 500)}`);
}
