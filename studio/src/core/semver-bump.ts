export type BumpKind = "major" | "minor" | "patch";

/** `1.2.3` + minor → `1.3.0` (a pre-release suffix is dropped); null when not a version. */
export function bumpVersion(version: string, kind: BumpKind): string | null {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!match) return null;
  const [major, minor, patch] = match.slice(1, 4).map(Number);
  if (kind === "major") return `${major + 1}.0.0`;
  if (kind === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
