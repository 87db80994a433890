/**
 * docs/api.md, run as written: every ```sh example in order, in one bash, with the real curl,
 * against a real runtime (identity and authorization on) on a fresh PostgreSQL database that
 * holds what `npm start`'s first run creates (`firstRun`, the same function, with the engine's
 * sample generator as the server entry passes it): the super admin and the demo tenants of the
 * shipped templates with their demo logins. The setup block's passwords are the ones it stored,
 * as a reader copies them from the printed `demo login` lines. Mail goes to a `.mono/outbox/`
 * folder, as without SMTP_URL, in the folder the examples run in, so the document's way of
 * reading the confirmation email is exercised too. Each example's response must match the
 * ```http block after it (and its `check:` comments).
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { searchKind } from "../../engine/src/contract/search.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { templates } from "../../generated/registry.ts";
import { loginLines } from "../../runtime/src/demo/demo-logins.ts";
import { outboxMailer } from "../../runtime/src/identity/mailer.ts";
import { ROOT, startStudioServer, type StudioServer } from "../studio/support/studio-server.ts";
import {
  buildScript,
  parseDocExamples,
  parseHeaderDump,
  responseMismatches,
  type DocExample,
} from "./support/doc-examples.ts";
import { developmentFirstRun } from "../support/first-run.ts";

const CURL = "/usr/bin/curl";
const JQ = "/usr/bin/jq";
const run = promisify(execFile);

const apiDoc = await readFile(path.join(ROOT, "docs", "api.md"), "utf8");
const doc = parseDocExamples(apiDoc);

/** The confirmation email is sent after the sign-up answers: wait for it before reading the outbox. */
const WAIT_FOR_MAIL = 'for __i in $(seq 100); do compgen -G ".mono/outbox/*.eml" > /dev/null && break; sleep 0.1; done';

