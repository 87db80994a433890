import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembership } from "../src/identity/user-store.ts";
import {
  ADMIN_TOKEN,
  Client,
  createAccount,
  createTenant,
  PASSWORD,
  signUp,
  startIdentityApp,
  type IdentityHarness,
} from "./identity-support.ts";

/**
 * GET /api/v1/tenant/accounts: the accounts a tenant admin (or a super admin managing the
 * tenant) invites into, by name, searchable and paged; nobody else's, and never another tenant's.
 */
describe("identity: the tenant's accounts for invitations", () => {
  let h: IdentityHarness;
  let acmeId: string;
  let otherId: string;
  const ACCOUNTS = "/api/v1/tenant/accounts";
  const acme: Record<string, string> = {};
  let platformToken = "";

  /** A verified user of `slug` holding `role` (tenant-wide or in `accountId`), signed in. */
  async function member(
    slug: string,
    tenantId: string,
    email: string,
    role: string,
    accountId: string | null = null,
  ): Promise<Client> {
    const client = await signUp(h, slug, email);
    const { rows } = await h.db.query<{ id: string }>(
      `SELECT "id" FROM "user" WHERE "tenantId" = $1 AND "email" = $2`,
      [tenantId, email],
    );
    await addMembership(h.db, tenantId, rows[0].id, accountId, role);
    await client.login(email);
    return client;
  }
  const names = (body: { data: { name: string }[] }) => body.data.map((a) => a.name);

  beforeAll(async () => {
    h = await startIdentityApp();
    acmeId = await createTenant(h.db, "acme", ["modeling-agency"]);
    otherId = await createTenant(h.db, "other", ["modeling-agency"]);
    for (const [kind, name] of [
      ["agency", "Lumen Models"],
      ["agency", "Atlas Agency"],
      ["client-company", "Client Co"],
      ["agency", "100%_Real Agency"],
    ] as const) {
      acme[name] = await createAccount(h.db, acmeId, kind, name);
    }
    await createAccount(h.db, otherId, "agency", "Other Lumen");
    await createAccount(h.db, otherId, "agency", "Zeta Other");

    const platform = new Client(h.app, null);
    expect(
      (
        await platform.post(
          "/api/v1/platform/bootstrap",
          { email: "root@mono.test", name: "Root", password: PASSWORD },
          { bearer: ADMIN_TOKEN },
        )
      ).statusCode,
    ).toBe(201);
    await platform.login("root@mono.test");
    platformToken = platform.accessToken!;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists a tenant admin's own tenant's accounts by name: id, name, kind and the page", async () => {
    const admin = await member("acme", acmeId, "boss@acme.test", "tenant-admin");
    const res = await admin.get(ACCOUNTS, { bearer: true });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.data).toEqual([
      { id: acme["100%_Real Agency"], name: "100%_Real Agency", kind: "agency" },
      { id: acme["Atlas Agency"], name: "Atlas Agency", kind: "agency" },
      { id: acme["Client Co"], name: "Client Co", kind: "client-company" },
      { id: acme["Lumen Models"], name: "Lumen Models", kind: "agency" },
    ]);
    expect(body.page).toEqual({ limit: 50, nextCursor: null });
    // The cookie works as well (GET: no CSRF token needed).
    expect(names((await admin.get(ACCOUNTS)).json())).toHaveLength(4);
  });

  it("searches names case-insensitively, wildcards taken literally, and pages with a cursor", async () => {
    const admin = new Client(h.app, "acme");
    await admin.login("boss@acme.test");
    expect(names((await admin.get(`${ACCOUNTS}?q=lumen`, { bearer: true })).json())).toEqual(["Lumen Models"]);
    expect(
      names((await admin.get(`${ACCOUNTS}?q=${encodeURIComponent(" AGENCY ")}`, { bearer: true })).json()),
    ).toEqual(["100%_Real Agency", "Atlas Agency"]);
    expect(names((await admin.get(`${ACCOUNTS}?q=%25_`, { bearer: true })).json())).toEqual(["100%_Real Agency"]);
    expect(names((await admin.get(`${ACCOUNTS}?q=_`, { bearer: true })).json())).toEqual(["100%_Real Agency"]);
    expect(names((await admin.get(`${ACCOUNTS}?q=nothing-like-it`, { bearer: true })).json())).toEqual([]);
    // Other tenants' names are not found either.
    expect(names((await admin.get(`${ACCOUNTS}?q=other`, { bearer: true })).json())).toEqual([]);

    const first = (await admin.get(`${ACCOUNTS}?limit=3`, { bearer: true })).json();
    expect(names(first)).toEqual(["100%_Real Agency", "Atlas Agency", "Client Co"]);
    expect(first.page.limit).toBe(3);
    expect(first.page.nextCursor).toEqual(expect.any(String));
    const second = (
      await admin.get(`${ACCOUNTS}?limit=3&cursor=${encodeURIComponent(first.page.nextCursor)}`, { bearer: true })
    ).json();
    expect(names(second)).toEqual(["Lumen Models"]);
    expect(second.page.nextCursor).toBeNull();
  });

  it("refuses bad input with problem+json: limit, unknown parameters, a forged cursor, an overlong search", async () => {
    const admin = new Client(h.app, "acme");
    await admin.login("boss@acme.test");
    const cases: [string, string][] = [
      ["limit=0", "/query/limit"],
      ["limit=101", "/query/limit"],
      ["limit=ten", "/query/limit"],
      ["limit=1.5", "/query/limit"],
      ["tenant=other", "/query/tenant"],
      ["cursor=forged.cursor", "/query/cursor"],
      [`q=${"x".repeat(201)}`, "/query/q"],
    ];
    for (const [query, pointer] of cases) {
      const res = await admin.get(`${ACCOUNTS}?${query}`, { bearer: true });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(
        res.json().errors.map((e: { pointer: string }) => e.pointer),
        query,
      ).toContain(pointer);
    }
  });

  it("is for those who may invite into any account: not plain users, owners, members or anonymous callers", async () => {
    const plain = await member("acme", acmeId, "plain@acme.test", "talent");
    const owner = await member("acme", acmeId, "owner@acme.test", "agency-owner", acme["Lumen Models"]);
    const booker = await member("acme", acmeId, "booker@acme.test", "agency-booker", acme["Lumen Models"]);
    for (const client of [plain, owner, booker]) {
      const res = await client.get(ACCOUNTS, { bearer: true });
      expect(res.statusCode).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.body).not.toContain("Lumen");
    }
    expect((await new Client(h.app, "acme").get(ACCOUNTS)).statusCode).toBe(401);
    // A revoked admin role counts at once (the database, not the token, decides).
    const demoted = await member("acme", acmeId, "demoted@acme.test", "tenant-admin");
    expect((await demoted.get(ACCOUNTS, { bearer: true })).statusCode).toBe(200);
    await h.db.query(
      `DELETE FROM "membership" WHERE "tenantId" = $1 AND "userId" = (SELECT "id" FROM "user" WHERE "tenantId" = $1 AND "email" = 'demoted@acme.test')`,
      [acmeId],
    );
    expect((await demoted.get(ACCOUNTS, { bearer: true })).statusCode).toBe(403);
  });

  it("keeps tenants apart: another tenant's admin sees only theirs, and a token of one tenant opens no other", async () => {
    const otherAdmin = await member("other", otherId, "boss@other.test", "tenant-admin");
    const res = await otherAdmin.get(ACCOUNTS, { bearer: true });
    expect(res.statusCode).toBe(200);
    expect(names(res.json())).toEqual(["Other Lumen", "Zeta Other"]);
    expect(names((await otherAdmin.get(`${ACCOUNTS}?q=lumen`, { bearer: true })).json())).toEqual(["Other Lumen"]);
    // The other tenant's admin token, sent for acme: refused, nothing of acme's listed.
    const crossed = await otherAdmin.get(ACCOUNTS, { bearer: true, headers: { "x-tenant": "acme" } });
    expect(crossed.statusCode).toBeGreaterThanOrEqual(400);
    expect(crossed.body).not.toContain("Lumen Models");
    // A cursor made for one tenant lists nothing of another's beyond its own rows.
    const acmeAdmin = new Client(h.app, "acme");
    await acmeAdmin.login("boss@acme.test");
    const cursor = (await acmeAdmin.get(`${ACCOUNTS}?limit=1`, { bearer: true })).json().page.nextCursor as string;
    const paged = (await otherAdmin.get(`${ACCOUNTS}?cursor=${encodeURIComponent(cursor)}`, { bearer: true })).json();
    expect(names(paged).every((n) => ["Other Lumen", "Zeta Other"].includes(n))).toBe(true);
  });

  it("lets a super admin list the accounts of the tenant they manage (X-Tenant), only that tenant's", async () => {
    const forAcme = new Client(h.app, "acme");
    forAcme.accessToken = platformToken;
    expect(names((await forAcme.get(ACCOUNTS, { bearer: true })).json())).toEqual([
      "100%_Real Agency",
      "Atlas Agency",
      "Client Co",
      "Lumen Models",
    ]);
    const forOther = new Client(h.app, "other");
    forOther.accessToken = platformToken;
    expect(names((await forOther.get(ACCOUNTS, { bearer: true })).json())).toEqual(["Other Lumen", "Zeta Other"]);
    expect((await new Client(h.app, "nowhere").get(ACCOUNTS, { bearer: platformToken })).statusCode).toBe(404);
  });
});
