/**
 * One runtime process for the messaging tests and `bench:realtime`: the app on the shipped
 * registry with identity and messaging, fan-out through Redis, listening on a free port it
 * prints as `listening <port>`. Env: DATABASE_URL, REDIS_URL, MONO_JWT_SECRET, MESSAGING_PREFIX, MESSAGING_PRESENCE_TTL_MS.
 */
import { Redis } from "ioredis";
import { platform, templates } from "../../../generated/registry.ts";
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { buildApp } from "../../src/app.ts";
import { createPostgresDatabase } from "../../src/db/database.ts";
import { createRuntimeRegistry } from "../../src/registry/runtime-registry.ts";

const db = createPostgresDatabase(process.env.DATABASE_URL!, { max: Number(process.env.DB_POOL ?? 8) });
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const app = await buildApp({
  db,
  redis,
  registry: createRuntimeRegistry(templates as unknown as readonly TemplateRegistry[], platform),
  allowTenantHeader: true,
  rateLimit: false,
  identity: {
    mailer: { send: async () => {} },
    secret: process.env.MONO_JWT_SECRET!,
    secureCookies: false,
    rateLimit: false,
  },
  workflows: false,
  notifications: process.env.MESSAGING_NOTIFY === "0" ? false : undefined,
  messaging: {
    prefix: process.env.MESSAGING_PREFIX ?? "mono",
    presenceTtlMs: process.env.MESSAGING_PRESENCE_TTL_MS ? Number(process.env.MESSAGING_PRESENCE_TTL_MS) : undefined,
  },
});
const address = await app.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`listening ${new URL(address).port}\n`);
const stop = async () => {
  await app.close();
  redis.disconnect();
  await db.close();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
