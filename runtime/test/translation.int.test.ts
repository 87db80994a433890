/**
 * Record-content translation on PostgreSQL (runtime/src/translation) against a local model
 * STAND-IN (an HTTP stub started here: no real model can run in this environment): writes of
 * `x-translatable` fields queue one job per other locale, idempotently; the worker batches them,
 * reuses the translation memory (a second run of the same text makes no request; fuzzy matches
 * go along as references), rejects a dropped placeholder, sends low scores to the review queue
 * (tenant admins list, accept, edit; edits feed the memory), keeps memory and glossary per tenant,
 * accounts tokens per tenant, and a job taken over after its worker died mid-job (the state a
 * killed worker leaves: `running` with a lease) is not translated twice.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { InProcessWake } from "../src/db/database-queue.ts";
import { OpenAICompatibleProvider } from "../src/translation/providers.ts";
import { TranslationWorker } from "../src/translation/translation-jobs.ts";
import { MIGRATIONS } from "./crud-support.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { as as asLab, startLab, type Call, type LabEnv, type LabUser } from "./tags-support.ts";
import { startModelStub, type ModelStub } from "./translation-support.ts";

const T = "tr-lab";
const label = (en: string) => ({ en, de: `${en} (de)`, fr: `${en} (fr)` });
const TEMPLATE = {
  id: T,
  version: "1.0.0",
  title: label("Translation lab"),
  locales: ["en", "de", "fr"],
  entities: {
    Listing: {
      id: "ent_tr_lab_listing",
      label: label("Listing"),
      scope: "tenant",
      access: { read: "public", create: "authenticated", update: "authenticated", delete: "authenticated" },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_tr_lab_title", "x-label": label("Title"), type: "string", "x-translatable": true },
          body: { "x-id": "fld_tr_lab_body", "x-label": label("Body"), type: "string", "x-translatable": true },
          code: { "x-id": "fld_tr_lab_code", "x-label": label("Code"), type: "string" },
        },
      },
    },
  },
};
const LISTINGS = `/api/v1/tenant/entities/${T}:listings`;
const R = "/api/v1/tenant/translation";

let stub: ModelStub;
let env: LabEnv;
let tenantA: string;
let tenantB: string;
const u: Record<string, LabUser> = {};
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
/** Requests as `user`, keeping the translation routes' answers for the OpenAPI check. */
const as = (e: LabEnv, user: LabUser): Call => {
  const c = asLab(e, user);
  return async (method, url, body, headers) => {
    const res = await c(method, url, body, headers);
    if (url.startsWith("/api/v1/tenant/translation"))
      answers.push({
        method,
        url,
        status: res.statusCode,
        type: String(res.headers["content-type"] ?? ""),
        body: res.body ? res.json() : "",
      });
    return res;
  };
};

beforeAll(async () => {
  stub = await startModelStub();
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  const provider = new OpenAICompatibleProvider({
    baseUrl: `${stub.url}/v1`,
    apiKey: "test",
    model: "stub-model",
    pricing: { input: 2, output: 8 },
  });
  env = await startLab(
    db,
    async () => {
      await db.close();
      await testDb.drop();
    },
    {
      templates: [TEMPLATE],
      options: {
        translation: { provider, worker: false, workerOptions: { retry: { attempts: 2, backoffMs: 1 } } },
      },
    },
  );
  tenantA = await env.tenant("tr-a", [T]);
  tenantB = await env.tenant("tr-b", [T]);
  u.adminA = await env.user(tenantA, "tr-a", [["tenant-admin", null]]);
  u.userA = await env.user(tenantA, "tr-a", [["user", null]]);
  u.adminB = await env.user(tenantB, "tr-b", [["tenant-admin", null]]);
}, 60_000);

afterAll(async () => {
  await env?.close();
  await stub?.close();
});

