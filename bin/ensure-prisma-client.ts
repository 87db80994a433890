/**
 * Builds the typed Prisma client (generated/prisma/client, git-ignored) when the schema changed
 * since it was last built: `npm run typecheck` runs it first, so a fresh clone type-checks.
 * Offline: the client needs no engine download (generators/src/prisma/prisma-client.ts).
 */
import path from "node:path";
import { ensurePrismaClient } from "../generators/src/prisma/prisma-client.ts";

const schema = path.resolve(import.meta.dirname, "..", "generated", "prisma", "schema.prisma");
const state = await ensurePrismaClient(schema);
if (state === "generated") console.log("prisma client generated (generated/prisma/client)");
