import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type UserConfig } from "vite";

const root = import.meta.dirname;
const runtime = process.env.MONO_RUNTIME_URL ?? "http://127.0.0.1:3000";

/** Writes `<file>.gz` beside every JS/CSS/HTML file: the runtime serves them (@fastify/static preCompressed). */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "mono-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      await Promise.all(
        files
          .filter((f) => /\.(js|css|html|svg|json)$/.test(f))
          .map(async (f) =>
            writeFile(path.join(outDir, `${f}.gz`), gzipSync(await readFile(path.join(outDir, f)), { level: 9 })),
          ),
      );
    },
  };
}

/**
 * The studio: served by the runtime at /studio (built) or by `vite` with the API proxied (dev).
 * A build is a production build whatever NODE_ENV the caller has (vitest sets it to "test",
 * which would otherwise ship React's development runtime).
 */
export default defineConfig(({ command, mode }) => {
  if (command === "build" && mode !== "development") process.env.NODE_ENV = "production";
  return config;
});

const config = {
  root,
  base: "/studio/",
  plugins: [react(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: {
      "/studio/api": runtime,
      "/api": runtime,
    },
  },
} satisfies UserConfig;
