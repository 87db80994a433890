/**
 * The `tags=` list filter (crud/sql/tag-sql.ts) against a brute-force oracle, on PostgreSQL and
 * on PGlite: a random tag forest and random links (made through the tags API), random AND / OR /
 * NOT expressions with parentheses, each answered by the entity list and by the oracle (a slug
 * matches a record tagged with it or with any tag below it). A second tenant with the same slugs
 * and other links must not change a single answer.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestPglite } from "../../test/support/pglite.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { createPgliteDatabase, createPostgresDatabase } from "../src/db/database.ts";
import { as, items, prng, startLab, type Call, type LabEnv } from "./tags-support.ts";
import { MIGRATIONS } from "./crud-support.ts";

type Expr = { kind: "tag"; slug: string } | { kind: "and" | "or"; items: Expr[] } | { kind: "not"; item: Expr };

const TAG_COUNT = 14;
const RECORDS = 45;
const QUERIES = 80;

const backends = {
  postgres: async (): Promise<LabEnv> => {
    const testDb = await createTestDatabase({ migrations: MIGRATIONS });
    const db = createPostgresDatabase(testDb.url, { max: 4 });
    return startLab(db, async () => {
      await db.close();
      await testDb.drop();
    });
  },
  pglite: async (): Promise<LabEnv> => {
    const db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
    return startLab(db, () => db.close());
  },
};

/** Writes an expression the way a client would, parenthesising every group. */
function write(e: Expr): string {
  if (e.kind === "tag") return e.slug;
  if (e.kind === "not") return `NOT ${write(e.item)}`;
  return `(${e.items.map(write).join(e.kind === "and" ? " AND " : " OR ")})`;
}

/** The same expression, written with as few parentheses as precedence allows (AND before OR). */
function writeLoose(e: Expr, parent: "or" | "and" | "not" | null = null): string {
  if (e.kind === "tag") return e.slug;
  if (e.kind === "not") return `NOT ${writeLoose(e.item, "not")}`;
  const text = e.items.map((i) => writeLoose(i, e.kind)).join(e.kind === "and" ? " AND " : " OR ");
  const needs = parent === "not" || (parent === "and" && e.kind === "or");
  return needs ? `(${text})` : text;
}

