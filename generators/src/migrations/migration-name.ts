/**
 * A migration's folder name from what its SQL changes, as a reader of `git log` would want it:
 * `add_luxury_club_venue_parking_spaces`, `drop_shop_order`, `add_x_and_more`. Read from the
 * statements Prisma's differ (and our rename pass) write; anything unrecognised falls back to
 * `update`, so a name never fails a generate.
 */
const MAX_PARTS = 3;
/** Folder names are cut at 60 characters (slugify): whole parts only, room left for `_and_more`. */
const MAX_LENGTH = 60 - "_and_more".length;

export function describeMigration(sql: string): string {
  const created = new Set<string>();
  const parts: string[] = [];
  const add = (part: string) => {
    if (!parts.includes(part)) parts.push(part);
  };
  for (const statement of statements(sql)) {
    const s = statement.replace(/\s+/g, " ").trim();
    let m: RegExpExecArray | null;
    if ((m = /^CREATE TABLE "([^"]+)"/i.exec(s))) {
      created.add(m[1]);
      add(`add_${m[1]}`);
    } else if ((m = /^DROP TABLE (?:IF EXISTS )?"([^"]+)"/i.exec(s))) add(`drop_${m[1]}`);
    else if ((m = /^ALTER TABLE (?:ONLY )?"([^"]+)" RENAME TO "([^"]+)"/i.exec(s))) add(`rename_${m[1]}`);
    else if ((m = /^ALTER TABLE (?:ONLY )?"([^"]+)" (.*)$/i.exec(s))) alterParts(m[1], m[2], created).forEach(add);
    else if ((m = /^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?"[^"]+" ON "([^"]+)"/i.exec(s))) {
      if (!created.has(m[1])) add(`index_${m[1]}`);
    } else if ((m = /^DROP INDEX (?:IF EXISTS )?"([^"]+)"/i.exec(s))) add(`drop_${m[1]}`);
    else if ((m = /^CREATE EXTENSION (?:IF NOT EXISTS )?"?([A-Za-z0-9_]+)"?/i.exec(s))) add(`add_${m[1]}`);
    else if ((m = /^CREATE TYPE "([^"]+)"/i.exec(s))) add(`add_${m[1]}`);
    else if ((m = /^ALTER TYPE "([^"]+)"/i.exec(s))) add(`alter_${m[1]}`);
    else if ((m = /^DROP TYPE (?:IF EXISTS )?"([^"]+)"/i.exec(s))) add(`drop_${m[1]}`);
    // A computed field's backfill (generators/src/prisma/sql-computed.ts) names what it computes.
    else if ((m = /^UPDATE "([^"]+)" AS [a-z]+ SET "([^"]+)" =/i.exec(s))) add(`compute_${m[1]}_${m[2]}`);
    else if ((m = /^DROP TRIGGER (?:IF EXISTS )?"tr_([^"]+)"/i.exec(s))) add(`drop_trigger_${m[1]}`);
    else if ((m = /^CREATE TRIGGER "tr_[^"]+" BEFORE INSERT OR UPDATE ON "([^"]+)"/i.exec(s))) add(`guard_${m[1]}`);
  }
  if (parts.length === 0) return "update";
  const shown = [snake(parts[0])];
  for (const part of parts.slice(1, MAX_PARTS)) {
    if ([...shown, snake(part)].join("_").length > MAX_LENGTH) break;
    shown.push(snake(part));
  }
  const name = shown.join("_");
  return shown.length < parts.length ? `${name}_and_more` : name;
}

/** The clauses of one `ALTER TABLE "t" …` statement. */
function alterParts(table: string, clauses: string, created: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const m of clauses.matchAll(/\b(ADD|DROP|ALTER|RENAME) COLUMN (?:IF (?:NOT )?EXISTS )?"([^"]+)"/gi)) {
    const verb = m[1].toUpperCase();
    out.push(
      `${verb === "ADD" ? "add" : verb === "DROP" ? "drop" : verb === "RENAME" ? "rename" : "alter"}_${table}_${m[2]}`,
    );
  }
  if (out.length === 0 && !created.has(table)) {
    const constraint = /\b(ADD|DROP) CONSTRAINT (?:IF EXISTS )?"([^"]+)"/i.exec(clauses);
    if (constraint) out.push(`${constraint[1].toLowerCase()}_${constraint[2]}`);
    else if (/ENABLE ROW LEVEL SECURITY|FORCE ROW LEVEL SECURITY/i.test(clauses)) out.push(`secure_${table}`);
  }
  return out;
}

/** Statements of a migration, comments dropped (`;` inside `$$ … $$` bodies is kept). */
function statements(sql: string): string[] {
  const text = sql.replace(/^--.*$/gm, "");
  const out: string[] = [];
  let current = "";
  let inBody = false;
  for (const piece of text.split(/(\$\$|;)/)) {
    if (piece === "$$") inBody = !inBody;
    if (piece === ";" && !inBody) {
      out.push(current);
      current = "";
    } else current += piece;
  }
  if (current.trim()) out.push(current);
  return out.filter((s) => s.trim());
}

/** `parkingSpaces` → `parking_spaces`: folder names are snake case. */
const snake = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
