import type { AppIR, TemplateIR } from "../../engine/src/index.ts";
import { mergeFileMaps } from "./file-map.ts";
import type { FileMap, GeneratorPlugin } from "./plugin.ts";
import { CORE_PLUGINS } from "./plugins.ts";

/**
 * Per-template outputs of incremental plugins, by template IR object. The IR is deep-frozen and
 * the compile cache hands out the same object while a template's text is unchanged, so object
 * identity is an exact (and free) key; a WeakMap lets replaced IRs be collected.
 */
export type BuildCache = WeakMap<TemplateIR, Map<string, FileMap>>;

export const createBuildCache = (): BuildCache => new WeakMap();

function templateFiles(plugin: GeneratorPlugin, template: TemplateIR, cache: BuildCache | undefined): FileMap {
  const build = plugin.incremental!.template;
  if (!cache) return build(template);
  let byPlugin = cache.get(template);
  if (!byPlugin) cache.set(template, (byPlugin = new Map()));
  let files = byPlugin.get(plugin.name);
  if (!files) byPlugin.set(plugin.name, (files = build(template)));
  return files;
}

function pluginFiles(plugin: GeneratorPlugin, app: AppIR, cache: BuildCache | undefined): FileMap {
  if (!plugin.incremental || !cache) return plugin.build({ app });
  return Object.assign(
    {},
    ...app.templates.map((t) => templateFiles(plugin, t, cache)),
    plugin.incremental.app?.({ app }),
  );
}

/**
 * Every generated file for an app: pure, so `--check` and tests can call it freely. With a
 * cache, unchanged templates reuse their files (same bytes: plugins are pure).
 */
export function buildFiles(
  app: AppIR,
  plugins: readonly GeneratorPlugin[] = CORE_PLUGINS,
  cache?: BuildCache,
): FileMap {
  return mergeFileMaps(plugins.map((plugin) => pluginFiles(plugin, app, cache)));
}
