import type { SqlSession } from "../db/database.ts";
import { BOOTSTRAP_LOCK, superAdminExists } from "../identity/routes/bootstrap-route.ts";
import { insertUser, normalizeEmail } from "../identity/user-store.ts";
import { demoPassword, type HashPassword } from "./demo-people.ts";

/** A stored demo sign-in (table `demo_login`): `scope` is its tenant's slug, or `platform`. */
export interface DemoLogin {
  readonly scope: string;
  readonly role: string;
  readonly email: string;
  /** Null when the operator chose it (MONO_ADMIN_PASSWORD): never stored. */
  readonly password: string | null;
}

export const PLATFORM_SCOPE = "platform";

/** Stores logins of one tenant (null: the platform), keeping any that exist. */
export async function saveLogins(
  tx: SqlSession,
  tenantId: string | null,
  logins: readonly Omit<DemoLogin, "scope">[],
): Promise<void> {
  for (const login of logins)
    await tx.query(
      `INSERT INTO "demo_login" ("tenantId", "role", "email", "password") VALUES ($1, $2, $3, $4) ON CONFLICT ("tenantId", "role") DO NOTHING`,
      [tenantId, login.role, login.email, login.password],
    );
}

/** Every stored login: the platform's first, then tenants by slug, roles by name. */
export async function loadLogins(db: SqlSession): Promise<DemoLogin[]> {
  const { rows } = await db.query<DemoLogin>(
    `SELECT COALESCE(t."slug", $1) AS "scope", d."role", d."email", d."password"
       FROM "demo_login" d LEFT JOIN "tenant" t ON t."id" = d."tenantId"
      ORDER BY d."tenantId" IS NOT NULL, t."slug", d."role"`,
    [PLATFORM_SCOPE],
  );
  return rows;
}

export interface SuperAdminOptions {
  /** MONO_ADMIN_EMAIL; default admin@example.com. */
  readonly email?: string;
  /** MONO_ADMIN_PASSWORD; generated (and kept with the data) when unset. */
  readonly password?: string;
  /** Generate a password when none is given (development); otherwise create none without one. */
  readonly generate: boolean;
}

/**
 * The platform's first super admin, when it has none yet (the Directus convention: the
 * environment names it on the first start and is ignored afterwards). Returns the login it
 * created, or null when a super admin exists or no password may be generated.
 */
export async function ensureSuperAdmin(
  db: SqlSession & { transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> },
  hash: HashPassword,
  options: SuperAdminOptions,
): Promise<DemoLogin | null> {
  if (!options.password && !options.generate) return null;
  const email = normalizeEmail(options.email?.trim() || "admin@example.com");
  const password = options.password || demoPassword();
  const passwordHash = await hash(password);
  return db.transaction(async (tx) => {
    // The bootstrap route's lock: two processes starting at once create one super admin.
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [BOOTSTRAP_LOCK]);
    if (await superAdminExists(tx)) return null;
    await insertUser(tx, {
      tenantId: null,
      email,
      name: "Super admin",
      passwordHash,
      verified: true,
      platformRole: "super-admin",
    });
    const login: DemoLogin = {
      scope: PLATFORM_SCOPE,
      role: "super-admin",
      email,
      password: options.password ? null : password,
    };
    await saveLogins(tx, null, [login]);
    return login;
  });
}

/** `demo login <tenant-slug|platform> <role> <email> <password>`, one per login. */
export function loginLines(logins: readonly DemoLogin[], adminPassword?: string): string[] {
  return logins.map(
    (l) =>
      `demo login ${l.scope} ${l.role} ${l.email} ${l.password ?? adminPassword ?? "(the MONO_ADMIN_PASSWORD it was created with)"}`,
  );
}
