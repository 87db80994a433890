import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";

const CHECK = { enum: ["ok", "down"] } as const;
const READINESS = {
  type: "object",
  required: ["status", "checks"],
  properties: {
    status: { enum: ["ready", "unavailable"] },
    checks: { type: "object", required: ["database"], properties: { database: CHECK, redis: CHECK } },
  },
} as const;
const LIVE = { type: "object", required: ["status"], properties: { status: { const: "ok" } } } as const;

/** Liveness (the process answers) and readiness (its database and Redis answer). */
export async function healthRoutes(app: FastifyInstance, options: { redis?: Redis | null }) {
  app.get("/health/live", { logLevel: "warn", schema: { response: { 200: LIVE } } }, async () => ({ status: "ok" }));
  const schema = { response: { 200: READINESS, 503: { ...READINESS, description: "Not ready." } } };
  app.get("/health/ready", { logLevel: "warn", schema }, async (_request, reply) => {
    const checks: Record<string, "ok" | "down"> = {};
    checks.database = await app.db.query("SELECT 1").then(
      () => "ok" as const,
      () => "down" as const,
    );
    if (options.redis)
      checks.redis = await options.redis.ping().then(
        () => "ok" as const,
        () => "down" as const,
      );
    const ready = Object.values(checks).every((v) => v === "ok");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "unavailable", checks });
  });
}
