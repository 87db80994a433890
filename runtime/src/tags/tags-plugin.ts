import fp from "fastify-plugin";
import type { EntityStore } from "../crud/store/entity-store.ts";
import { RecordAccess } from "./record-access.ts";
import { tagRoutes } from "./tag-routes.ts";
import { TagService } from "./tag-service.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The tenant's tags and their links to records (runtime/src/tags/README.md). */
    tags: TagService;
  }
}

/**
 * Tagging as a plugin: the service and its routes. Needs tenancy, identity and authorization;
 * the `tags=` list filter itself is part of the CRUD query language (crud/sql/tag-sql.ts).
 */
export const tagsPlugin = fp(
  async (app, options: { store: EntityStore }) => {
    const service = new TagService(app.db, app.registry, new RecordAccess(options.store, app.registry));
    app.decorate("tags", service);
    await app.register(tagRoutes, { service });
  },
  { name: "mono-tags" },
);
