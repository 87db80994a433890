import type { GeneratorPlugin } from "../plugin.ts";
import { buildPrismaSchema } from "./build-prisma-schema.ts";

/** `prisma/schema.prisma`: the one platform schema. Migrations are planned by `generate`. */
export const prismaPlugin: GeneratorPlugin = {
  name: "@core/prisma",
  statusText: "Prisma schema",
  build: ({ app }) => ({ "prisma/schema.prisma": buildPrismaSchema(app).prisma }),
};
