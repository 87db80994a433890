/**
 * Email sources as every layer reads them: MJML for layout with Nunjucks inside. Before MJML
 * compiles a source (once per template version, in the runtime; for validation, in the engine),
 * `prepareEmailMjml` resolves layout inheritance (`{% extends "base" %}` + `{% block %}`),
 * expands the platform's components (`<mono-button>`, `<mono-alert>`, `<mono-record-card>`
 * with `<mono-field>`) into plain MJML, and wraps Nunjucks tags that stand between MJML
 * components in `<mj-raw>`, so MJML keeps them and the compiled HTML still carries every
 * placeholder. Pure string work: this module imports nothing.
 */

/** Variables every email may use without declaring them: the runtime always passes them. */
export const EMAIL_GLOBALS = ["brand", "locale", "currency", "recipient", "loop"] as const;

/** Tenant branding as the layout reads it (`brand.*`); the runtime fills defaults. */
export interface EmailBranding {
  readonly logoUrl: string | null;
  readonly primaryColor: string;
  readonly textColor: string;
  readonly backgroundColor: string;
  readonly footer: string;
  readonly senderName: string;
  /** The content panel's background. */
  readonly surfaceColor: string;
  /** The footer's text. */
  readonly mutedColor: string;
  /** The text on buttons (on `primaryColor`). */
  readonly onPrimaryColor: string;
  /** A CSS font-family list (names in single quotes: it sits inside an attribute, unescaped, so only validated lists). */
  readonly fontFamily: string;
}

export const DEFAULT_BRANDING: EmailBranding = {
  logoUrl: null,
  primaryColor: "#111827",
  textColor: "#1f2937",
  backgroundColor: "#f4f4f5",
  footer: "",
  senderName: "",
  surfaceColor: "#ffffff",
  mutedColor: "#71717a",
  onPrimaryColor: "#ffffff",
  fontFamily: "Helvetica, Arial, sans-serif",
};

/** The platform's layouts, by the name `{% extends %}` uses. */
export const EMAIL_LAYOUTS: Readonly<Record<string, string>> = {
  base: [
    "<mjml><mj-head>{% block head %}{% endblock %}",
    '<mj-attributes><mj-all font-family="{{ brand.fontFamily | safe }}" /><mj-text color="{{ brand.textColor }}" font-size="15px" line-height="1.5" /></mj-attributes>',
    "<mj-preview>{% block preview %}{% endblock %}</mj-preview></mj-head>",
    '<mj-body background-color="{{ brand.backgroundColor }}">',
    '<mj-section padding="20px 24px 8px"><mj-column>',
    '{% if brand.logoUrl %}<mj-image src="{{ brand.logoUrl }}" alt="{{ brand.senderName }}" width="140px" align="left" padding="0" />',
    '{% else %}<mj-text font-size="18px" font-weight="bold" color="{{ brand.primaryColor }}" padding="0">{{ brand.senderName }}</mj-text>{% endif %}',
    "</mj-column></mj-section>",
    '<mj-section background-color="{{ brand.surfaceColor }}" padding="24px"><mj-column>{% block content %}{% endblock %}</mj-column></mj-section>',
    '<mj-section padding="12px 24px"><mj-column><mj-text font-size="12px" color="{{ brand.mutedColor }}" align="center">{% block footer %}{{ brand.footer }}{% endblock %}</mj-text></mj-column></mj-section>',
    "</mj-body></mjml>",
  ].join(""),
};

/** A problem with a source, at a character offset into it. */
export interface EmailSourceProblem {
  readonly message: string;
  readonly offset: number;
}

export type PreparedEmail =
  { readonly ok: true; readonly mjml: string } | { readonly ok: false; readonly problem: EmailSourceProblem };

/** MJML elements whose content is HTML (kept as written), not further MJML components. */
const ENDING_TAGS = new Set([
  "mj-text",
  "mj-button",
  "mj-raw",
  "mj-table",
  "mj-style",
  "mj-title",
  "mj-preview",
  "mj-navbar-link",
  "mj-accordion-title",
  "mj-accordion-text",
  "mj-social-element",
]);

/** Inheritance, components, then tag protection. */
export function prepareEmailMjml(
  source: string,
  layouts: Readonly<Record<string, string>> = EMAIL_LAYOUTS,
): PreparedEmail {
  const inherited = resolveInheritance(source, layouts, 0);
  if (!inherited.ok) return inherited;
  return { ok: true, mjml: protectTags(expandComponents(inherited.mjml)) };
}

