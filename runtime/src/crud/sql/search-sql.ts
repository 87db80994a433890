import { searchConfigForLocale, searchDocument, searchVector } from "../../../../engine/src/contract/search.ts";
import { ALL, type AccessCompile } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";

/** `q`'s parameters: $2 the tsquery text, $3 the words (trigram fallback). */
const TSQUERY = "$2::text";
const WORDS = "$3::text";

export interface SearchSql {
  /** The row matches: some field the caller may read matches (full text or trigram). */
  readonly match: string;
  /** Relevance (float4): per readable field, its best `ts_rank`, plus a tenth of its word similarity. */
  readonly rank: string;
  /** `json` of field → `ts_headline` snippet, for the readable fields whose text matched. */
  readonly highlight: string;
}

/**
 * The search over `view.searchable`, as SQL for the row aliased `alias`. The expressions are
 * those the generated migration indexes (engine/src/contract/search.ts): one `to_tsvector` per
 * configuration and one trigram document per field. A field the caller may never read takes no
 * part; one readable on some rows only takes part on those rows (its rule guards the match, the
 * rank and the snippet), so neither rows nor snippets reveal what the caller may not read.
 */
export function searchSql(view: EntityView, alias: string, ac?: AccessCompile): SearchSql {
  const configs = view.searchConfigs;
  const query = (c: string) => `to_tsquery('${c}'::regconfig, ${TSQUERY})`;
  const headlineConfig = searchConfigForLocale(view.template.defaultLocale);
  const anyQuery = `(${configs.map(query).join(" || ")})`;
  const matches: string[] = [];
  const ranks: string[] = [];
  const snippets: string[] = [];
  for (const field of view.searchable) {
    const gate = ac ? ac.access.fieldRead(view, field.name) : ALL;
    if (gate.kind === "none") continue;
    const when = gate.kind === "rows" ? gate.sql(alias, ac!.binds) : null;
    const doc = searchDocument(field.expr.sql(alias), field.expr.array);
    const fullText = `(${configs.map((c) => `${searchVector(c, doc)} @@ ${query(c)}`).join(" OR ")})`;
    const trigram = `${WORDS} <% ${doc}`;
    const guard = (sql: string) => (when ? `(${when} AND ${sql})` : sql);
    matches.push(guard(`(${fullText} OR ${trigram})`));
    const best =
      configs.length > 1
        ? `GREATEST(${configs.map((c) => `ts_rank(${searchVector(c, doc)}, ${query(c)})`).join(", ")})`
        : `ts_rank(${searchVector(configs[0], doc)}, ${query(configs[0])})`;
    const score = `(${best} + word_similarity(${WORDS}, ${doc}) / 10)`;
    ranks.push(when ? `CASE WHEN ${when} THEN ${score} ELSE 0 END` : score);
    snippets.push(
      `'${field.name.replace(/'/g, "''")}', CASE WHEN ${guard(fullText)} THEN ts_headline('${headlineConfig}'::regconfig, ${doc}, ${anyQuery}, 'MaxFragments=2, MaxWords=20, MinWords=5') END`,
    );
  }
  return {
    match: matches.length ? `(${matches.join(" OR ")})` : "FALSE",
    rank: ranks.length ? `(${ranks.join(" + ")})::float4` : "0::float4",
    highlight: snippets.length ? `json_strip_nulls(json_build_object(${snippets.join(", ")}))` : `'{}'::json`,
  };
}
