/**
 * `generated/<template id>/template.lock.json`: the version and content hash of each template as
 * it was last generated. A template whose content changed since then but whose version did not
 * rise is refused (the same rule `mono validate --against` applies to two files), so a deployed
 * database never sees two different schemas under one version.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import semver from "semver";
import { diagnostic, type AppIR, type Diagnostic } from "../../engine/src/index.ts";
import type { FileMap } from "./plugin.ts";

export interface TemplateLock {
  readonly template: string;
  readonly version: string;
  /** sha256 of the template's JSON with keys sorted: layout and key order are not changes. */
  readonly sha256: string;
}

export const lockPath = (templateId: string) => `${templateId}/template.lock.json`;

export function templateFingerprint(text: string): string {
  return createHash("sha256")
    .update(canonicalJson(JSON.parse(text)))
    .digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The rule, pure: diagnostics for templates that changed under an unchanged (or lower) version. */
export function checkLocks(
  current: readonly { lock: TemplateLock; file: string }[],
  previous: ReadonlyMap<string, TemplateLock>,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const { lock, file } of current) {
    const before = previous.get(lock.template);
    if (!before || !semver.valid(before.version) || !semver.valid(lock.version)) continue;
    if (semver.lt(lock.version, before.version)) {
      found.push({
        ...diagnostic(
          "ENG_COMPAT_VERSION_NOT_BUMPED",
          "/version",
          `Version ${lock.version} is below ${before.version}, the version generated/${lockPath(lock.template)} was made from.`,
          `Use a version above ${before.version}.`,
        ),
        file,
      });
    } else if (before.sha256 !== lock.sha256 && !semver.gt(lock.version, before.version)) {
      found.push({
        ...diagnostic(
          "ENG_COMPAT_VERSION_NOT_BUMPED",
          "/version",
          `The template changed since it was last generated (generated/${lockPath(lock.template)}) but its version is still ${lock.version}.`,
          `Use ${semver.inc(before.version, "minor")} (or ${semver.inc(before.version, "major")} for a breaking change; \`mono validate --against\` tells which).`,
        ),
        file,
      });
    }
  }
  return found;
}

/** The lock `generate` last wrote for `templateId` under `outDir`, or null. */
export async function readLock(outDir: string, templateId: string): Promise<TemplateLock | null> {
  const text = await readFile(path.join(outDir, lockPath(templateId)), "utf8").catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as TemplateLock;
  } catch {
    return null;
  }
}

/**
 * The version a design saved from the studio should carry: unchanged when its content is what
 * was last generated or its version is already above the lock's; otherwise the lock's version
 * with the minor part raised, so saving never leaves a template that `generate` refuses.
 */
export function versionAfterEdit<T extends { version: string }>(value: T, lock: TemplateLock | null): string {
  if (!lock || !semver.valid(lock.version) || !semver.valid(value.version)) return value.version;
  if (semver.gt(value.version, lock.version)) return value.version;
  if (templateFingerprint(JSON.stringify({ ...value, version: lock.version })) === lock.sha256) return lock.version;
  return semver.inc(lock.version, "minor")!;
}

/** Reads each template's text and the locks under `outDir`: the lock files to write and what the rule says. */
export async function templateLocks(
  templatesDir: string,
  outDir: string,
  app: AppIR,
): Promise<{ files: FileMap; diagnostics: Diagnostic[] }> {
  const current = await Promise.all(
    app.templates.map(async (t) => ({
      file: t.source,
      lock: {
        template: t.id,
        version: t.version,
        sha256: templateFingerprint(await readFile(path.join(templatesDir, t.source), "utf8")),
      },
    })),
  );
  const previous = new Map<string, TemplateLock>();
  for (const t of app.templates) {
    // A missing or hand-broken lock file is (re)written by this run; the rule cannot apply to it.
    const lock = await readLock(outDir, t.id);
    if (lock) previous.set(t.id, lock);
  }
  const files: FileMap = {};
  for (const { lock } of current) files[lockPath(lock.template)] = JSON.stringify(lock, null, 2) + "\n";
  return { files, diagnostics: checkLocks(current, previous) };
}
