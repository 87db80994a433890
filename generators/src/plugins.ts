import { formsPlugin } from "./forms/index.ts";
import { openapiPlugin } from "./openapi/index.ts";
import type { GeneratorPlugin } from "./plugin.ts";
import { prismaPlugin } from "./prisma/index.ts";
import { registryPlugin } from "./registry/index.ts";
import { typesPlugin } from "./types/index.ts";
import { zodPlugin } from "./zod/index.ts";

/** The core generators, in the order `mono generate` runs and reports them. */
export const CORE_PLUGINS: readonly GeneratorPlugin[] = [
  prismaPlugin,
  zodPlugin,
  typesPlugin,
  formsPlugin,
  openapiPlugin,
  registryPlugin,
];
