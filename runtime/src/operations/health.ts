import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";

/** Liveness (the process answers) and readiness (its database and Redis answer). */
export async function healthRoutes(app: FastifyInstance, options: { redis?: Redis | null }) {
  app.get("/health/live", { logLevel: "warn" }, async () => ({ status: "ok" }));
  app.get("/health/ready", { logLevel: "warn" }, async (_request, reply) => {
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
