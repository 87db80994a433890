/**
 * The automatic checks of a translated segment (pure): placeholders and markup kept, glossary
 * terms honoured, and a quality score that combines them with the model's own rating.
 */

/** Nunjucks output `{{ … }}`, tags `{% … %}`, comments `{# … #}`, and HTML tags. */
const TOKEN = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g;

/** The placeholders and markup of a text, whitespace inside each normalized, in order. */
export function placeholdersOf(text: string): string[] {
  return (text.match(TOKEN) ?? []).map((t) =>
    t
      .replace(/\s+/g, " ")
      .replace(/^(\{[{%#]) ?/, "$1 ")
      .replace(/ ?([}%#]\})$/, " $1"),
  );
}

export interface Issue {
  /** placeholders | glossary | empty | length | unchanged | rating */
  readonly check: string;
  readonly message: string;
}

/** Placeholders or markup of the source missing from (or added to) the target: as a multiset. */
export function placeholderIssues(source: string, target: string): Issue[] {
  const count = (list: string[]) => {
    const m = new Map<string, number>();
    for (const t of list) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const want = count(placeholdersOf(source));
  const got = count(placeholdersOf(target));
  const issues: Issue[] = [];
  for (const [token, n] of want)
    if ((got.get(token) ?? 0) < n) issues.push({ check: "placeholders", message: `missing ${token}` });
  for (const [token, n] of got)
    if ((want.get(token) ?? 0) < n) issues.push({ check: "placeholders", message: `not in the source: ${token}` });
  return issues;
}

/** A glossary term: `keep` (never translated) or `translate` (always rendered as `translation`). */
export interface GlossaryTerm {
  readonly term: string;
  readonly rule: "keep" | "translate";
  readonly translation?: string | null;
  /** The target locale it applies to, or "*" (all). */
  readonly locale?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const contains = (text: string, term: string) =>
  new RegExp(`(^|[^\\p{L}\\p{N}])${escape(term)}($|[^\\p{L}\\p{N}])`, "iu").test(text);

/** The terms of `glossary` (for `locale`) that occur in `source`. */
export function termsIn(source: string, glossary: readonly GlossaryTerm[], locale: string): GlossaryTerm[] {
  return glossary
    .filter((g) => (g.locale ?? "*") === "*" || g.locale === locale)
    .filter((g) => contains(source, g.term));
}

/** Glossary terms of the source the target does not honour. */
export function glossaryIssues(
  source: string,
  target: string,
  glossary: readonly GlossaryTerm[],
  locale: string,
): Issue[] {
  const issues: Issue[] = [];
  for (const g of termsIn(source, glossary, locale)) {
    const expected = g.rule === "keep" ? g.term : (g.translation ?? "");
    if (expected && !target.toLowerCase().includes(expected.toLowerCase()))
      issues.push({
        check: "glossary",
        message: g.rule === "keep" ? `"${g.term}" must stay untranslated` : `"${g.term}" must be "${expected}"`,
      });
  }
  return issues;
}

export interface SegmentVerdict {
  /** Rejected: never stored nor shown (placeholders or markup lost, empty answer). */
  readonly rejected: boolean;
  /** 0–1: the model's rating less the automatic checks' penalties. */
  readonly score: number;
  readonly issues: readonly Issue[];
}

/**
 * Checks one segment. Placeholder or markup changes and empty answers reject it; a glossary
 * breach costs 0.4, a length far from the source's (under a third or over three times) 0.2, an
 * answer identical to a source of letters 0.2 (unless a kept term is the whole text).
 */
export function checkSegment(
  source: string,
  target: string,
  rating: number,
  glossary: readonly GlossaryTerm[],
  locale: string,
): SegmentVerdict {
  const issues: Issue[] = [];
  if (!target.trim()) issues.push({ check: "empty", message: "the translation is empty" });
  issues.push(...placeholderIssues(source, target));
  if (issues.length) return { rejected: true, score: 0, issues };
  let score = Math.max(0, Math.min(1, rating));
  if (rating < 1) issues.push({ check: "rating", message: `the model rated it ${rating}` });
  const glossaryFound = glossaryIssues(source, target, glossary, locale);
  issues.push(...glossaryFound);
  score -= 0.4 * glossaryFound.length;
  const plain = (s: string) => s.replace(TOKEN, "").trim();
  const ratio = (plain(target).length + 1) / (plain(source).length + 1);
  if (plain(source).length >= 8 && (ratio < 1 / 3 || ratio > 3)) {
    issues.push({ check: "length", message: `the translation is ${ratio.toFixed(2)}× the source's length` });
    score -= 0.2;
  }
  const keptWhole = termsIn(source, glossary, locale).some((g) => g.rule === "keep" && g.term.trim() === source.trim());
  if (target.trim() === source.trim() && /\p{L}{3,}/u.test(plain(source)) && !keptWhole) {
    issues.push({ check: "unchanged", message: "the translation equals the source" });
    score -= 0.2;
  }
  return { rejected: false, score: Math.max(0, Math.round(score * 100) / 100), issues };
}
