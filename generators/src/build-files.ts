import type { AppIR } from "../../engine/src/index.ts";
import { mergeFileMaps } from "./file-map.ts";
import type { FileMap, GeneratorPlugin } from "./plugin.ts";
import { CORE_PLUGINS } from "./plugins.ts";

/** Every generated file for an app: pure, so `--check` and tests can call it freely. */
export function buildFiles(app: AppIR, plugins: readonly GeneratorPlugin[] = CORE_PLUGINS): FileMap {
  return mergeFileMaps(plugins.map((plugin) => plugin.build({ app })));
}