const EXTENDS = /^\s*{%-?\s*extends\s+["']([^"']+)["']\s*-?%}/;
const BLOCK_TAG = /{%-?\s*(block\s+([A-Za-z_]\w*)|endblock(?:\s+[A-Za-z_]\w*)?)\s*-?%}/g;

interface Block {
  readonly name: string;
  /** Offsets of the opening tag's start, the body's start and end, and the closing tag's end. */
  readonly start: number;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly end: number;
}

/** Top-level blocks of a source (nested blocks stay inside their parent's body). */
function topBlocks(source: string): Block[] | EmailSourceProblem {
  const blocks: Block[] = [];
  const open: { name: string; start: number; bodyStart: number }[] = [];
  for (const m of source.matchAll(BLOCK_TAG)) {
    if (m[2]) open.push({ name: m[2], start: m.index, bodyStart: m.index + m[0].length });
    else {
      const top = open.pop();
      if (!top) return { message: "endblock without a block", offset: m.index };
      if (!open.length) blocks.push({ ...top, bodyEnd: m.index, end: m.index + m[0].length });
    }
  }
  if (open.length) return { message: `block "${open[0].name}" is never closed`, offset: open[0].start };
  return blocks;
}

function resolveInheritance(source: string, layouts: Readonly<Record<string, string>>, depth: number): PreparedEmail {
  const ext = EXTENDS.exec(source);
  if (!ext) return { ok: true, mjml: source };
  const parentSource = Object.hasOwn(layouts, ext[1]) ? layouts[ext[1]] : undefined;
  if (parentSource === undefined)
    return {
      ok: false,
      problem: { message: `unknown layout "${ext[1]}" (known: ${Object.keys(layouts).join(", ")})`, offset: ext.index },
    };
  if (depth > 8) return { ok: false, problem: { message: "layouts extend each other in a loop", offset: ext.index } };
  const childBlocks = topBlocks(source);
  if (!Array.isArray(childBlocks)) return { ok: false, problem: childBlocks };
  const parent = resolveInheritance(parentSource, layouts, depth + 1);
  if (!parent.ok) return parent;
  const given = new Map(childBlocks.map((b) => [b.name, source.slice(b.bodyStart, b.bodyEnd)]));
  const parentBlocks = topBlocks(parent.mjml);
  if (!Array.isArray(parentBlocks)) return { ok: false, problem: parentBlocks };
  for (const name of given.keys())
    if (!parentBlocks.some((b) => b.name === name)) {
      const at = childBlocks.find((b) => b.name === name)!.start;
      return {
        ok: false,
        problem: {
          message: `layout "${ext[1]}" has no block "${name}" (it has: ${parentBlocks.map((b) => b.name).join(", ")})`,
          offset: at,
        },
      };
    }
  let out = "";
  let last = 0;
  for (const b of parentBlocks) {
    out += parent.mjml.slice(last, b.start) + (given.get(b.name) ?? parent.mjml.slice(b.bodyStart, b.bodyEnd));
    last = b.end;
  }
  return { ok: true, mjml: out + parent.mjml.slice(last) };
}

const ALERT_COLORS: Readonly<Record<string, [string, string]>> = {
  info: ["#eff6ff", "#1e3a8a"],
  success: ["#f0fdf4", "#14532d"],
  warning: ["#fffbeb", "#78350f"],
  danger: ["#fef2f2", "#7f1d1d"],
};

