import { Q_LIMIT } from "../../../../engine/src/contract/search.ts";
import type { FieldError } from "../../http/problem.ts";
import type { EntityView } from "../model/types.ts";
import type { SearchPlan } from "./list-plan.ts";

const MAX_Q_LENGTH = Q_LIMIT.maxLength;
const MAX_Q_WORDS = Q_LIMIT.maxWords;

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * `q=red dress` → the search: every word must match (AND) some searchable field, each as a
 * prefix (`'red':*`), so short terms find longer words, or by trigram similarity (misspellings). Only letters and digits become lexemes: the query text is never parsed as
 * tsquery syntax. Empty, too long, or without a letter or digit: a 400 at `/query/q`.
 */
export function parseSearch(query: Record<string, unknown>, view: EntityView, errors: FieldError[]): SearchPlan | null {
  const raw = query.q;
  const highlightRaw = query.highlight;
  let highlight = false;
  if (highlightRaw !== undefined) {
    if (highlightRaw === "true" || highlightRaw === "false") highlight = highlightRaw === "true";
    else errors.push({ pointer: "/query/highlight", message: "must be true or false" });
    // `highlight=false` without `q` is the default spelled out (Swagger UI's try-it-out sends
    // every parameter's default): only asking for snippets needs a search.
    if (raw === undefined && highlight) errors.push({ pointer: "/query/highlight", message: "needs q" });
  }
  if (raw === undefined) return null;
  if (!view.searchable.length) {
    errors.push({ pointer: "/query/q", message: "this entity has no searchable fields" });
    return null;
  }
  if (typeof raw !== "string") {
    errors.push({ pointer: "/query/q", message: "must be given once" });
    return null;
  }
  const text = raw.trim();
  if (!text) {
    errors.push({ pointer: "/query/q", message: "must not be empty" });
    return null;
  }
  if (text.length > MAX_Q_LENGTH) {
    errors.push({ pointer: "/query/q", message: `must be at most ${MAX_Q_LENGTH} characters` });
    return null;
  }
  const words = [...new Set(text.toLowerCase().match(WORD) ?? [])];
  if (!words.length) {
    errors.push({ pointer: "/query/q", message: "must contain a letter or a digit" });
    return null;
  }
  if (words.length > MAX_Q_WORDS) {
    errors.push({ pointer: "/query/q", message: `must have at most ${MAX_Q_WORDS} words` });
    return null;
  }
  return { words, text: words.join(" "), highlight };
}
