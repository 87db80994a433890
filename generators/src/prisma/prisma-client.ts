import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const STAMP = ".schema-hash";

/**
 * Generates the typed Prisma client next to the schema (`prisma/client/`, git-ignored) when
 * the schema changed since the last run. The CLI's schema-engine download cannot work
 * offline; `generate` does not need the engine, so it is pointed at /bin/true (STACK.md).
 */
export async function ensurePrismaClient(schemaPath: string): Promise<"generated" | "up-to-date"> {
  const schema = await readFile(schemaPath, "utf8");
  const hash = createHash("sha256").update(schema).digest("hex");
  const stampPath = path.join(path.dirname(schemaPath), "client", STAMP);
  if ((await readFile(stampPath, "utf8").catch(() => "")) === hash) return "up-to-date";
  const prismaBin = path.join(
    path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
    "build",
    "index.js",
  );
  await run(process.execPath, [prismaBin, "generate", "--schema", schemaPath], {
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  await writeFile(stampPath, hash);
  return "generated";
}
