/**
 * Applies model and field renames to a Prisma schema text, so that diffing the renamed previous
 * schema against the next one shows only real changes (Prisma's diff has no notion of rename and
 * would drop + add). Works line by line on a tokenized schema: only identifiers in a position that
 * names a model (block header, field type) or a field (declaration, `[...]` lists) are touched,
 * never strings, comments, attribute names, argument names/values or `@default(...)` contents.
 */

export interface ModelRename {
  fromModel: string;
  toModel: string;
  /** Set when the table changes: the block's `@@map` is rewritten to it. */
  toTable?: string;
}

export interface FieldRename {
  /** The model's name after model renames. */
  model: string;
  fromField: string;
  toField: string;
  /** Set when the column changes: the declaration's `@map` is rewritten to it. */
  toColumn?: string;
}

type Token = { kind: "ident" | "string" | "comment" | "space" | "punct"; text: string };

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    let m: RegExpExecArray | null;
    if (rest.startsWith("//")) {
      tokens.push({ kind: "comment", text: rest });
      break;
    } else if ((m = /^"(?:[^"\\]|\\.)*"?/.exec(rest))) tokens.push({ kind: "string", text: m[0] });
    else if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) tokens.push({ kind: "ident", text: m[0] });
    else if ((m = /^\s+/.exec(rest))) tokens.push({ kind: "space", text: m[0] });
    else tokens.push({ kind: "punct", text: rest[0] });
    i += tokens[tokens.length - 1].text.length;
  }
  return tokens;
}

type Role = "fieldName" | "type" | "fieldRef" | "references" | "other";

/** The role of every identifier of one line inside a model block. */
function roles(tokens: Token[]): Role[] {
  const out: Role[] = tokens.map(() => "other");
  const sig = tokens.map((t, i) => ({ t, i })).filter(({ t }) => t.kind !== "space" && t.kind !== "comment");
  const stack: ("default" | "call" | "references" | "list")[] = [];
  let topLevelIdents = 0;
  const isBlockAttribute = sig[0]?.t.text === "@";
  sig.forEach(({ t, i }, k) => {
    const prev = sig[k - 1]?.t.text;
    const next = sig[k + 1]?.t.text;
    if (t.kind === "punct") {
      if (t.text === "(") stack.push(prev === "default" && sig[k - 2]?.t.text === "@" ? "default" : "call");
      else if (t.text === "[") stack.push(prev === ":" && sig[k - 2]?.t.text === "references" ? "references" : "list");
      else if (t.text === ")" || t.text === "]") stack.pop();
      return;
    }
    if (t.kind !== "ident") return;
    if (prev === "@" || prev === "." || prev === ":" || next === ":" || stack.includes("default")) return;
    if (stack.length === 0) {
      if (isBlockAttribute) return;
      topLevelIdents++;
      if (topLevelIdents === 1) out[i] = "fieldName";
      else if (topLevelIdents === 2) out[i] = "type";
      return;
    }
    const innermostList = [...stack].reverse().find((s) => s === "list" || s === "references");
    if (innermostList === "references") out[i] = "references";
    else if (innermostList === "list") out[i] = "fieldRef";
  });
  return out;
}

interface Block {
  kind: string;
  name: string;
  /** Line indexes of the header and of the closing brace. */
  start: number;
  end: number;
}

function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let open: Block | null = null;
  lines.forEach((line, i) => {
    const header = /^\s*(model|enum|view|type|datasource|generator)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{/.exec(line);
    if (!open && header) open = { kind: header[1], name: header[2], start: i, end: -1 };
    else if (open && /^\s*\}/.test(line)) {
      open.end = i;
      out.push(open);
      open = null;
    }
  });
  return out;
}

function rewriteLine(line: string, replace: (role: Role, ident: string) => string): string {
  const tokens = tokenize(line);
  const r = roles(tokens);
  return tokens.map((t, i) => (t.kind === "ident" ? replace(r[i], t.text) : t.text)).join("");
}

