/**
 * A scratch copy of the repository's industry-templates/ and generated/ (without the git-ignored
 * Prisma client) in a temp folder: tests edit templates and run `generate` there, never in the
 * repository. Also the `mono` CLI's output captured.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CommandIo } from "../../bin/cli/command-io.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface Workspace {
  root: string;
  templates: string;
  generated: string;
  migrations: string;
  /** A migrations folder holding only what was committed: the "deployed" state. */
  initOnly: string;
  /** The committed migration folders (0001_init, and whatever followed it). */
  committed: string[];
}

export async function scratchWorkspace(prefix: string): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  const ws: Workspace = {
    root,
    committed: [],
    templates: path.join(root, "industry-templates"),
    generated: path.join(root, "generated"),
    migrations: path.join(root, "generated", "prisma", "migrations"),
    initOnly: path.join(root, "init-migrations"),
  };
  await cp(path.join(ROOT, "industry-templates"), ws.templates, { recursive: true });
  const client = path.join(ROOT, "generated", "prisma", "client");
  await cp(path.join(ROOT, "generated"), ws.generated, { recursive: true, filter: (src) => !src.startsWith(client) });
  await cp(ws.migrations, ws.initOnly, { recursive: true });
  ws.committed = await migrationFolders(ws.migrations);
  return ws;
}

export const removeWorkspace = (ws: Workspace) => rm(ws.root, { recursive: true, force: true });

export type Json = any; // template JSON edited in place: the compiler is what checks it

/** Edits `<templates>/<file>` (e.g. `luxury-club/template.json`) as JSON. */
export async function editTemplate(ws: Workspace, file: string, edit: (template: Json) => void): Promise<void> {
  const full = path.join(ws.templates, file);
  const template = JSON.parse(await readFile(full, "utf8"));
  edit(template);
  await writeFile(full, JSON.stringify(template, null, 2) + "\n");
}

async function migrationFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The migration folders `generate` added to the committed ones. */
export async function newMigrations(ws: Workspace): Promise<string[]> {
  return (await migrationFolders(ws.migrations)).filter((name) => !ws.committed.includes(name));
}

export const readMigration = async (ws: Workspace, name: string, file: string) =>
  readFile(path.join(ws.migrations, name, file), "utf8");

export function captureIo(env: NodeJS.ProcessEnv = {}): CommandIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env,
    out: () => out.join("\n"),
    err: () => err.join("\n"),
  };
}
