/**
 * Builds studio/dist when it is missing or older than any source file (vite build, ~1–3 s).
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./studio-server.ts";

const run = promisify(execFile);

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (full.includes(`${path.sep}dist${path.sep}`) || full.includes(`${path.sep}test${path.sep}`)) continue;
    newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

const studio = path.join(ROOT, "studio");

async function isFresh(): Promise<boolean> {
  const built = await stat(path.join(studio, "dist", "index.html")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  return built > 0 && built >= (await newestSource(studio));
}

/**
 * Test files run in parallel processes: one builds while the others wait for its lock (a
 * directory: mkdir is atomic), then find the build fresh. A lock older than two minutes is stale.
 */
export async function ensureStudioBuilt(): Promise<"built" | "fresh"> {
  if (await isFresh()) return "fresh";
  const lock = path.join(ROOT, "test-output", ".studio-build.lock");
  await mkdir(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    if (await isFresh()) return "fresh";
    await run(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "vite", "bin", "vite.js"),
        "build",
        "--config",
        path.join(studio, "vite.config.ts"),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production" },
      },
    );
    return "built";
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
