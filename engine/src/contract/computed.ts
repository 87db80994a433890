/**
 * `x-computed` expressions the platform maintains, parsed once (a small recursive-descent
 * parser) for the engine's checks and the generator of their database triggers:
 * - aggregates over a one-to-many relation: `count(reviews)`, `sum|avg|min|max(reviews.rating)`,
 *   optionally over the related rows a condition keeps, and of an arithmetic value over their
 *   fields: `count(registrations where status = 'attended')`,
 *   `sum(registrations where status in ('a','b') and kind != 'x', 1 + guestCount)`
 *   (deleted related rows do not count);
 * - a measurement in one unit: `convert(height, 'cm')`, `round(convert(height, 'cm'))`;
 * - a record expression over the row's own fields: `+ - * /` with numbers and parentheses,
 *   string concatenation with `+`, `coalesce(a, b, …)`, `round(…)`:
 *   `coalesce(preferredName, firstName) + ' ' + lastName`, `value * probability / 100`;
 * - `age(date)`: whole years to today, computed when read (runtime/src/crud/model/computed-at-read.ts).
 * Text that is none of these parses to an error with the offending position.
 */

export type AggregateFn = "count" | "sum" | "avg" | "min" | "max";

/** An arithmetic / string value over one row's fields. */
export type ValueExpr =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "neg"; readonly operand: ValueExpr }
  | {
      readonly kind: "binary";
      readonly op: "+" | "-" | "*" | "/";
      readonly left: ValueExpr;
      readonly right: ValueExpr;
    }
  | { readonly kind: "coalesce"; readonly args: readonly ValueExpr[] }
  | { readonly kind: "round"; readonly operand: ValueExpr };

/** One test of a related row: `field = 'x'`, `field != 'x'`, `field in ('x', 'y')`. */
export interface Condition {
  readonly field: string;
  readonly op: "=" | "!=" | "in";
  readonly values: readonly (string | number)[];
}

export type ComputedExpr =
  | {
      readonly kind: "aggregate";
      readonly fn: AggregateFn;
      readonly relation: string;
      /** What is aggregated over each related row; null for `count`. */
      readonly value: ValueExpr | null;
      /** All must hold for a related row to count (`and`). */
      readonly where: readonly Condition[];
    }
  | { readonly kind: "convert"; readonly field: string; readonly unit: string; readonly round: boolean }
  | { readonly kind: "record"; readonly value: ValueExpr }
  /** Whole years since a date field, as of today. */
  | { readonly kind: "age"; readonly field: string };

export type ParseResult =
  { readonly ok: true; readonly expr: ComputedExpr } | { readonly ok: false; readonly message: string };

const AGGREGATES = new Set(["count", "sum", "avg", "min", "max"]);

type Token =
  | { readonly t: "id"; readonly v: string; readonly at: number }
  | { readonly t: "num"; readonly v: number; readonly at: number }
  | { readonly t: "str"; readonly v: string; readonly at: number }
  | { readonly t: "op"; readonly v: string; readonly at: number }
  | { readonly t: "end"; readonly at: number };