/** Replaces the string argument of `attr("...")` in a line, or appends the attribute. */
function setStringAttribute(line: string, attr: "@map" | "@@map", value: string): string {
  const tokens = tokenize(line);
  const json = JSON.stringify(value);
  for (let i = 0; i + 3 < tokens.length; i++) {
    const name = attr === "@map" ? ["@", "map"] : ["@", "@", "map"];
    const at = tokens.slice(i, i + name.length).map((t) => t.text);
    if (at.join() !== name.join() || tokens[i - 1]?.text === "@") continue;
    const open = i + name.length;
    if (tokens[open]?.text === "(" && tokens[open + 1]?.kind === "string") {
      tokens[open + 1] = { kind: "string", text: json };
      return tokens.map((t) => t.text).join("");
    }
  }
  const comment = tokens.findIndex((t) => t.kind === "comment");
  const code = tokens
    .slice(0, comment < 0 ? tokens.length : comment)
    .map((t) => t.text)
    .join("")
    .trimEnd();
  const tail = comment < 0 ? "" : " " + tokens[comment].text;
  return `${code} ${attr}(${json})${tail}`;
}

/** Returns `prisma` with the renames applied (see the file comment for what is touched). */
export function applyPrismaRenames(prisma: string, models: ModelRename[], fields: FieldRename[]): string {
  if (models.length === 0 && fields.length === 0) return prisma;
  const lines = prisma.split("\n");
  const modelMap = new Map(models.filter((m) => m.fromModel !== m.toModel).map((m) => [m.fromModel, m.toModel]));
  const isModelBlock = (b: Block) => b.kind === "model" || b.kind === "view";
  // Tokenizing every line is the slow part; a line that contains none of the old names as text
  // cannot change, so it is skipped (a schema has thousands of lines, a rename touches a few).
  const mentions = (names: string[]) => (line: string) => names.some((n) => line.includes(n));
  const mentionsModel = mentions([...modelMap.keys()]);
  const mentionsField = mentions(fields.map((f) => f.fromField));

  // 1. Model names: block headers and field types, in every model block (one pass, so swaps work).
  for (const b of blocks(lines).filter(isModelBlock)) {
    lines[b.start] = lines[b.start].replace(/^(\s*\w+\s+)(\w+)/, (_, pre, name) => pre + (modelMap.get(name) ?? name));
    for (let i = b.start + 1; i < b.end; i++) {
      if (!mentionsModel(lines[i])) continue;
      lines[i] = rewriteLine(lines[i], (role, id) => (role === "type" ? (modelMap.get(id) ?? id) : id));
    }
  }

  const byModel = new Map<string, FieldRename[]>();
  for (const f of fields) byModel.set(f.model, [...(byModel.get(f.model) ?? []), f]);

  // 2. `@@map` of a model whose table changes (last block first, so insertions shift nothing).
  for (const b of blocks(lines).filter(isModelBlock).reverse()) {
    const table = models.find((m) => m.toModel === b.name)?.toTable;
    if (table === undefined) continue;
    const at = lines.slice(b.start + 1, b.end).findIndex((l) => /^\s*@@map\s*\(/.test(l));
    if (at >= 0) lines[b.start + 1 + at] = setStringAttribute(lines[b.start + 1 + at], "@@map", table);
    else lines.splice(b.end, 0, `  @@map(${JSON.stringify(table)})`);
  }

  for (const b of blocks(lines).filter(isModelBlock)) {
    const own = new Map((byModel.get(b.name) ?? []).map((f) => [f.fromField, f]));
    for (let i = b.start + 1; i < b.end; i++) {
      if (!mentionsField(lines[i])) continue;
      const tokens = tokenize(lines[i]);
      const r = roles(tokens);
      const typeAt = r.indexOf("type");
      const relatedModel = typeAt >= 0 ? tokens[typeAt].text : undefined;
      const related = new Map((byModel.get(relatedModel ?? "") ?? []).map((f) => [f.fromField, f]));
      let renamed: FieldRename | undefined;
      // 3. Field names of this model; `references: [...]` names fields of the related model.
      lines[i] = tokens
        .map((t, k) => {
          if (t.kind !== "ident") return t.text;
          if (r[k] === "fieldName" && own.has(t.text)) renamed = own.get(t.text);
          if (r[k] === "fieldName" || r[k] === "fieldRef") return own.get(t.text)?.toField ?? t.text;
          if (r[k] === "references") return related.get(t.text)?.toField ?? t.text;
          return t.text;
        })
        .join("");
      // 4. `@map` of a field whose column changes.
      if (renamed?.toColumn !== undefined) lines[i] = setStringAttribute(lines[i], "@map", renamed.toColumn);
    }
  }
  return lines.join("\n");
}
