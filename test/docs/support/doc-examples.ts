/**
 * Runnable examples in a Markdown document, and the checks of their responses.
 *
 * A document holds one ```` ```sh setup ```` block (the shell variables a reader sets by hand:
 * the test supplies their values) and examples. An example is a ```` ```sh ```` block with a
 * `curl` command, followed by a ```` ```http ```` block: the expected status line, optionally
 * some headers, a blank line and the body. Bodies are abridged the way a reader expects: `…`
 * stands for any characters (a string of only `…` for any value), an object lists some of the
 * keys of the answer, and an array ending in `"…"` may hold more items (otherwise the lengths
 * match). `<!-- check: <jq expression> -->` after an example adds a check the body must pass
 * (`jq -e`). The examples run in order in one shell, so later ones use variables earlier ones set.
 */

/** One ```sh example and what its response must look like. */
export interface DocExample {
  /** 1-based line of the ```sh fence. */
  readonly line: number;
  /** The nearest heading above the example. */
  readonly heading: string;
  readonly code: string;
  readonly expected: ExpectedResponse;
  /** jq expressions the response body must satisfy. */
  readonly checks: readonly string[];
}

export interface ExpectedResponse {
  readonly status: number;
  /** Header names (lower case) and value patterns. */
  readonly headers: readonly (readonly [string, string])[];
  /** Parsed JSON, a text pattern, or undefined when the body is not checked. */
  readonly body: { readonly json: unknown } | { readonly text: string } | undefined;
}

export interface ParsedDoc {
  /** The setup block's assignments, in order: name and the value as written. */
  readonly setup: readonly (readonly [string, string])[];
  readonly examples: readonly DocExample[];
}

interface Fence {
  readonly line: number;
  readonly info: string;
  readonly body: string;
  /** Everything between this fence's end and the next fence's start. */
  readonly after: string;
  readonly heading: string;
}

const WILDCARD = "…";

function fences(markdown: string): Fence[] {
  const lines = markdown.split("\n");
  const out: { line: number; info: string; body: string[]; heading: string; afterStart: number }[] = [];
  let heading = "";
  let open: { line: number; info: string; body: string[]; heading: string } | null = null;
  const afterText: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (open) {
      if (/^```\s*$/.test(text)) {
        out.push({ ...open, afterStart: i + 1 });
        afterText.push([]);
        open = null;
      } else open.body.push(text);
      continue;
    }
    const fence = /^```(.*)$/.exec(text);
    if (fence) {
      open = { line: i + 1, info: fence[1].trim(), body: [], heading };
      continue;
    }
    const title = /^#{1,6}\s+(.*)$/.exec(text);
    if (title) heading = title[1].trim();
    afterText.at(-1)?.push(text);
  }
  if (open) throw new Error(`line ${open.line}: a code block is never closed`);
  return out.map((f, i) => ({
    line: f.line,
    info: f.info,
    body: f.body.join("\n"),
    heading: f.heading,
    after: afterText[i].join("\n"),
  }));
}

/** `HTTP/1.1 200 OK`, headers, a blank line, the body. */
export function parseExpectedResponse(text: string, line: number): ExpectedResponse {
  const lines = text.split("\n");
  const status = /^HTTP\/[\d.]+ (\d{3})(?: .*)?$/.exec(lines[0] ?? "");
  if (!status) throw new Error(`line ${line}: an http block starts with a status line such as "HTTP/1.1 200 OK"`);
  const headers: [string, string][] = [];
  let i = 1;
  for (; i < lines.length && lines[i].trim() !== ""; i++) {
    const header = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(lines[i]);
    if (!header) throw new Error(`line ${line + i}: "${lines[i]}" is not a header line (a blank line starts the body)`);
    headers.push([header[1].toLowerCase(), header[2].trim()]);
  }
  const rest = lines
    .slice(i + 1)
    .join("\n")
    .trim();
  let body: ExpectedResponse["body"];
  if (rest === "") body = undefined;
  else if (rest.startsWith("{") || rest.startsWith("[")) {
    try {
      body = { json: JSON.parse(rest) };
    } catch (error) {
      throw new Error(`line ${line}: the expected body is not JSON: ${(error as Error).message}`, { cause: error });
    }
  } else body = { text: rest };
  return { status: Number(status[1]), headers, body };
}

const SETUP_LINE = /^([A-Z_][A-Z0-9_]*)=(.*)$/;

/** The setup block and every example of a document; throws on a block it cannot check. */
export function parseDocExamples(markdown: string): ParsedDoc {
  const all = fences(markdown);
  let setup: [string, string][] | null = null;
  const examples: DocExample[] = [];
  for (let i = 0; i < all.length; i++) {
    const fence = all[i];
    const [language, role] = fence.info.split(/\s+/);
    if (language === "http") throw new Error(`line ${fence.line}: an http block without an sh example before it`);
    if (language !== "sh") continue;
    if (role === "setup") {
      if (setup) throw new Error(`line ${fence.line}: a second sh setup block`);
      setup = [];
      for (const text of fence.body.split("\n")) {
        const code = text.replace(/\s+#.*$/, "").trim();
        if (code === "" || code.startsWith("#")) continue;
        const assignment = SETUP_LINE.exec(code);
        if (!assignment) throw new Error(`line ${fence.line}: a setup block only assigns variables, not "${code}"`);
        setup.push([assignment[1], assignment[2]]);
      }
      continue;
    }
    if (role !== undefined) throw new Error(`line ${fence.line}: unknown block kind "sh ${role}"`);
    if (!/\bcurl\b/.test(fence.body)) throw new Error(`line ${fence.line}: an sh example without a curl command`);
    const next = all[i + 1];
    if (!next || next.info !== "http")
      throw new Error(`line ${fence.line}: the example is not followed by an http block with its response`);
    const checks = [...next.after.matchAll(/<!--\s*check:\s*([\s\S]*?)\s*-->/g)].map((m) => m[1]);
    examples.push({
      line: fence.line,
      heading: fence.heading,
      code: fence.body,
      expected: parseExpectedResponse(next.body, next.line + 1),
      checks,
    });
    i++;
  }
  if (!setup) throw new Error("the document has no sh setup block");
  return { setup, examples };
}

/** `eyJ…` → /^eyJ.*$/s: `…` matches any characters. */
export function matchesPattern(pattern: string, value: string): boolean {
  const regex = pattern
    .split(WILDCARD)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${regex}$`, "s").test(value);
}

/** Where `actual` differs from the abridged `expected`: one message per difference, empty when it matches. */
export function jsonMismatches(expected: unknown, actual: unknown, path = ""): string[] {
  const at = path || "/";
  if (expected === WILDCARD) return actual === undefined ? [`${at}: missing`] : [];
  if (typeof expected === "string")
    return typeof actual === "string" && matchesPattern(expected, actual)
      ? []
      : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array, got ${JSON.stringify(actual)}`];
    const open = expected.at(-1) === WILDCARD;
    const items = open ? expected.slice(0, -1) : expected;
    if (open ? actual.length < items.length : actual.length !== items.length)
      return [`${at}: expected ${open ? "at least " : ""}${items.length} items, got ${actual.length}`];
    return items.flatMap((item, i) => jsonMismatches(item, actual[i], `${path}/${i}`));
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual))
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      key in actual
        ? jsonMismatches(value, (actual as Record<string, unknown>)[key], `${path}/${key}`)
        : [`${path}/${key}: missing`],
    );
  }
  return Object.is(expected, actual)
    ? []
    : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** An HTTP response as curl's `-D` header dump and the body. */
