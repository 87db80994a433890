import fp from "fastify-plugin";
import type { EntityStore } from "../crud/store/entity-store.ts";
import { RecordAccess } from "../tags/record-access.ts";
import { collectionRoutes } from "./collection-routes.ts";
import { CollectionService } from "./collection-service.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Users' collections and favourites (runtime/src/collections/README.md). */
    collections: CollectionService;
  }
}

/** Collections and favourites as a plugin: the service and its routes. Needs tenancy, identity and authorization. */
export const collectionsPlugin = fp(
  async (app, options: { store: EntityStore }) => {
    const service = new CollectionService(app.db, app.registry, new RecordAccess(options.store, app.registry));
    app.decorate("collections", service);
    await app.register(collectionRoutes, { service });
  },
  { name: "mono-collections" },
);
