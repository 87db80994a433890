import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

declare module "fastify" {
  interface FastifyInstance {
    /** The app's Prometheus registry: plugins add their own metrics to it (the workflows do). */
    metrics: Registry;
  }
}

/**
 * Prometheus metrics at /metrics: request durations per route, errors by code, database pool.
 * One registry per app, so several apps in one process (tests) do not collide.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    app.decorate("metrics", registry);
    collectDefaultMetrics({ register: registry });
    const duration = new Histogram({
      name: "mono_http_request_duration_seconds",
      help: "Request duration by route",
      labelNames: ["method", "route", "status"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const errors = new Counter({
      name: "mono_http_errors_total",
      help: "Error responses by status",
      labelNames: ["status"],
      registers: [registry],
    });
    new Gauge({
      name: "mono_db_pool_connections",
      help: "Database pool connections by state",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const stats = app.db.poolStats?.();
        if (!stats) return;
        this.set({ state: "total" }, stats.total);
        this.set({ state: "idle" }, stats.idle);
        this.set({ state: "waiting" }, stats.waiting);
      },
    });
    // Synchronous: no promise per request.
    app.addHook("onResponse", (request, reply, done) => {
      const route = request.routeOptions.url ?? "unmatched";
      duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      if (reply.statusCode >= 400) errors.inc({ status: String(reply.statusCode) });
      done();
    });
    const schema = {
      produces: ["text/plain"],
      response: { 200: { type: "string", description: "Prometheus text exposition format." } },
    };
    app.get("/metrics", { logLevel: "warn", schema }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: "mono-metrics" },
);
