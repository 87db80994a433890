import { watch } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../../../engine/src/index.ts";
import { generate, type GenerateOptions } from "../../../generators/src/generate.ts";
import type { CommandIo } from "../command-io.ts";

/**
 * `mono generate [--templates DIR] [--out DIR] [--check] [--watch] [--name NAME] [--no-client]`.
 * With --check: exit 1 when generated/ differs from what the generators produce.
 */
export async function runGenerateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      templates: { type: "string", default: "industry-templates" },
      out: { type: "string", default: "generated" },
      check: { type: "boolean" },
      watch: { type: "boolean" },
      name: { type: "string" },
      "no-client": { type: "boolean" },
    },
  });
  const options: GenerateOptions = {
    templatesDir: path.resolve(values.templates!),
    outDir: path.resolve(values.out!),
    check: values.check,
    migrationName: values.name,
    prismaClient: !values["no-client"] && !values.check,
    log: (line) => io.stdout(`  ${line}`),
  };
  const code = await runOnce(options, io);
  if (!values.watch) return code;

  io.stdout(`watching ${values.templates} (Ctrl-C to stop)`);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve(0);
  const watcher = watch(options.templatesDir, { recursive: true }, () => {
    clearTimeout(timer);
    // Editors write a file in several steps: wait for the burst to settle.
    timer = setTimeout(() => {
      running = running.then(() => runOnce(options, io));
    }, 80);
  });
  // Runs until Ctrl-C, or until the caller's signal aborts (tests).
  return new Promise<number>((resolve) => {
    io.signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      watcher.close();
      void running.then(() => resolve(0));
    });
  });
}

async function runOnce(options: GenerateOptions, io: CommandIo): Promise<number> {
  const started = performance.now();
  const result = await generate(options);
  for (const d of result.diagnostics) io.stdout(formatDiagnostic(d));
  if (!result.ok) {
    io.stderr("generate: the templates have errors; nothing was written.");
    return 1;
  }
  const ms = Math.round(performance.now() - started);
  const drift = [...result.changed, ...result.removed.map((f) => `${f} (stale)`)];
  if (options.check) {
    if (drift.length) {
      io.stderr(
        `generated/ is out of date (${drift.length} file(s)):\n${drift.map((f) => `  ${f}`).join("\n")}\nRun \`mono generate\`.`,
      );
      return 1;
    }
    io.stdout(`generated/ is up to date (${ms} ms)`);
    return 0;
  }
  io.stdout(`generated ${result.changed.length} changed file(s), removed ${result.removed.length} in ${ms} ms`);
  return 0;
}
