/**
 * The README's "10-minute quick start", as written, on a scratch copy of industry-templates/ and
 * generated/: what the first `npm start` creates (the committed migrations, then `firstRun`, the
 * server entry's function) on a real PostgreSQL database; the README's JSON added to the
 * template it names, with the version it names; `mono validate --against` the copy from before
 * (and without the version bump, and with a typo); `mono generate` (one new migration with the
 * README's SQL); the restart (`migrateUp` as npm start logs it, `firstRun` again: nothing new,
 * the same logins); then the README's curl block run by bash against the runtime serving the
 * scratch generated/, the OpenAPI documents, and the built studio in Chromium: log in with the
 * demo login the README quotes, Venues, the column, the form's tab.
 * (test/e2e/start.int.test.ts covers `npm start` itself: the printed lines and the restart.)
 */
import { execFile } from "node:child_process";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "../../bin/cli/main.ts";
import type { PlatformRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform, templates } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { loginLines, type DemoLogin } from "../../runtime/src/demo/demo-logins.ts";
import type { FirstRunResult } from "../../runtime/src/demo/first-run.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import { launchChromium, loggedPage, screenshot } from "../studio/support/browser.ts";
import { ensureStudioBuilt } from "../studio/support/studio-build.ts";
import { startStudioServer, type StudioServer } from "../studio/support/studio-server.ts";
import { developmentFirstRun } from "../support/first-run.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import {
  captureIo,
  editTemplate,
  newMigrations,
  readMigration,
  removeWorkspace,
  ROOT,
  scratchWorkspace,
  type Json,
  type Workspace,
} from "../support/scratch-workspace.ts";

const run = promisify(execFile);