/** The reusable components, written as MJML the platform expands before compiling. */
function expandComponents(source: string): string {
  return source
    .replace(/<mono-button\b([^>]*)>([\s\S]*?)<\/mono-button>/g, (_m, attrs: string, label: string) => {
      const href = attr(attrs, "href") ?? "#";
      return `<mj-button href="${href}" background-color="{{ brand.primaryColor }}" color="{{ brand.onPrimaryColor }}" border-radius="6px" align="left">${label}</mj-button>`;
    })
    .replace(/<mono-alert\b([^>]*)>([\s\S]*?)<\/mono-alert>/g, (_m, attrs: string, body: string) => {
      const [bg, fg] = ALERT_COLORS[attr(attrs, "kind") ?? "info"] ?? ALERT_COLORS.info;
      return `<mj-text container-background-color="${bg}" color="${fg}" padding="12px 16px">${body}</mj-text>`;
    })
    .replace(/<mono-record-card\b([^>]*)>([\s\S]*?)<\/mono-record-card>/g, (_m, attrs: string, body: string) => {
      const title = attr(attrs, "title");
      const rows = body.replace(
        /<mono-field\b([^>]*)>([\s\S]*?)<\/mono-field>/g,
        (_f, fa: string, value: string) =>
          `<tr><td style="padding:4px 12px 4px 0;color:#71717a;white-space:nowrap;vertical-align:top">${attr(fa, "label") ?? ""}</td> <td style="padding:4px 0">${value}</td></tr>`,
      );
      const head = title
        ? `<tr><td colspan="2" style="padding:0 0 8px;font-size:16px;font-weight:bold;color:{{ brand.primaryColor }}">${title}</td></tr>`
        : "";
      return `<mj-table padding="12px 16px" container-background-color="#fafafa" border="1px solid #e4e4e7">${head}${rows}</mj-table>`;
    });
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attrs);
  return m?.[1];
}

const TOKEN = /<!--[\s\S]*?-->|<\/?([A-Za-z][\w-]*)(?:\s[^>]*?)?(\/?)>|{%[\s\S]*?%}|{#[\s\S]*?#}/g;

/** Wraps `{% %}` / `{# #}` that stand between MJML components in `<mj-raw>` (MJML drops bare text there). */
function protectTags(source: string): string {
  const stack: string[] = [];
  return source.replace(TOKEN, (token: string, name: string | undefined, selfClosing: string) => {
    if (token.startsWith("<!--")) return token;
    if (name !== undefined) {
      const tag = name.toLowerCase();
      const inside = stack.at(-1);
      // Content of an ending tag is HTML: its elements do not nest as components.
      if (inside && ENDING_TAGS.has(inside) && tag !== inside) return token;
      if (token.startsWith("</")) {
        const at = stack.lastIndexOf(tag);
        if (at >= 0) stack.length = at;
      } else if (!selfClosing) stack.push(tag);
      return token;
    }
    const inside = stack.at(-1);
    if (inside && inside.startsWith("mj-") && !ENDING_TAGS.has(inside) && inside !== "mj-attributes")
      return `<mj-raw>${token}</mj-raw>`;
    return token;
  });
}

/** A Nunjucks syntax-tree node as its parser builds it (the contract does not import nunjucks). */
export interface TemplateNode {
  readonly typename: string;
  readonly fields?: readonly string[];
  readonly [key: string]: unknown;
}

/**
 * The variables a Nunjucks template reads (top-level names: `user` for `user.name`), minus the
 * names it binds itself (`for`, `set`, macro arguments). Filter names are not variables.
 */
export function templateVariables(root: TemplateNode): Set<string> {
  const used = new Set<string>();
  const bound = new Set<string>();
  const bind = (n: unknown) => {
    if (isNode(n) && n.typename === "Symbol") bound.add(String(n.value));
    else if (isNode(n)) for (const c of childrenOf(n)) bind(c);
    else if (Array.isArray(n)) n.forEach(bind);
  };
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!isNode(n)) return;
    switch (n.typename) {
      case "Symbol":
        used.add(String(n.value));
        return;
      case "Filter":
      case "FilterAsync":
        return visit(n.args);
      case "For":
      case "AsyncEach":
      case "AsyncAll":
        bind(n.name);
        visit(n.arr);
        visit(n.body);
        visit(n.else_);
        return;
      case "Set":
        bind(n.targets);
        visit(n.value);
        visit(n.body);
        return;
      case "Macro":
        bind(n.name);
        bind(n.args);
        visit(n.body);
        return;
      case "Pair":
        return visit(n.value);
      case "Block":
        return visit(n.body);
      default:
        for (const c of childrenOf(n)) visit(c);
    }
  };
  visit(root);
  for (const name of bound) used.delete(name);
  return used;
}

const isNode = (n: unknown): n is TemplateNode =>
  typeof n === "object" && n !== null && typeof (n as { typename?: unknown }).typename === "string";

function childrenOf(n: TemplateNode): unknown[] {
  const out: unknown[] = [];
  for (const f of n.fields ?? []) out.push(n[f]);
  if (Array.isArray(n.children) && !(n.fields ?? []).includes("children")) out.push(n.children);
  return out;
}
