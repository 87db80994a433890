/**
 * End to end for the compiler: every shipped template compiles, their migrations apply to a
 * fresh PostgreSQL database and to PGlite, and one record of every entity goes through the
 * generated Zod validators, the generated Prisma client and back, unchanged.
 */
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { z } from "zod";
import {
  compileTemplatesDir,
  sampleRecord,
  storageColumns,
  type EntityIR,
  type FieldIR,
  type TemplateIR,
} from "../../engine/src/index.ts";
import { creationOrder } from "../../engine/src/contract/creation-order.ts";
import { PrismaClient } from "../../generated/prisma/client/client.ts";
import { createPgliteDatabase, createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestPglite } from "../support/pglite.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const root = path.resolve(import.meta.dirname, "..", "..");
const migrationsDir = path.join(root, "generated", "prisma", "migrations");

type Schemas = Record<string, { create: z.ZodType; update: z.ZodType; output: z.ZodType }>;
type Delegate = {
  create(args: { data: object }): Promise<any>;
  findUniqueOrThrow(args: { where: { tenantId_id: { tenantId: string; id: string } } }): Promise<any>;
};

let templates: readonly TemplateIR[];
const zodByTemplate = new Map<string, Schemas>();

beforeAll(async () => {
  const compiled = await compileTemplatesDir(path.join(root, "industry-templates"));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  templates = compiled.app.templates;
  for (const template of templates) {
    const module = await import(path.join(root, "generated", template.id, "zod.ts"));
    zodByTemplate.set(template.id, module.schemas);
  }
});

const isDateField = (field: FieldIR) => field.format === "date" || field.format === "date-time";
const toDate = (value: unknown) => (typeof value === "string" ? new Date(value) : value);
const fromDate = (value: unknown, format: FieldIR["format"]) =>
  value instanceof Date
    ? format === "date"
      ? value.toISOString().slice(0, 10)
      : value.toISOString()
    : fromBigInt(value);
/** Prisma reads bigint columns as BigInt; the API speaks JSON numbers (bounded to 2^53). */
const fromBigInt = (value: unknown) => (typeof value === "bigint" ? Number(value) : value);

/** API record → Prisma data: money and measurements spread into their columns, dates as Date. */
function toPrismaData(entity: EntityIR, record: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const field = entity.fields.find((f) => f.name === name);
    if (!field) {
      data[name] = value; // foreign keys
      continue;
    }
    const columns = storageColumns(field);
    if (columns.length > 1) {
      for (const column of columns)
        data[column.name] =
          value === null
            ? null
            : (value as Record<string, unknown>)[
                column.part === "value" && field.kind === "measurement" ? "value" : column.part
              ];
    } else if (isDateField(field)) {
      data[name] = Array.isArray(value) ? value.map(toDate) : toDate(value);
    } else {
      data[name] = value;
    }
  }
  return data;
}

/** Prisma row → API record, the inverse of toPrismaData plus the output's system fields. */
function fromPrismaRow(entity: EntityIR, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { id: row.id };
  if (entity.scope !== "tenant") out[`${entity.scope}Id`] = row[`${entity.scope}Id`];
  for (const field of entity.fields) {
    const columns = storageColumns(field);
    if (columns.length > 1) {
      const parts = Object.fromEntries(columns.map((c) => [c.part, fromBigInt(row[c.name])]));
      out[field.name] = Object.values(parts).every((v) => v === null) ? null : parts;
    } else {
      const value = row[field.name];
      out[field.name] = Array.isArray(value)
        ? value.map((v) => fromDate(v, field.format))
        : fromDate(value, field.format);
    }
  }
  for (const relation of entity.relations) if (relation.foreignKey) out[relation.foreignKey] = row[relation.foreignKey];
  out.createdAt = (row.createdAt as Date).toISOString();
  out.updatedAt = (row.updatedAt as Date).toISOString();
  if (entity.softDelete) out.deletedAt = row.deletedAt === null ? null : (row.deletedAt as Date).toISOString();
  return out;
}

/** Same date, whatever precision: the database keeps milliseconds. */
function comparable(field: FieldIR | undefined, value: unknown): unknown {
  if (field && field.format === "date-time" && typeof value === "string") return new Date(value).toISOString();
  if (field && field.format === "date-time" && Array.isArray(value)) return value.map((v) => new Date(v).toISOString());
  return value;
}

