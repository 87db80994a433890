import type { FileMap } from "./plugin.ts";

/** Joins file maps; two generators claiming one path is a bug, so it throws. */
export function mergeFileMaps(maps: readonly FileMap[]): FileMap {
  const merged: FileMap = {};
  for (const map of maps) {
    for (const [file, content] of Object.entries(map)) {
      if (file in merged) throw new Error(`Two generators emit ${file}`);
      merged[file] = content;
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}

/** Stable JSON text: two-space indent and a final newline, as every JSON file we emit. */
export const jsonText = (value: unknown): string => JSON.stringify(value, null, 2) + "\n";