let server: StudioServer;
let work: string;
let outDir: string;
let shell: { stdout: string; stderr: string; code: number };
/** What the examples left in their shell variables (ids the checks compare with). */
let variables: Record<string, string> = {};
/** The `demo login …` lines npm start would print for this database. */
let printed: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "mono-api-doc-"));
  outDir = path.join(work, "responses");
  await mkdir(outDir);
  const outbox = path.join(work, ".mono", "outbox");
  server = await startStudioServer({
    identity: {
      mailer: outboxMailer(outbox, "Mono <no-reply@localhost>"),
      // npm start's default MONO_PUBLIC_URL: the links the document's readers get.
      publicUrl: (tenant) =>
        tenant ? `http://${tenant.slug}.localhost:3000/studio` : "http://localhost:3000/studio/platform",
    },
  });
  // What npm start does on an empty database (development defaults: generated passwords, the demo).
  const first = await developmentFirstRun(server.db, server.registry);
  expect(first.demo.map((d) => [d.slug, d.created])).toEqual(templates.map((t) => [`${t.id}-demo`, true]));
  printed = loginLines(first.logins);
  const password = (scope: string, role: string) => {
    const login = first.logins.find((l) => l.scope === scope && l.role === role);
    if (!login?.password) throw new Error(`no stored demo login ${scope} ${role}`);
    return login.password;
  };

  const port = new URL(server.url).port;
  const script = buildScript(doc, {
    provided: {
      PORT: port,
      SUPER_ADMIN_PASSWORD: password("platform", "super-admin"),
      TENANT_ADMIN_PASSWORD: password("modeling-agency-demo", "tenant-admin"),
    },
    outDir,
    curl: CURL,
    before: { ".mono/outbox": WAIT_FOR_MAIL },
  });
  shell = await run("/bin/bash", ["--norc", "--noprofile", "-c", script], {
    cwd: work,
    // A bare environment: the examples get only what the setup block and earlier examples set.
    env: { PATH: process.env.PATH ?? "", HOME: work },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ ...error }),
  );
  variables = Object.fromEntries(
    [...shell.stdout.matchAll(/^__VAR ([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]),
  );
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

test("the document has examples for every convention it describes", () => {
  const headings = new Set(doc.examples.map((e) => e.heading));
  for (const section of [
    "Tenancy: which marketplace answers",
    "Signing in",
    "The platform's super admin",
    "Records",
    "Bulk",
    "Filters and operators",
    "Sort",
    "Pagination: cursor and offset",
    "`total`",
    "`fields`",
    "`include`",
    "Errors",
  ])
    expect(headings, section).toContain(section);
  expect(doc.setup.map(([name]) => name)).toEqual(["PORT", "MONO", "SUPER_ADMIN_PASSWORD", "TENANT_ADMIN_PASSWORD"]);
});

test("the demo login lines the document quotes are lines npm start prints", () => {
  const quoted = [...apiDoc.matchAll(/"(demo login [^"…]+) …"/g)].map((m) => m[1]);
  expect(quoted.length).toBeGreaterThanOrEqual(2);
  for (const line of quoted)
    expect(
      printed.filter((p) => p.startsWith(`${line} `)),
      line,
    ).toHaveLength(1);
});

test("the examples ran in one shell without a shell error", () => {
  expect(shell.stderr).toBe("");
  expect(shell.code).toBe(0);
});

test("the OpenAPI list parameters are the ones docs/api.md names, and the runtime accepts each of them", async () => {
  const listParams = ["filter", "sort", "limit", "cursor", "offset", "total", "fields", "include"];
  expect(apiDoc).toContain(`${listParams.map((p) => `\`${p}\``).join(", ")}`);
  const openapi = await (
    await fetch(`${server.url}/api/v1/tenant/openapi.json`, { headers: { "x-tenant": "modeling-agency-demo" } })
  ).json();
  const target = (p: { name?: string; in?: string; $ref?: string }): { name: string; in: string } =>
    p.$ref ? openapi.components.parameters[p.$ref.split("/").pop()!] : (p as { name: string; in: string });
  const nameOf = (p: { name?: string; $ref?: string }) => target(p).name;
  const lists = Object.entries(openapi.paths as Record<string, { get?: { parameters: object[] } }>).filter(([path]) =>
    /^\/api\/v1\/tenant\/entities\/[^/{]+$/.test(path),
  );
  // An anonymous caller's document: the lists anonymous users may read.
  expect(lists.length).toBeGreaterThan(5);
  // `q` and `highlight` only on entities with searchable fields (the docs name them so).
  expect(apiDoc).toContain(
    "and on entities with\nsearchable fields `q` and `highlight`, on entities with\ntranslatable fields `locale`",
  );
  const searchable = new Set(
    (templates as unknown as TemplateRegistry[]).flatMap((t) =>
      t.entities.filter((e) => e.fields.some((f) => searchKind(f) !== null)).map((e) => e.apiName),
    ),
  );
  const translated = new Set(
    (templates as unknown as TemplateRegistry[]).flatMap((t) =>
      t.entities.filter((e) => e.fields.some((f) => f.translatable)).map((e) => e.apiName),
    ),
  );
  let withSearch = 0;
  let withLocale = 0;
  for (const [path, item] of lists) {
    // The query parameters (the operation also lists the path's headers, X-Tenant and X-Account-Id).
    const names = item.get!.parameters.filter((p) => target(p).in === "query").map(nameOf);
    const search = searchable.has(path.split("/").pop()!) ? ["q", "highlight"] : [];
    const locale = translated.has(path.split("/").pop()!) ? ["locale"] : [];
    withSearch += search.length ? 1 : 0;
    withLocale += locale.length;
    expect(names, path).toEqual([
      ...listParams.filter((p) => p !== "include" || names.includes("include")),
      ...search,
      ...locale,
    ]);
  }
  expect(withSearch).toBeGreaterThan(0);
  expect(withLocale).toBeGreaterThan(0);
  // Each parameter, with a value of its kind, on a real list: 200, never "not a known parameter".
  const jobs = `${server.url}/api/v1/tenant/entities/jobs`;
  const get = (query: string) => fetch(`${jobs}?${query}`, { headers: { "x-tenant": "modeling-agency-demo" } });
  const first = await get(
    "filter[createdAt][gte]=2000-01-01&sort=-createdAt&limit=2&total=true&fields=title&include=category",
  );
  const page = await first.json();
  expect(first.status, JSON.stringify(page)).toBe(200);
  expect(page.page).toMatchObject({ limit: 2, total: expect.any(Number) });
  const next = await get(`sort=-createdAt&limit=2&cursor=${page.page.nextCursor}`);
  expect(next.status).toBe(200);
  expect((await get("offset=2&limit=2")).status).toBe(200);
  expect((await get("q=a&highlight=true&limit=2")).status).toBe(200);
  expect((await get("locale=de&limit=2")).status).toBe(200);
});

const label = (e: DocExample, n: number) =>
  `#${n + 1} (line ${e.line}, ${e.heading}): ${e.code.split("\n")[0].slice(0, 90)}`;

describe("docs/api.md examples", () => {
  test.each(doc.examples.map((example, n) => [label(example, n), example, n] as const))(
    "%s",
    async (_name, example, n) => {
      const file = (ext: string) => readFile(path.join(outDir, `${n}.${ext}`), "utf8");
      expect((await file("rc")).trim(), "the example's exit status").toBe("0");
      const response = parseHeaderDump(await file("headers"), await file("body"));
      expect(responseMismatches(example.expected, response), response.body.slice(0, 2000)).toEqual([]);
      for (const check of example.checks) {
        const { stdout } = await run(JQ, ["-e", check, path.join(outDir, `${n}.body`)], { env: variables }).catch(
          (error: { stdout: string }) => ({ stdout: error.stdout }),
        );
        expect(stdout.trim(), `jq -e '${check}'`).toBe("true");
      }
    },
  );
});