export interface RecordedResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** The last response of a `-D` dump (curl writes one header block per response it reads). */
export function parseHeaderDump(dump: string, body: string): RecordedResponse {
  const blocks = dump.split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b));
  const last = blocks.at(-1);
  if (!last) throw new Error("no HTTP response was recorded");
  const [statusLine, ...lines] = last.split(/\r?\n/);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

/** Every way a recorded response differs from the example's expectation (jq checks aside). */
export function responseMismatches(expected: ExpectedResponse, actual: RecordedResponse): string[] {
  const problems: string[] = [];
  if (actual.status !== expected.status) problems.push(`status: expected ${expected.status}, got ${actual.status}`);
  for (const [name, pattern] of expected.headers) {
    const value = actual.headers.get(name);
    if (value === undefined || !matchesPattern(pattern, value))
      problems.push(`header ${name}: expected "${pattern}", got ${value === undefined ? "none" : `"${value}"`}`);
  }
  if (expected.body && "json" in expected.body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual.body);
    } catch {
      return [...problems, `body: expected JSON, got ${JSON.stringify(actual.body.slice(0, 300))}`];
    }
    problems.push(...jsonMismatches(expected.body.json, parsed).map((m) => `body ${m}`));
  } else if (expected.body && !matchesPattern(expected.body.text, actual.body.trim())) {
    problems.push(
      `body: expected ${JSON.stringify(expected.body.text)}, got ${JSON.stringify(actual.body.slice(0, 300))}`,
    );
  }
  return problems;
}

export interface ScriptOptions {
  /** Values for the setup block's variables; each must be assigned there. */
  readonly provided: Readonly<Record<string, string>>;
  /** Folder where each example's response (`<n>.headers`, `<n>.body`) and exit code (`<n>.rc`) land. */
  readonly outDir: string;
  /** The real curl binary. */
  readonly curl: string;
  /**
   * Shell code run before an example whose code contains the key (e.g. waiting for an email
   * the previous example caused to be written).
   */
  readonly before?: Readonly<Record<string, string>>;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * One bash script: the setup block (provided values replacing the placeholders), then every
 * example in order. `curl` is wrapped so the response of each example's last curl call is kept
 * (`-D` for the status and headers, `tee` for the body) whatever the example pipes it into.
 */
export function buildScript(doc: ParsedDoc, options: ScriptOptions): string {
  const names = new Set(doc.setup.map(([name]) => name));
  for (const name of Object.keys(options.provided))
    if (!names.has(name)) throw new Error(`the setup block does not set ${name}`);
  const lines = [
    "set -o pipefail",
    `__DOC_OUT=${shellQuote(options.outDir)}`,
    `curl() { ${shellQuote(options.curl)} -D "$__DOC_OUT/$__N.headers" "$@" | tee "$__DOC_OUT/$__N.body"; }`,
    ...doc.setup.map(
      ([name, value]) => `${name}=${name in options.provided ? shellQuote(options.provided[name]) : value}`,
    ),
  ];
  doc.examples.forEach((example, n) => {
    lines.push(`__N=${n}`);
    for (const [key, code] of Object.entries(options.before ?? {})) if (example.code.includes(key)) lines.push(code);
    lines.push("{", example.code, "}", `echo $? > "$__DOC_OUT/${n}.rc"`);
  });
  // The variables the examples set, for checks that compare with them (`env.COLLECTION`).
  lines.push(
    `for __v in $(compgen -v | grep -E '^[A-Z][A-Z0-9_]*$'); do printf '\\n__VAR %s=%s\\n' "$__v" "\${!__v}"; done`,
  );
  return lines.join("\n") + "\n";
}
