import { pathToFileURL } from "node:url";
import { runGenerateCommand } from "./commands/generate.ts";
import { runMigrateCommand } from "./commands/migrate.ts";
import { runTranslateCommand } from "./commands/translate.ts";
import { runValidateCommand } from "./commands/validate.ts";
import { UsageError, type CommandIo } from "./command-io.ts";

const USAGE = `mono — compile industry templates into a marketplace

Usage:
  mono validate <template.json> [--json] [--against <previous.json>]
  mono generate [--templates DIR] [--out DIR] [--check] [--watch] [--name NAME] [--no-client]
  mono migrate status|up|down [--accept-data-loss] [--steps N] [--dir DIR]
  mono translate <template.json> [--to LOCALE,…] [--missing] [--json] [--threshold N]
                       fill missing translations with the LLM of OPENAI_BASE_URL (runtime/src/translation)
  mono worker          run workflow steps and timers (DATABASE_URL, optional REDIS_URL; runtime/src/workflows)
  mono media-worker    make image variants of queued uploads (DATABASE_URL, optional REDIS_URL; runtime/src/media)

Exit codes: 0 ok · 1 template errors, drift (--check), a refused/failed migration or translations left missing · 2 usage`;

const processIo: CommandIo = {
  stdout: (s) => process.stdout.write(s.endsWith("\n") ? s : s + "\n"),
  stderr: (s) => process.stderr.write(s.endsWith("\n") ? s : s + "\n"),
  env: process.env,
};

/** Dispatches a command; returns the exit code. Errors never escape as stack traces. */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "validate":
        return await runValidateCommand(rest, io);
      case "generate":
        return await runGenerateCommand(rest, io);
      case "migrate":
        return await runMigrateCommand(rest, io);
      case "translate":
        return await runTranslateCommand(rest, io);
      case "worker":
        // Runs until SIGTERM/SIGINT (the worker exits the process itself).
        await import("../../runtime/src/workflows/worker-main.ts");
        return await new Promise<number>(() => {});
      case "media-worker":
        await import("../../runtime/src/media/worker-main.ts");
        return await new Promise<number>(() => {});
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    io.stderr(`mono ${command}: ${(error as Error).message}`);
    // A bad flag is a usage error (exit 2), not a failed run: node:util parseArgs throws these.
    return isUsageError(error) ? 2 : 1;
  }
}

function isUsageError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof UsageError || (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_"));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
