import { createHash } from "node:crypto";

/** SQL text and the prepared-statement name derived from it (same text, same name, always). */
export interface Statement {
  readonly text: string;
  readonly name: string;
}

export const statementName = (text: string): string => `mono_${createHash("sha1").update(text).digest("base64url").slice(0, 22)}`;

/**
 * Compiled statements by query shape (entity view + which filters, sorts, fields… but not the
 * values). Bounded: the oldest shape goes first; a hostile client inventing shapes costs
 * compile time, never memory.
 */
export class StatementCache {
  private readonly map = new Map<string, Statement>();
  constructor(private readonly max = 2000) {}

  get(shape: string, compile: () => string): Statement {
    let statement = this.map.get(shape);
    if (!statement) {
      const text = compile();
      statement = { text, name: statementName(text) };
      if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
      this.map.set(shape, statement);
    }
    return statement;
  }
}
