import { searchConfigForLocale, searchDocument, searchVector } from "../../../../engine/src/contract/search.ts";
import { ALL, type AccessCompile } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";

export interface SearchSql {
  /** Every word matches some field the caller may read (full text or trigram). */
  readonly match: string;
  /**
   * Relevance (float4): per readable field, its best `ts_rank` over the configurations (all
   * words ORed), plus a tenth of its mean word similarity; summed over the fields.
   */
  readonly rank: string;
  /** `json` of field → `ts_headline` snippet, for the readable fields where a word matched. */
  readonly highlight: string;
}

/**
 * The search over `view.searchable` for `words` words, as SQL for the row aliased `alias`.
 * Word i is bound as `$(2+2i)` (`'word':*`) and `$(3+2i)` (the word). The expressions are those
 * the generated migration indexes (engine/src/contract/search.ts): one `to_tsvector` per
 * configuration and one trigram document per field, so each (word, field) test can be answered
 * from an index. A field the caller may never read takes no part; one readable on some rows
 * only takes part on those rows (its rule guards the match, the rank and the snippet), so
 * neither rows nor snippets reveal what the caller may not read.
 */
export function searchSql(view: EntityView, alias: string, words: number, ac?: AccessCompile): SearchSql {
  const configs = view.searchConfigs;
  const tsq = (i: number) => `$${2 + 2 * i}::text`;
  const word = (i: number) => `$${3 + 2 * i}::text`;
  const indexes = Array.from({ length: words }, (_, i) => i);
  const query = (c: string, i: number) => `to_tsquery('${c}'::regconfig, ${tsq(i)})`;
  const anyWord = (c: string) => (words > 1 ? `(${indexes.map((i) => query(c, i)).join(" || ")})` : query(c, 0));
  const headlineConfig = searchConfigForLocale(view.template.defaultLocale);
  const everything = `(${configs.flatMap((c) => indexes.map((i) => query(c, i))).join(" || ")})`;
  const perWord: string[][] = indexes.map(() => []);
  const ranks: string[] = [];
  const snippets: string[] = [];
  for (const field of view.searchable) {
    const gate = ac ? ac.access.fieldRead(view, field.name) : ALL;
    if (gate.kind === "none") continue;
    const when = gate.kind === "rows" ? gate.sql(alias, ac!.binds) : null;
    const guard = (sql: string) => (when ? `(${when} AND ${sql})` : sql);
    const doc = searchDocument(field.expr.sql(alias), field.expr.array);
    const fullText = (i: number) => configs.map((c) => `${searchVector(c, doc)} @@ ${query(c, i)}`);
    for (const i of indexes) perWord[i].push(guard(`(${[...fullText(i), `${word(i)} <% ${doc}`].join(" OR ")})`));
    const best = configs.map((c) => `ts_rank(${searchVector(c, doc)}, ${anyWord(c)})`);
    const similarity = indexes.map((i) => `word_similarity(${word(i)}, ${doc})`).join(" + ");
    const score = `(${best.length > 1 ? `GREATEST(${best.join(", ")})` : best[0]} + (${similarity}) / ${10 * words})`;
    ranks.push(when ? `CASE WHEN ${when} THEN ${score} ELSE 0 END` : score);
    const anyFullText = `(${indexes.flatMap(fullText).join(" OR ")})`;
    snippets.push(
      `'${field.name.replace(/'/g, "''")}', CASE WHEN ${guard(anyFullText)} THEN ts_headline('${headlineConfig}'::regconfig, ${doc}, ${everything}, 'MaxFragments=2, MaxWords=20, MinWords=5') END`,
    );
  }
  const match = ranks.length ? perWord.map((fields) => `(${fields.join(" OR ")})`).join(" AND ") : "FALSE";
  return {
    match: `(${match})`,
    rank: ranks.length ? `(${ranks.join(" + ")})::float4` : "0::float4",
    highlight: snippets.length ? `json_strip_nulls(json_build_object(${snippets.join(", ")}))` : `'{}'::json`,
  };
}