for (const [backend, start] of Object.entries(backends)) {
  describe(`tags= against a brute-force oracle on ${backend}`, () => {
    let env: LabEnv;
    let a: Call;
    let b: Call;
    const random = prng(backend === "postgres" ? 15 : 16);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const slugs: string[] = [];
    const parentOf = new Map<string, string | null>();
    const linked = new Map<string, Set<string>>();
    const ids: string[] = [];

    /** The slug and every slug below it in the tree. */
    const descendants = (slug: string): Set<string> => {
      const out = new Set([slug]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const [child, parent] of parentOf)
          if (parent && out.has(parent) && !out.has(child)) {
            out.add(child);
            grew = true;
          }
      }
      return out;
    };
    const holds = (e: Expr, record: string): boolean => {
      switch (e.kind) {
        case "tag": {
          if (!parentOf.has(e.slug)) return false;
          const below = descendants(e.slug);
          return [...(linked.get(record) ?? [])].some((s) => below.has(s));
        }
        case "not":
          return !holds(e.item, record);
        case "and":
          return e.items.every((i) => holds(i, record));
        case "or":
          return e.items.some((i) => holds(i, record));
      }
    };
    const randomExpr = (depth: number): Expr => {
      const r = random();
      if (depth === 0 || r < 0.35) return { kind: "tag", slug: random() < 0.06 ? "no-such-tag" : pick(slugs) };
      if (r < 0.5) return { kind: "not", item: randomExpr(depth - 1) };
      const n = 2 + Math.floor(random() * 2);
      return { kind: r < 0.75 ? "and" : "or", items: Array.from({ length: n }, () => randomExpr(depth - 1)) };
    };

    beforeAll(async () => {
      env = await start();
      const tenantA = await env.tenant(`oracle-${backend}-a`);
      const tenantB = await env.tenant(`oracle-${backend}-b`);
      const adminA = await env.user(tenantA, `oracle-${backend}-a`, [["tenant-admin", null]]);
      const adminB = await env.user(tenantB, `oracle-${backend}-b`, [["tenant-admin", null]]);
      a = as(env, adminA);
      b = as(env, adminB);
      // A random forest: each tag's parent is an earlier tag or none.
      const idOf = new Map<string, string>();
      for (let i = 0; i < TAG_COUNT; i++) {
        const slug = `t${i}-${["red", "blue", "sea", "sun"][i % 4]}`;
        const parent = i > 0 && random() < 0.6 ? pick(slugs) : null;
        const res = await a("POST", "/api/v1/tenant/tags", {
          slug,
          name: slug.toUpperCase(),
          category: i % 2 ? "colour" : null,
          parentId: parent ? idOf.get(parent) : null,
        });
        expect(res.statusCode, res.body).toBe(201);
        idOf.set(slug, res.json().id);
        slugs.push(slug);
        parentOf.set(slug, parent);
        // Tenant B has the same slugs, flat, and will tag its own records differently.
        expect((await b("POST", "/api/v1/tenant/tags", { slug, name: slug })).statusCode).toBe(201);
      }
      for (let i = 0; i < RECORDS; i++) {
        const res = await a("POST", items(), { title: `Item ${i}`, published: i % 3 === 0 });
        expect(res.statusCode, res.body).toBe(201);
        ids.push(res.json().id);
        linked.set(res.json().id, new Set());
        const other = await b("POST", items(), { title: `B item ${i}` });
        // B tags every one of its records with every slug: were B's links to leak, NOT queries would fail.
        const all = await b("POST", "/api/v1/tenant/tags/links", {
          entity: "tag-lab:items",
          recordIds: [other.json().id],
          add: slugs,
        });
        expect(all.statusCode, all.body).toBe(200);
      }
      // Random links, in bulk per tag (some records get none).
      for (const slug of slugs) {
        const chosen = ids.filter(() => random() < 0.22);
        if (!chosen.length) continue;
        const res = await a("POST", "/api/v1/tenant/tags/links", {
          entity: "tag-lab:items",
          recordIds: chosen,
          add: [slug],
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().added).toBe(chosen.length);
        for (const id of chosen) linked.get(id)!.add(slug);
      }
    }, 120_000);

    afterAll(async () => {
      await env?.close();
    });

    test(`${QUERIES} random expressions (AND, OR, NOT, parentheses, descendants) give the oracle's records`, async () => {
      let nonTrivial = 0;
      for (let q = 0; q < QUERIES; q++) {
        const expr = randomExpr(3);
        const text = q % 2 ? write(expr) : writeLoose(expr);
        const res = await a("GET", `${items()}?limit=100&fields=id&tags=${encodeURIComponent(text)}&total=true`);
        expect(res.statusCode, `${text}: ${res.body}`).toBe(200);
        const got = res
          .json()
          .data.map((r: { id: string }) => r.id)
          .sort();
        const want = ids.filter((id) => holds(expr, id)).sort();
        expect(got, text).toEqual(want);
        expect(res.json().page.total ?? 0, text).toBe(want.length);
        if (want.length > 0 && want.length < ids.length) nonTrivial++;
      }
      // The data is not degenerate: most queries split the records.
      expect(nonTrivial).toBeGreaterThan(QUERIES / 3);
    });

    test("a tag's query covers the records tagged below it, and a move in the tree changes the answer", async () => {
      const root = slugs.find((s) => [...parentOf.values()].includes(s))!;
      const child = [...parentOf].find(([, p]) => p === root)![0];
      const before = (await a("GET", `${items()}?limit=100&fields=id&tags=${root}`)).json().data.length;
      const own = ids.filter((id) => holds({ kind: "tag", slug: root }, id)).length;
      expect(before).toBe(own);
      // Move the child to the top: the root's answer loses what only the child's subtree carried.
      const tags = (await a("GET", "/api/v1/tenant/tags?limit=1000")).json().data as { id: string; slug: string }[];
      const childId = tags.find((t) => t.slug === child)!.id;
      expect((await a("PATCH", `/api/v1/tenant/tags/${childId}`, { parentId: null })).statusCode).toBe(200);
      parentOf.set(child, null);
      const after = (await a("GET", `${items()}?limit=100&fields=id&tags=${root}`))
        .json()
        .data.map((r: { id: string }) => r.id);
      expect(after.sort()).toEqual(ids.filter((id) => holds({ kind: "tag", slug: root }, id)).sort());
    });

    test("tags= combines with filter, sort and cursor paging", async () => {
      const expr: Expr = { kind: "not", item: { kind: "tag", slug: slugs[0] } };
      const want = ids.filter((id, i) => i % 3 === 0 && holds(expr, id));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await a(
          "GET",
          `${items()}?limit=4&fields=id&filter[published]=true&sort=-createdAt&tags=${encodeURIComponent(write(expr))}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        seen.push(...res.json().data.map((r: { id: string }) => r.id));
        cursor = res.json().page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(want.sort());
    });

    test("bad expressions are 400 problems at /query/tags; entities without tagging have no tags parameter", async () => {
      for (const bad of ["", "AND", "a AND", "(a", "a)", "Red", "a OR OR b", "a;b", "((((((a))))))", "a b"]) {
        const res = await a("GET", `${items()}?tags=${encodeURIComponent(bad)}`);
        expect(res.statusCode, bad).toBe(400);
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(res.json().errors[0].pointer, bad).toBe("/query/tags");
      }
      const many = Array.from({ length: 21 }, (_, i) => `x${i}`).join(" OR ");
      expect((await a("GET", `${items()}?tags=${encodeURIComponent(many)}`)).json().errors[0].message).toContain("20");
      const twice = await a("GET", `${items()}?tags=a&tags=b`);
      expect(twice.statusCode).toBe(400);
    });
  });
}
