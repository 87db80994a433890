import { createHash } from "node:crypto";
import type { Bind } from "./binds.ts";
import type { Compiled, RowDecoder } from "./select-list.ts";

/** SQL text and the prepared-statement name derived from it (same text, same name, always). */
export interface Statement {
  readonly text: string;
  readonly name: string;
  /** Authorization and audit parameters after the statement's own (see binds.ts). */
  readonly binds?: readonly Bind[];
  /** How its rows become records (select-list.ts); absent: rows are used as they come. */
  readonly decode?: RowDecoder;
  /** List statements: the positions of the sort keys' text and of the total count. */
  readonly keys?: readonly number[];
  readonly total?: number;
}

export const statementName = (text: string): string =>
  `mono_${createHash("sha1").update(text).digest("base64url").slice(0, 22)}`;

/**
 * Compiled statements by query shape (entity view + which filters, sorts, fields… but not the
 * values; with access also the caller's decision shape). Bounded: the oldest shape goes first;
 * a hostile client inventing shapes costs compile time, never memory.
 */
export class StatementCache {
  private readonly map = new Map<string, Statement>();
  constructor(private readonly max = 2000) {}

  get(shape: string, compile: () => string | Compiled | Statement): Statement {
    let statement = this.map.get(shape);
    if (!statement) {
      const compiled = compile();
      statement =
        typeof compiled === "string"
          ? { text: compiled, name: statementName(compiled) }
          : "name" in compiled
            ? (compiled as Statement)
            : { ...compiled, name: statementName(compiled.text) };
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
      this.map.set(shape, statement);
    }
    return statement;
  }
}
