import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { buildApp, type AppOptions } from "../src/app.ts";
import { createPgliteDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import type { IdentityOptions } from "../src/identity/identity-config.ts";
import { identityPlugin } from "../src/identity/identity-plugin.ts";
import type { MailMessage } from "../src/identity/mailer.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { Client, createTenant, JWT_SECRET, PASSWORD } from "./identity-support.ts";

/** `npm start` on a bare machine runs on PGlite: the same flows must hold there. */
describe("identity on embedded PGlite", () => {
  let db: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const outbox: MailMessage[] = [];

  beforeAll(async () => {
    db = createPgliteDatabase(await createTestPglite({ migrations: "generated/prisma/migrations" }));
    await migrateUp(db, "generated/prisma/migrations");
    const identity: IdentityOptions = {
      mailer: { send: async (m) => void outbox.push(m) },
      secret: JWT_SECRET,
      secureCookies: false,
      argon2: { memoryCost: 4096, timeCost: 2, parallelism: 1 },
      lockout: { maxFailures: 2 },
      rateLimit: false,
      // The replay below comes at once: no grace window for concurrent refreshes here.
      refreshGraceSeconds: 0,
    };
    app = await buildApp({
      db,
      registry: createRuntimeRegistry(templates, platform),
      rateLimit: false,
      allowTenantHeader: true,
      identity,
    } as AppOptions);
    if (!app.hasDecorator("auth")) await app.register(identityPlugin, identity);
    await app.ready();
    await createTenant(db, "acme");
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it("registers, verifies, logs in, rotates, detects reuse and locks out", async () => {
    const client = new Client(app, "acme");
    expect(
      (await client.post("/api/v1/user/auth/register", { email: "pg@example.com", name: "P", password: PASSWORD }))
        .statusCode,
    ).toBe(202);
    const token = /#token=([\w-]+)/.exec(outbox.at(-1)!.text)![1];
    expect((await client.post("/api/v1/user/auth/verify-email", { token })).statusCode).toBe(200);
    await client.login("pg@example.com");
    const first = client.jar.get("mono_rt")!.value;
    expect((await client.post("/api/v1/user/auth/refresh", undefined, { csrf: true })).statusCode).toBe(200);
    expect((await client.post("/api/v1/user/auth/refresh", { refreshToken: first })).statusCode).toBe(401);
    expect((await client.post("/api/v1/user/auth/refresh", undefined, { csrf: true })).statusCode).toBe(401);

    for (let i = 0; i < 2; i++)
      await client.post("/api/v1/user/auth/login", { email: "pg@example.com", password: "wrong wrong" });
    expect(
      (await client.post("/api/v1/user/auth/login", { email: "pg@example.com", password: PASSWORD })).statusCode,
    ).toBe(401);
  });
});