async function roundTripEveryEntity(prisma: InstanceType<typeof PrismaClient>): Promise<number> {
  const tenant = await prisma.tenant.create({ data: { slug: `t-${Date.now()}`, name: "Round trip" } });
  const account = await prisma.account.create({ data: { tenantId: tenant.id, kind: "agency", name: "Studio North" } });
  const user = await prisma.user.create({ data: { tenantId: tenant.id, email: "mia@example.com", name: "Mia Berg" } });
  let count = 0;
  for (const template of templates) {
    const schemas = zodByTemplate.get(template.id)!;
    const created = new Map<string, string>();
    for (const entity of creationOrder(template.entities.filter((e) => !e.draft))) {
      const record: Record<string, unknown> = sampleRecord(entity, 7);
      for (const relation of entity.relations) {
        const targetId = relation.foreignKey && created.get(relation.target);
        if (targetId && relation.foreignKey) record[relation.foreignKey] = targetId;
      }
      // The generated validator accepts the record as a client would send it.
      const input = schemas[entity.name].create.parse(record) as Record<string, unknown>;
      const owner =
        entity.scope === "account" ? { accountId: account.id } : entity.scope === "user" ? { userId: user.id } : {};
      const delegate = (prisma as unknown as Record<string, Delegate>)[
        entity.modelName[0].toLowerCase() + entity.modelName.slice(1)
      ];
      const row = await delegate.create({ data: { tenantId: tenant.id, ...owner, ...toPrismaData(entity, input) } });
      created.set(entity.name, row.id);

      const read = fromPrismaRow(
        entity,
        await delegate.findUniqueOrThrow({ where: { tenantId_id: { tenantId: tenant.id, id: row.id } } }),
      );
      const output = schemas[entity.name].output.safeParse(read);
      expect(output.success, `${template.id}/${entity.name}: ${JSON.stringify(output.error?.issues)}`).toBe(true);
      for (const [name, value] of Object.entries(input)) {
        const field = entity.fields.find((f) => f.name === name);
        expect(comparable(field, read[name]), `${template.id}/${entity.name}.${name}`).toEqual(
          comparable(field, value),
        );
      }
      // Defaults the client left out were filled by the database.
      for (const field of entity.fields) {
        if (field.default !== undefined && !(field.name in input) && field.kind !== "json") {
          expect(read[field.name], `${entity.name}.${field.name} default`).toEqual(field.default);
        }
      }
      count++;
    }
  }
  return count;
}

const entityCount = () => templates.reduce((n, t) => n + t.entities.filter((e) => !e.draft).length, 0);

describe("every shipped template on real PostgreSQL", () => {
  let database: TestDatabase;
  let prisma: InstanceType<typeof PrismaClient>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const db = createPostgresDatabase(database.url);
    try {
      const applied = await migrateUp(db, migrationsDir);
      expect(applied.length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.drop();
  });

  test("every entity round-trips through Zod and the generated Prisma client", async () => {
    expect(await roundTripEveryEntity(prisma)).toBe(entityCount());
  });

  test("the database enforces what the schema declares: unique per tenant, required relation", async () => {
    const tenant = await prisma.tenant.create({ data: { slug: "uniq", name: "U" } });
    const category = { tenantId: tenant.id, name: "Editorial", slug: "editorial" };
    const categories = (prisma as unknown as Record<string, Delegate>).modelingAgencyJobCategory;
    const first = await categories.create({ data: sampleLike(category) });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(categories.create({ data: sampleLike(category) })).rejects.toMatchObject({ code: "P2002" });
  });
});

/** A JobCategory record with whatever else its create schema requires. */
function sampleLike(base: Record<string, unknown>): Record<string, unknown> {
  const entity = templates.find((t) => t.id === "modeling-agency")!.entities.find((e) => e.name === "JobCategory")!;
  return { ...toPrismaData(entity, sampleRecord(entity, 1)), ...base };
}

describe("every shipped template on PGlite (the embedded default)", () => {
  let prisma: InstanceType<typeof PrismaClient>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const pglite = await createTestPglite();
    await migrateUp(createPgliteDatabase(pglite), migrationsDir);
    prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    close = () => pglite.close();
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await close?.();
  });

  test("every entity round-trips through Zod and the generated Prisma client", async () => {
    expect(await roundTripEveryEntity(prisma)).toBe(entityCount());
  });
});