class ParseError extends Error {}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (ident) {
      out.push({ t: "id", v: ident[0], at: i });
      i += ident[0].length;
      continue;
    }
    const num = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: "num", v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    if (c === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ParseError(`an unterminated string starts at character ${i + 1}`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      out.push({ t: "str", v: value, at: i });
      i = j + 1;
      continue;
    }
    if (text.startsWith("!=", i)) {
      out.push({ t: "op", v: "!=", at: i });
      i += 2;
      continue;
    }
    if ("+-*/(),.=".includes(c)) {
      out.push({ t: "op", v: c, at: i });
      i++;
      continue;
    }
    throw new ParseError(`"${c}" at character ${i + 1} is not part of the expression language`);
  }
  out.push({ t: "end", at: text.length });
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === "op" && t.v === v;
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return t.t === "id" && t.v.toLowerCase() === v;
  }
  private describe(t: Token): string {
    return t.t === "end" ? "the end" : `${t.t === "str" ? `'${t.v}'` : String(t.v)} at character ${t.at + 1}`;
  }
  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== "op" || t.v !== v) throw new ParseError(`expected "${v}", found ${this.describe(t)}`);
  }
  private ident(what: string): string {
    const t = this.next();
    if (t.t !== "id") throw new ParseError(`expected ${what}, found ${this.describe(t)}`);
    return t.v;
  }
  end(): void {
    const t = this.peek();
    if (t.t !== "end") throw new ParseError(`unexpected ${this.describe(t)}`);
  }

  /** The whole expression: an aggregate / convert call, or a record expression. */
  top(): ComputedExpr {
    const first = this.peek();
    const second = this.tokens[this.i + 1];
    if (first.t === "id" && AGGREGATES.has(first.v) && second.t === "op" && second.v === "(") {
      const expr = this.aggregate();
      this.end();
      return expr;
    }
    if (first.t === "id" && first.v === "age" && second.t === "op" && second.v === "(") {
      this.i += 2;
      const field = this.ident("a date field");
      this.expectOp(")");
      this.end();
      return { kind: "age", field };
    }
    const convert = this.tryConvert();
    if (convert) return convert;
    const value = this.additive();
    this.end();
    return { kind: "record", value };
  }

  private tryConvert(): ComputedExpr | null {
    const start = this.i;
    const open = (at: number) => {
      const t = this.tokens[at];
      return t?.t === "op" && t.v === "(";
    };
    const round = this.isWord("round") && open(this.i + 1);
    if (round) this.i += 2;
    if (!(this.isWord("convert") && open(this.i + 1))) {
      this.i = start;
      return null;
    }
    this.i += 2;
    const field = this.ident("a measurement field");
    this.expectOp(",");
    const unit = this.next();
    if (unit.t !== "str") throw new ParseError(`convert needs a unit in quotes, found ${this.describe(unit)}`);
    this.expectOp(")");
    if (round) this.expectOp(")");
    this.end();
    return { kind: "convert", field, unit: unit.v, round };
  }

  private aggregate(): ComputedExpr {
    const fn = this.ident("an aggregate") as AggregateFn;
    this.expectOp("(");
    const relation = this.ident("a relation");
    let value: ValueExpr | null = null;
    const where: Condition[] = [];
    if (this.isOp(".")) {
      this.next();
      value = { kind: "field", name: this.ident("a field of the related entity") };
    } else {
      if (this.isWord("where")) {
        this.next();
        where.push(this.condition());
        while (this.isWord("and")) {
          this.next();
          where.push(this.condition());
        }
      }
      if (this.isOp(",")) {
        this.next();
        value = this.additive();
      }
    }
    this.expectOp(")");
    if (fn === "count" && value !== null) throw new ParseError("count takes no value: count(relation [where …])");
    if (fn !== "count" && value === null)
      throw new ParseError(`${fn} needs a value: ${fn}(relation.field) or ${fn}(relation where …, value)`);
    return { kind: "aggregate", fn, relation, value, where };
  }

  private condition(): Condition {
    const field = this.ident("a field of the related entity");
    const op = this.next();
    if (op.t === "op" && (op.v === "=" || op.v === "!=")) return { field, op: op.v, values: [this.literal()] };
    if (op.t === "id" && op.v.toLowerCase() === "in") {
      this.expectOp("(");
      const values = [this.literal()];
      while (this.isOp(",")) {
        this.next();
        values.push(this.literal());
      }
      this.expectOp(")");
      return { field, op: "in", values };
    }
    throw new ParseError(`expected =, != or in after "${field}", found ${this.describe(op)}`);
  }

  private literal(): string | number {
    const t = this.next();
    if (t.t === "str" || t.t === "num") return t.v;
    throw new ParseError(`expected a 'string' or a number, found ${this.describe(t)}`);
  }

  private additive(): ValueExpr {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = (this.next() as { v: "+" | "-" }).v;
      left = { kind: "binary", op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): ValueExpr {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = (this.next() as { v: "*" | "/" }).v;
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): ValueExpr {
    if (this.isOp("-")) {
      this.next();
      return { kind: "neg", operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): ValueExpr {
    const t = this.next();
    if (t.t === "num") return { kind: "number", value: t.v };
    if (t.t === "str") return { kind: "string", value: t.v };
    if (t.t === "op" && t.v === "(") {
      const inner = this.additive();
      this.expectOp(")");
      return inner;
    }
    if (t.t === "id") {
      if (!this.isOp("(")) return { kind: "field", name: t.v };
      this.next();
      const args = [this.additive()];
      while (this.isOp(",")) {
        this.next();
        args.push(this.additive());
      }
      this.expectOp(")");
      if (t.v === "coalesce") {
        if (args.length < 2) throw new ParseError("coalesce needs at least two values");
        return { kind: "coalesce", args };
      }
      if (t.v === "round" && args.length === 1) return { kind: "round", operand: args[0] };
      throw new ParseError(
        AGGREGATES.has(t.v)
          ? `${t.v}(…) must be the whole expression`
          : `"${t.v}" is not a function the platform computes (coalesce, round, convert, count, sum, avg, min, max)`,
      );
    }
    throw new ParseError(`expected a field, a number or a 'string', found ${this.describe(t)}`);
  }
}

/** Parses an `x-computed` expression, or says what is wrong with it. */
export function parseComputedText(text: string): ParseResult {
  try {
    return { ok: true, expr: new Parser(tokenize(text.trim())).top() };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The parsed expression, or null when it does not parse (the engine reports why). */
export function parseComputed(text: string): ComputedExpr | null {
  const result = parseComputedText(text);
  return result.ok ? result.expr : null;
}

/** The row fields a value reads, in first-use order. */
export function fieldsOf(value: ValueExpr | null): string[] {
  const out: string[] = [];
  const walk = (v: ValueExpr): void => {
    if (v.kind === "field") {
      if (!out.includes(v.name)) out.push(v.name);
    } else if (v.kind === "neg" || v.kind === "round") walk(v.operand);
    else if (v.kind === "binary") {
      walk(v.left);
      walk(v.right);
    } else if (v.kind === "coalesce") v.args.forEach(walk);
  };
  if (value) walk(value);
  return out;
}

/** Units `convert` knows, per dimension, as a factor to the dimension's base unit. */
export const UNIT_FACTORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  length: { mm: 0.001, cm: 0.01, m: 1, km: 1000, in: 0.0254, ft: 0.3048, yd: 0.9144, mi: 1609.344 },
  mass: { g: 0.001, kg: 1, lb: 0.45359237, oz: 0.028349523125, t: 1000 },
  volume: { ml: 0.001, l: 1, "fl-oz": 0.0295735295625, gal: 3.785411784 },
  area: { sqm: 1, sqft: 0.09290304, ha: 10000, acre: 4046.8564224 },
  duration: { s: 1, min: 60, h: 3600, d: 86400 },
};

/** The dimension a unit belongs to, or null. */
export function dimensionOf(unit: string): string | null {
  for (const [dimension, units] of Object.entries(UNIT_FACTORS)) if (unit in units) return dimension;
  return null;
}

/** What a value gives: money keeps the currency of the money field it scales. */
export type ValueType = "integer" | "number" | "string" | "money";

/**
 * The type of a value over fields of the given types, or why it has none: `+` adds numbers or
 * joins strings (never a string and a number), `- * /` take numbers (`/` gives a number),
 * money may only be multiplied or divided by a number (money `*` a number, money `/` a number:
 * the amount is scaled and rounded to the currency's minor unit, the currency kept), coalesce
 * takes values of one type, round gives an integer. `field` answers a field's type or a message.
 */
export function typeOfValue(
  value: ValueExpr,
  field: (name: string) => ValueType | { readonly error: string },
): ValueType | { readonly error: string } {
  const numeric = (t: ValueType) => t === "integer" || t === "number";
  const walk = (v: ValueExpr): ValueType => {
    switch (v.kind) {
      case "number":
        return Number.isInteger(v.value) ? "integer" : "number";
      case "string":
        return "string";
      case "field": {
        const t = field(v.name);
        if (typeof t === "object") throw new TypeFault(t.error);
        return t;
      }
      case "neg": {
        const t = walk(v.operand);
        if (!numeric(t)) throw new TypeFault(`"-" negates numbers, not ${t}`);
        return t;
      }
      case "round": {
        const t = walk(v.operand);
        if (!numeric(t)) throw new TypeFault(`round takes a number, not ${t}`);
        return "integer";
      }
      case "coalesce": {
        const types = v.args.map(walk);
        if (types.every(numeric)) return types.every((t) => t === "integer") ? "integer" : "number";
        if (types.some((t) => t !== types[0]))
          throw new TypeFault(`coalesce takes values of one type, not ${[...new Set(types)].join(" and ")}`);
        return types[0];
      }
      case "binary": {
        const [l, r] = [walk(v.left), walk(v.right)];
        if (v.op === "+" && l === "string" && r === "string") return "string";
        if (numeric(l) && numeric(r)) return v.op !== "/" && l === "integer" && r === "integer" ? "integer" : "number";
        if (
          (v.op === "*" && ((l === "money" && numeric(r)) || (numeric(l) && r === "money"))) ||
          (v.op === "/" && l === "money" && numeric(r))
        )
          return "money";
        if (l === "money" || r === "money")
          throw new TypeFault(`money can only be multiplied or divided by a number, not "${l} ${v.op} ${r}"`);
        throw new TypeFault(
          v.op === "+"
            ? `"+" joins two strings or adds two numbers, not ${l} and ${r}`
            : `"${v.op}" takes numbers, not ${l} and ${r}`,
        );
      }
    }
  };
  try {
    return walk(value);
  } catch (error) {
    if (error instanceof TypeFault) return { error: error.message };
    throw error;
  }
}

class TypeFault extends Error {}