/** What the quick start tells the reader to do, read from the README itself. */
function quickStartClaims(readme: string) {
  const start = readme.indexOf("## 10-minute quick start");
  expect(start, "the README has the quick start").toBeGreaterThan(0);
  const text = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const one = (pattern: RegExp, what: string) => {
    const match = pattern.exec(text);
    if (!match) throw new Error(`the quick start no longer says ${what} (${pattern})`);
    return match;
  };
  const [, scope, role, email] = one(/`demo login (\S+) (\S+) (\S+) <password>`/, "which demo login to use");
  const [, templateFile] = one(/In\s+`industry-templates\/([a-z0-9-]+\/template\.json)`/, "which template to edit");
  const [, from, to] = one(/`"version": "([^"]+)"` to\s+`"version": "([^"]+)"`/, "which version to raise to");
  const [, entity] = one(/to\s+`entities\.(\w+)\.schema\.properties`/, "where the property goes");
  const [, column, columnEntity] = one(/`"(\w+)"` to `entities\.(\w+)\.ui\.listColumns`/, "the list column");
  const [, json] = one(/```json\n([\s\S]*?)```/, "the property");
  const [, sql] = one(/`(ALTER TABLE [^`]+)`/, "the migration's SQL");
  const [, sh] = one(/```sh\n([\s\S]*?)```/, "the curl block");
  const property = JSON.parse(`{${json.replace(/^ {3}/gm, "")}}`) as Record<string, Json>;
  const [field] = Object.keys(property);
  expect(Object.keys(property)).toEqual([field]);
  expect([column, columnEntity]).toEqual([field, entity]);
  return { text, scope, role, email, templateFile, from, to, entity, field, property, sql, sh };
}

const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
const claims = quickStartClaims(readme);
const squash = (sql: string) => sql.replace(/\s+/g, " ").trim();

let ws: Workspace;
let database: TestDatabase;
let before: string;
let first: FirstRunResult;
let migration: string;
let server: StudioServer;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

function login(logins: FirstRunResult["logins"]): DemoLogin {
  const found = logins.find((l) => l.scope === claims.scope && l.role === claims.role);
  if (!found?.password) throw new Error(`no stored demo login ${claims.scope} ${claims.role}`);
  return found;
}

beforeAll(async () => {
  await ensureStudioBuilt();
  ws = await scratchWorkspace("mono-quick-start-");
  before = path.join(ws.root, "template-before.json");
  await copyFile(path.join(ws.templates, claims.templateFile), before);
  // The first `npm start`: the committed migrations, then the first run on the committed registry.
  database = await createTestDatabase();
  const db = createPostgresDatabase(database.url, { max: 2 });
  try {
    await migrateUp(db, ws.initOnly);
    first = await developmentFirstRun(db, createRuntimeRegistry(templates, platform));
  } finally {
    await db.close();
  }
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  // The server owns the database once it started; before that, drop it here.
  if (server) await server.close();
  else await database?.drop();
  if (ws) await removeWorkspace(ws);
});

describe("the README's 10-minute quick start", () => {
  test("step 1: the demo login it quotes is one the first start prints", () => {
    const line = `demo login ${claims.scope} ${claims.role} ${claims.email} `;
    expect(loginLines(first.logins).filter((l) => l.startsWith(line))).toHaveLength(1);
  });

  test("steps 3–4: the added field validates against the template before it; without the new version, or with a typo, it does not", async () => {
    const file = path.join(ws.templates, claims.templateFile);
    const original = JSON.parse(await readFile(before, "utf8"));
    expect(original.version).toBe(claims.from);
    const withField =
      (version: string, patch: Record<string, unknown> = {}) =>
      (t: Json) => {
        t.version = version;
        const entity = t.entities[claims.entity];
        entity.schema.properties = {
          ...entity.schema.properties,
          [claims.field]: { ...claims.property[claims.field], ...patch },
        };
        entity.ui.listColumns = [...entity.ui.listColumns, claims.field];
      };
    const validate = async () => {
      const io = captureIo();
      const code = await main(["validate", file, "--against", before], io);
      return { code, out: io.out() };
    };

    await editTemplate(ws, claims.templateFile, withField(claims.from));
    const notBumped = await validate();
    expect(notBumped.code).toBe(1);
    expect(notBumped.out).toContain(`${file}#/version`);
    expect(notBumped.out).toContain("ENG_COMPAT_VERSION_NOT_BUMPED");

    await writeFile(file, await readFile(before, "utf8"));
    await editTemplate(ws, claims.templateFile, withField(claims.to, { type: "integr" }));
    const typo = await validate();
    expect(typo.code).toBe(1);
    expect(typo.out).toContain(`${file}#/entities/${claims.entity}/schema/properties/${claims.field}/type`);

    await writeFile(file, await readFile(before, "utf8"));
    await editTemplate(ws, claims.templateFile, withField(claims.to));
    const valid = await validate();
    expect(valid.code).toBe(0);
    // "…: ok" when the template has no warning at all, else the count line.
    expect(valid.out).toMatch(/(\n0 error\(s\), \d+ warning\(s\)|: ok)$/);
    expect(valid.out).not.toMatch(/^\s+error /m);
  });

  test("step 5: generate adds one migration, the README's ALTER TABLE", async () => {
    const io = captureIo();
    expect(
      await main(["generate", "--templates", ws.templates, "--out", ws.generated, "--no-client"], io),
      io.err(),
    ).toBe(0);
    const added = await newMigrations(ws);
    expect(added).toHaveLength(1);
    migration = added[0];
    // Named from what it changes: the table and the column the README's ALTER TABLE names.
    const [, table, column] = /ALTER TABLE "([^"]+)" ADD COLUMN "([^"]+)"/.exec(claims.sql)!;
    const snake = column.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    expect(migration).toBe(`${migration.slice(0, 4)}_add_${table}_${snake}`);
    expect(squash(await readMigration(ws, migration, "migration.sql"))).toContain(squash(claims.sql));
    expect(JSON.parse(await readMigration(ws, migration, "warnings.json"))).toEqual([]);
  });

  test("step 6: the restart applies it, keeps the demo tenants and the same logins, and serves the new registry", async () => {
    const db = createPostgresDatabase(database.url, { max: 2 });
    const lines: string[] = [];
    try {
      expect(await migrateUp(db, ws.migrations, { log: (line) => lines.push(line) })).toEqual([migration]);
    } finally {
      await db.close();
    }
    expect(
      lines.some((l) => l.startsWith(`applying ${migration} … ok`)),
      lines.join("\n"),
    ).toBe(true);
    expect(claims.text).toContain(`\`applying <NNNN>${migration.slice(4)} … ok\``);
    expect(claims.text).toContain(`\`generated/prisma/migrations/<NNNN>${migration.slice(4)}/\``);

    // The registry the scratch generate wrote, as the restarted server imports its generated/.
    const scratch = (await import(path.join(ws.generated, "registry.ts"))) as {
      templates: readonly TemplateRegistry[];
      platform: PlatformRegistry;
    };
    server = await startStudioServer({
      identity: {},
      database,
      generated: { dir: ws.generated, templates: scratch.templates, platform: scratch.platform },
    });
    const again = await developmentFirstRun(server.db, server.registry);
    expect(again.demo.map((d) => d.created)).toEqual(first.demo.map(() => false));
    expect(again.logins).toEqual(first.logins);
  });

  test("step 7: the README's curl block sets the field and filters by it", async () => {
    const script = claims.sh
      .replace(/^ {3}/gm, "")
      .replace(/^MONO=.*$/m, `MONO=${server.url}`)
      .replace("<password>", login(first.logins).password!);
    // Each response on its own line (curl -s prints none after a body).
    const { stdout, stderr } = await run(
      "/bin/bash",
      ["--norc", "--noprofile", "-e", "-c", `curl() { /usr/bin/curl "$@"; echo; }\n${script}`],
      { env: { PATH: process.env.PATH ?? "" } },
    );
    expect(stderr).toBe("");
    const [patched, filtered] = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(patched).toMatchObject({ [claims.field]: 40 });
    expect(filtered.data).toEqual([{ id: patched.id, name: patched.name, [claims.field]: 40 }]);
  });

  test("step 7: /openapi.json and the tenant's OpenAPI document describe the field", async () => {
    for (const [url, headers] of [
      [`${server.url}/openapi.json`, {}],
      [`${server.url}/api/v1/tenant/openapi.json`, { "x-tenant": claims.scope }],
    ] as const) {
      const doc = await (await fetch(url, { headers })).json();
      const withField = Object.values<Json>(doc.components.schemas).filter((s) => s.properties?.[claims.field]);
      expect(withField.length, url).toBeGreaterThanOrEqual(3); // the record, its create and its update bodies
    }
  });

  test("steps 1, 2 and 7 in the studio: log in with the demo login, Venues shows the column, the form's tab the field", async () => {
    const template = server.registry.compiled.find((t) => `${t.id}-demo` === claims.scope)!;
    const entity = template.entities.find((e) => e.name === claims.entity)!;
    const label = claims.property[claims.field]["x-label"].en as string;
    const groupId = claims.property[claims.field]["x-ui"].group as string;
    const templateJson = JSON.parse(await readFile(path.join(ws.templates, claims.templateFile), "utf8"));
    const tab = templateJson.entities[claims.entity].ui.groups.find((g: Json) => g.id === groupId).label.en as string;
    const entityLabel = templateJson.entities[claims.entity].pluralLabel.en as string;
    expect(claims.text).toContain(`*${label}* column`);
    expect(claims.text).toContain(`*${tab}* tab`);
    expect(claims.text).toContain(`open *${entityLabel}*`);

    browser = await launchChromium();
    const { page, problems } = await loggedPage(browser, contexts);
    const demo = login(first.logins);
    await page.goto(`${server.url}/studio/`);
    await page.getByLabel("Marketplace (tenant slug)").fill(claims.scope);
    await page.getByLabel("Email").fill(demo.email);
    await page.getByLabel("Password").fill(demo.password!);
    await page.getByRole("button", { name: "Log in" }).click();
    const sidebar = page.locator("nav#sidebar");
    await sidebar.getByRole("link", { name: entityLabel, exact: true }).click();
    await expect.poll(() => page.url()).toContain(`/${entity.apiName}`);
    const table = page.getByRole("table");
    await expect.poll(() => table.getByRole("columnheader", { name: label }).count()).toBe(1);
    // The venue step 7 changed shows its value in that column.
    const row = table.getByRole("row").filter({ has: page.getByRole("cell", { name: "40", exact: true }) });
    await expect.poll(() => row.count()).toBe(1);
    await screenshot(page, "quick-start-list");
    await row.getByText("Edit").click();
    await page.getByRole("tab", { name: tab }).click();
    await expect.poll(() => page.getByLabel(label).inputValue()).toBe("40");
    await screenshot(page, "quick-start-form");
    expect(problems).toEqual([]);
  });
});