const drain = () => env.app.translation.worker.drain();
const create = async (user: LabUser, body: Record<string, unknown>) => {
  const res = await as(env, user)("POST", LISTINGS, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const read = async (user: LabUser, id: string, locale: string) =>
  (await as(env, user)("GET", `${LISTINGS}/${id}?locale=${locale}`)).json() as Record<string, unknown>;
const jobs = async (tenantId: string, recordId: string) =>
  (
    await env.db.query<{ field: string; targetLocale: string; status: string; lastError: string | null }>(
      `SELECT "field", "targetLocale", "status", "lastError" FROM "translation_job" WHERE "tenantId" = $1 AND "recordId" = $2 ORDER BY 1, 2`,
      [tenantId, recordId],
    )
  ).rows;
const texts = (n = 0) => stub.requests.slice(n).flatMap((r) => r.segments.map((s) => s.text));

describe("record content", () => {
  let first: string;

  test("a create queues one job per field and other locale; the worker batches them and writes the translations", async () => {
    const before = stub.requests.length;
    first = await create(u.adminA, {
      title: "Hello {{ name }}",
      body: "A <b>sunny</b> flat near the old harbour",
      code: "X1",
    });
    expect((await jobs(tenantA, first)).map((j) => `${j.field}:${j.targetLocale}:${j.status}`)).toEqual([
      "body:de:queued",
      "body:fr:queued",
      "title:de:queued",
      "title:fr:queued",
    ]);
    expect(await drain()).toBe(4);
    // One request per locale pair, both fields in it; the untranslatable field never sent.
    expect(stub.requests.length - before).toBe(2);
    expect(texts(before).sort()).toEqual([
      "A <b>sunny</b> flat near the old harbour",
      "A <b>sunny</b> flat near the old harbour",
      "Hello {{ name }}",
      "Hello {{ name }}",
    ]);
    expect((await jobs(tenantA, first)).every((j) => j.status === "done")).toBe(true);
    const de = await read(u.userA, first, "de");
    expect([de.title, de.body, de.code]).toEqual([
      "de:Hello {{ name }}",
      "de:A <b>sunny</b> flat near the old harbour",
      "X1",
    ]);
    expect((await read(u.userA, first, "fr")).title).toBe("fr:Hello {{ name }}");
    expect((await read(u.userA, first, "en")).title).toBe("Hello {{ name }}");
  });

  test("the same text again (another record, the same record rewritten): memory reuse, no request", async () => {
    const before = stub.requests.length;
    const second = await create(u.adminA, {
      title: "Hello {{ name }}",
      body: "A <b>sunny</b> flat near the old harbour",
    });
    expect(await drain()).toBe(4);
    expect(stub.requests.length).toBe(before);
    expect((await read(u.userA, second, "de")).body).toBe("de:A <b>sunny</b> flat near the old harbour");
    // Rewriting the same text queues nothing new (one job per record, field, locale and source hash).
    const patched = await as(env, u.adminA)("PATCH", `${LISTINGS}/${first}`, { title: "Hello {{ name }}" });
    expect(patched.statusCode).toBe(200);
    expect(await jobs(tenantA, first)).toHaveLength(4);
    expect(await drain()).toBe(0);
    expect(stub.requests.length).toBe(before);
  });

  test("a similar text: the request carries the fuzzy memory match as a reference", async () => {
    const before = stub.requests.length;
    await create(u.adminA, { title: "A <b>sunny</b> flat near the old harbour, renovated" });
    await drain();
    const sent = stub.requests.slice(before);
    expect(sent).toHaveLength(2);
    for (const r of sent)
      expect(r.references).toContainEqual({
        source: "A <b>sunny</b> flat near the old harbour",
        target: `${r.targetLocale}:A <b>sunny</b> flat near the old harbour`,
      });
  });

  test("a writer in another locale translates by hand: nothing is queued", async () => {
    const id = await create(u.adminA, { title: "Manual" });
    await drain();
    const res = await as(env, u.adminA)("PATCH", `${LISTINGS}/${id}?locale=de`, { title: "Handarbeit" });
    expect(res.statusCode).toBe(200);
    expect(await jobs(tenantA, id)).toHaveLength(2);
    expect((await read(u.userA, id, "de")).title).toBe("Handarbeit");
  });

  test("a model that drops a placeholder: rejected, retried, then failed; nothing written or remembered", async () => {
    const drop = {
      kind: "translate" as const,
      transform: (t: string, l: string) => `${l}:${t.replace(/\{\{[^}]*\}\}/g, "")}`,
    };
    stub.script.push(drop, drop, drop, drop);
    const id = await create(u.adminA, { title: "Dear {{ guest }}, welcome" });
    await drain();
    // Backoff of 1 ms: the second try is due at once.
    await new Promise((r) => setTimeout(r, 5));
    await drain();
    const rows = await jobs(tenantA, id);
    expect(rows.map((j) => j.status)).toEqual(["failed", "failed"]);
    expect(rows[0].lastError).toMatch(/missing \{\{ guest \}\}/);
    expect((await read(u.userA, id, "de")).title).toBe("Dear {{ guest }}, welcome");
    const { rows: memory } = await env.db.query(
      `SELECT 1 FROM "translation_memory" WHERE "tenantId" = $1 AND "sourceText" = $2`,
      [tenantA, "Dear {{ guest }}, welcome"],
    );
    expect(memory).toHaveLength(0);
  });
});

describe("review queue", () => {
  let id: string;
  let reviewId: string;

  test("a low score waits for review; only tenant admins see the queue", async () => {
    stub.rate = (t) => (t.startsWith("Tricky") ? 0.4 : 0.95);
    id = await create(u.adminA, { title: "Tricky idiom {{ x }}" });
    await drain();
    expect((await jobs(tenantA, id)).map((j) => j.status)).toEqual(["review", "review"]);
    expect((await read(u.userA, id, "de")).title).toBe("Tricky idiom {{ x }}");
    const list = await as(env, u.adminA)("GET", `${R}/reviews`);
    expect(list.statusCode).toBe(200);
    const pending = (
      list.json().data as { id: string; targetLocale: string; score: number; sourceText: string }[]
    ).filter((r) => r.sourceText === "Tricky idiom {{ x }}");
    expect(pending.map((r) => r.targetLocale).sort()).toEqual(["de", "fr"]);
    expect(pending[0].score).toBeLessThan(0.7);
    reviewId = pending.find((r) => r.targetLocale === "de")!.id;
    expect((await as(env, u.userA)("GET", `${R}/reviews`)).statusCode).toBe(403);
    expect((await as(env, u.adminB)("GET", `${R}/reviews`)).json().data).toEqual([]);
    expect((await as(env, u.adminB)("POST", `${R}/reviews/${reviewId}/accept`)).statusCode).toBe(404);
    // The same text elsewhere waits on the same review: no second request.
    const before = stub.requests.length;
    await create(u.adminA, { title: "Tricky idiom {{ x }}" });
    await drain();
    expect(stub.requests.length).toBe(before);
  });

  test("an edit that drops the placeholder is refused with a pointer; a good edit lands in the record and the memory", async () => {
    const bad = await as(env, u.adminA)("POST", `${R}/reviews/${reviewId}/edit`, { text: "Knifflig" });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(bad.json().errors[0].pointer).toBe("/body/text");
    const good = await as(env, u.adminA)("POST", `${R}/reviews/${reviewId}/edit`, { text: "Kniffliges Idiom {{ x }}" });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({
      status: "edited",
      finalText: "Kniffliges Idiom {{ x }}",
      reviewedBy: u.adminA.id,
    });
    expect((await read(u.userA, id, "de")).title).toBe("Kniffliges Idiom {{ x }}");
    expect((await as(env, u.adminA)("POST", `${R}/reviews/${reviewId}/accept`)).statusCode).toBe(409);
    // The other record waiting on the same text is queued again and takes it from the memory.
    const before = stub.requests.length;
    await drain();
    expect(stub.requests.length).toBe(before);
    const { rows } = await env.db.query<{ origin: string }>(
      `SELECT "origin" FROM "translation_memory" WHERE "tenantId" = $1 AND "targetLocale" = 'de' AND "sourceText" = $2`,
      [tenantA, "Tricky idiom {{ x }}"],
    );
    expect(rows).toEqual([{ origin: "human" }]);
  });

  test("accepting the proposal as it is", async () => {
    const fr = (await as(env, u.adminA)("GET", `${R}/reviews`))
      .json()
      .data.find(
        (r: { targetLocale: string; sourceText: string }) =>
          r.targetLocale === "fr" && r.sourceText === "Tricky idiom {{ x }}",
      );
    const res = await as(env, u.adminA)("POST", `${R}/reviews/${fr.id}/accept`);
    expect(res.json()).toMatchObject({ status: "accepted", finalText: "fr:Tricky idiom {{ x }}" });
    expect((await read(u.userA, id, "fr")).title).toBe("fr:Tricky idiom {{ x }}");
    stub.rate = () => 0.95;
  });
});

describe("two tenants", () => {
  test("memory and glossary are the tenant's own; usage is accounted per tenant", async () => {
    const term = await as(env, u.adminA)("PUT", `${R}/glossary`, {
      term: "widget",
      rule: "translate",
      translation: "Dings",
      locale: "de",
    });
    expect(term.statusCode).toBe(200);
    const noTranslation = await as(env, u.adminA)("PUT", `${R}/glossary`, { term: "gadget", rule: "translate" });
    expect(noTranslation.statusCode).toBe(400);
    expect(noTranslation.json().errors[0].pointer).toBe("/body/translation");
    expect((await as(env, u.userA)("PUT", `${R}/glossary`, { term: "x", rule: "keep" })).statusCode).toBe(403);

    // B has none of A's memory: the same text A translated long ago is a request for B.
    const before = stub.requests.length;
    const b = await create(u.adminB, { title: "Hello {{ name }}" });
    await drain();
    expect(stub.requests.length - before).toBe(2);
    expect((await read(u.adminB, b, "de")).title).toBe("de:Hello {{ name }}");

    // A's glossary goes along with A's request (and not B's); the stub ignores it, so the check
    // finds the term untranslated and the segment goes to A's review queue, while B's is fine.
    const mark = stub.requests.length;
    const a = await create(u.adminA, { title: "Buy a widget today" });
    const bb = await create(u.adminB, { title: "Buy a widget today" });
    await drain();
    const sent = stub.requests.slice(mark).filter((r) => r.targetLocale === "de");
    const glossaries = sent.map((r) => (r.body.messages as { content: string }[])[1].content.includes("Dings"));
    expect(glossaries.sort()).toEqual([false, true]);
    expect((await jobs(tenantA, a)).find((j) => j.targetLocale === "de")!.status).toBe("review");
    expect((await jobs(tenantB, bb)).find((j) => j.targetLocale === "de")!.status).toBe("done");
    const reviewA = (await as(env, u.adminA)("GET", `${R}/reviews`))
      .json()
      .data.find((r: { sourceText: string }) => r.sourceText === "Buy a widget today");
    expect(reviewA.issues).toContainEqual({ check: "glossary", message: '"widget" must be "Dings"' });
    expect((await as(env, u.adminB)("GET", `${R}/glossary`)).json().data).toEqual([]);

    const usage = async (user: LabUser) => (await as(env, user)("GET", `${R}/usage`)).json().data[0];
    const [ua, ub] = [await usage(u.adminA), await usage(u.adminB)];
    const { rows } = await env.db.query<{ t: string; n: number }>(
      `SELECT "tenantId" AS t, count(*)::int AS n FROM "translation_usage" GROUP BY 1`,
    );
    expect(ua.requests).toBe(rows.find((r) => r.t === tenantA)!.n);
    expect(ub.requests).toBe(rows.find((r) => r.t === tenantB)!.n);
    expect(ub).toMatchObject({ provider: "openai", model: "stub-model", inputTokens: 100 * ub.requests });
    expect(ub.costMicros).toBe(ub.inputTokens * 2 + ub.outputTokens * 8);
  });
});

describe("a worker that dies mid-job", () => {
  test("the job taken over after its lease is not translated again", async () => {
    const service = env.app.translation.service;
    const templates = () => env.app.registry.templates;
    // The first worker gets the model's answer, then dies before writing the record: the job
    // stays `running` under its lease, as a SIGKILLed worker leaves it.
    const dying = new TranslationWorker(env.db, templates, service, new InProcessWake(), {
      leaseMs: 1000,
      beforeApply: async () => {
        throw new Error("killed");
      },
    });
    const id = await create(u.adminA, { title: "Fresh text never seen" });
    const before = stub.requests.length;
    await expect(dying.drain()).rejects.toThrow("killed");
    expect(stub.requests.length - before).toBe(1);
    const left = await jobs(tenantA, id);
    expect(left.map((j) => j.status).sort()).toEqual(["running", "running"]);
    // A new worker: nothing to claim while the lease holds, then it takes the job over.
    const next = new TranslationWorker(env.db, templates, service, new InProcessWake(), { leaseMs: 300 });
    expect(await next.claim()).toEqual([]);
    let taken = 0;
    for (let i = 0; i < 100 && taken < 2; i++) {
      taken += await next.drain();
      if (taken < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(taken).toBe(2);
    // The dead worker's locale came from the memory; only the locale it never reached was asked
    // for: each (text, locale) exactly once.
    const sent = stub.requests.slice(before);
    expect(sent.map((r) => r.targetLocale).sort()).toEqual(["de", "fr"]);
    expect(sent.every((r) => r.segments.length === 1 && r.segments[0].text === "Fresh text never seen")).toBe(true);
    expect((await jobs(tenantA, id)).map((j) => j.status)).toEqual(["done", "done"]);
    expect((await read(u.userA, id, "de")).title).toBe("de:Fresh text never seen");
  });
});

describe("the OpenAPI document", () => {
  test("every answer of the translation routes matches /openapi.json", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(/^(\/api\/v1\/tenant\/translation\/reviews\/)[0-9a-f-]{36}/, "$1{id}")
        .replace(/^(\/api\/v1\/tenant\/translation\/glossary\/)[0-9a-f-]{36}/, "$1{id}");
    const del = await as(env, u.adminA)("DELETE", `${R}/glossary/00000000-0000-4000-8000-000000000000`);
    expect(del.statusCode).toBe(404);
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(7);
    expect(counts.mismatches).toEqual([]);
  });
});
