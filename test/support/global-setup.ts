import path from "node:path";
import { ensurePrismaClient } from "../../generators/src/prisma/prisma-client.ts";

/** The typed Prisma client is git-ignored: build it once before any test imports it. */
export default async function setup(): Promise<void> {
  await ensurePrismaClient(path.resolve(import.meta.dirname, "..", "..", "generated", "prisma", "schema.prisma"));
}
