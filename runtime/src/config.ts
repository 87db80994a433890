import { randomBytes } from "node:crypto";
import path from "node:path";

/** Every environment variable the server reads (the README lists them). */
export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  adminToken: string;
  /** True when the token was generated for this run (it is printed at start). */
  adminTokenGenerated: boolean;
  baseDomain: string;
  allowTenantHeader: boolean;
  demo: boolean;
  logLevel: string;
  migrationsDir: string;
  /** Template sources the studio designs (written in development only). */
  templatesDir: string;
  /** Row-level security context of tenant requests (MONO_RLS: auto, enforce, off). */
  rls: "auto" | "enforce" | "off";
  /**
   * NODE_ENV=production: JSON logs, no demo by default, no secrets printed; the studio keeps
   * designs in the database and never generates.
   */
  production: boolean;
  /** MONO_ADMIN_EMAIL / MONO_ADMIN_PASSWORD: the first super admin (Directus's convention). */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Mail without SMTP_URL lands here as .eml files: beside the data folder. */
  outboxDir: string;
  /** Media files without MONO_S3_BUCKET (MONO_MEDIA_DIR): `media` beside the data folder. */
  mediaDir: string;
  /**
   * MONO_TRUST_PROXY: Fastify's `trustProxy`. Unset: X-Forwarded-For is ignored and the peer
   * address is the client. `true` trusts every hop, a number that many hops, anything else a
   * comma-separated list of proxy addresses or CIDR ranges.
   */
  trustProxy: boolean | number | string;
  /** MONO_ADMIN_TOKEN_KEEP: the bootstrap token does not retire once a super admin exists. */
  keepAdminToken: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): ServerConfig {
  const flag = (value: string | undefined, fallback: boolean) =>
    value === undefined ? fallback : /^(1|true|yes|on)$/i.test(value);
  const token = env.MONO_ADMIN_TOKEN?.trim();
  const production = env.NODE_ENV === "production";
  const dataDir = path.resolve(root, env.MONO_DATA_DIR ?? ".mono/data");
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir,
    redisUrl: env.REDIS_URL?.trim() || null,
    adminToken: token || randomBytes(24).toString("base64url"),
    adminTokenGenerated: !token,
    baseDomain: env.MONO_BASE_DOMAIN ?? "localhost",
    allowTenantHeader: flag(env.MONO_ALLOW_TENANT_HEADER, env.NODE_ENV !== "production"),
    demo: flag(env.MONO_DEMO, !production),
    logLevel: env.LOG_LEVEL ?? "info",
    migrationsDir: path.resolve(root, env.MONO_MIGRATIONS_DIR ?? "generated/prisma/migrations"),
    templatesDir: path.resolve(root, env.MONO_TEMPLATES_DIR ?? "industry-templates"),
    rls: rlsMode(env.MONO_RLS),
    production,
    adminEmail: env.MONO_ADMIN_EMAIL?.trim() || undefined,
    adminPassword: env.MONO_ADMIN_PASSWORD || undefined,
    outboxDir: path.join(path.dirname(dataDir), "outbox"),
    mediaDir: path.resolve(root, env.MONO_MEDIA_DIR ?? path.join(path.dirname(dataDir), "media")),
    trustProxy: trustProxySetting(env.MONO_TRUST_PROXY),
    keepAdminToken: flag(env.MONO_ADMIN_TOKEN_KEEP, false),
  };
}

export function trustProxySetting(value: string | undefined): boolean | number | string {
  const v = value?.trim() ?? "";
  if (!v || /^(0|false|no|off)$/i.test(v)) return false;
  if (/^(true|yes|on)$/i.test(v)) return true;
  if (/^[1-9]\d{0,2}$/.test(v)) return Number(v);
  return v;
}

function rlsMode(value: string | undefined): ServerConfig["rls"] {
  const mode = value?.trim().toLowerCase() || "auto";
  if (mode !== "auto" && mode !== "enforce" && mode !== "off")
    throw new Error(`MONO_RLS must be auto, enforce or off, got "${value}"`);
  return mode;
}
