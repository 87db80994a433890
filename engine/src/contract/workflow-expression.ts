/**
 * The expression language of workflow conditions and computed writes: a small, side-effect-free
 * subset of JavaScript expressions. The engine parses the source (engine/src/workflows/parse-expression.ts)
 * and the plan carries the tree, so the PostgreSQL executor and the Temporal interpreter only
 * evaluate it, here.
 *
 *   record.score >= 70 || record.interestedTier == 'black-card'
 *   job.status == 'published' && (job.maxApplications == null || job.applicationCount < job.maxApplications)
 *   record.tier in ['gold', 'black-card']
 *
 * Names: `record` (the run's record), a many-to-one relation of the record by name (`job.status`
 * is the record's job's status), `tenant.settings`, `approval` (the last decision: `decision`,
 * `comment`, `by`), `trigger` (the start payload), `event` (the last event a wait received),
 * `now` (ISO date-time). Operators: `== != < <= > >= && || ! + - * / % in`, literals (numbers,
 * 'strings', true, false, null, [arrays]), `.` member access. Nothing else parses: no calls,
 * no computed member access, no assignment.
 */

/** A parsed expression with its source (kept for messages and the studio). */
export interface PlanExpression {
  readonly source: string;
  readonly ast: Expr;
}

export type Expr =
  | { readonly type: "literal"; readonly value: string | number | boolean | null }
  | { readonly type: "array"; readonly items: readonly Expr[] }
  /** A dotted path from a root name: `["record", "job", "status"]`. */
  | { readonly type: "path"; readonly path: readonly string[] }
  | { readonly type: "unary"; readonly operator: "!" | "-"; readonly argument: Expr }
  | { readonly type: "binary"; readonly operator: BinaryOperator; readonly left: Expr; readonly right: Expr };

export type BinaryOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "&&" | "||" | "+" | "-" | "*" | "/" | "%" | "in";

/** Every name path the expression reads, e.g. `[["record","score"],["job","status"]]`. */
export function readPaths(expr: Expr): string[][] {
  const out: string[][] = [];
  const walk = (e: Expr) => {
    if (e.type === "path") out.push([...e.path]);
    else if (e.type === "array") e.items.forEach(walk);
    else if (e.type === "unary") walk(e.argument);
    else if (e.type === "binary") {
      walk(e.left);
      walk(e.right);
    }
  };
  walk(expr);
  return out;
}

/** The names an expression reads from: a plain object per root name (`record`, `job`, `tenant`, …). */
export type ExpressionScope = Readonly<Record<string, unknown>>;

/**
 * Evaluates an expression. Missing names and members read as null; comparisons with null are
 * false except `== null` / `!= null`; `==` compares arrays and objects by value; `in` asks whether
 * the left value is an item of the right array (or, both arrays, whether they share an item).
 */
export function evaluateExpression(expr: Expr, scope: ExpressionScope): unknown {
  switch (expr.type) {
    case "literal":
      return expr.value;
    case "array":
      return expr.items.map((item) => evaluateExpression(item, scope));
    case "path": {
      let value: unknown = scope;
      for (const name of expr.path) {
        if (value === null || typeof value !== "object" || !Object.hasOwn(value, name)) return null;
        value = (value as Record<string, unknown>)[name];
      }
      return value ?? null;
    }
    case "unary": {
      const value = evaluateExpression(expr.argument, scope);
      return expr.operator === "!" ? !truthy(value) : typeof value === "number" ? -value : null;
    }
    case "binary":
      return binary(expr.operator, expr.left, expr.right, scope);
  }
}

/** The truth of a condition: false, null, 0, "" and [] are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

function binary(operator: BinaryOperator, leftExpr: Expr, rightExpr: Expr, scope: ExpressionScope): unknown {
  if (operator === "&&")
    return truthy(evaluateExpression(leftExpr, scope)) && truthy(evaluateExpression(rightExpr, scope));
  if (operator === "||")
    return truthy(evaluateExpression(leftExpr, scope)) || truthy(evaluateExpression(rightExpr, scope));
  const left = evaluateExpression(leftExpr, scope);
  const right = evaluateExpression(rightExpr, scope);
  switch (operator) {
    case "==":
      return equal(left, right);
    case "!=":
      return !equal(left, right);
    case "in":
      if (!Array.isArray(right)) return false;
      if (Array.isArray(left)) return left.some((item) => right.some((r) => equal(item, r)));
      return right.some((r) => equal(left, r));
    case "<":
    case "<=":
    case ">":
    case ">=":
      return compare(operator, left, right);
    case "+":
      if (typeof left === "number" && typeof right === "number") return left + right;
      if (typeof left === "string" || typeof right === "string") return `${left ?? ""}${right ?? ""}`;
      return null;
    default: {
      if (typeof left !== "number" || typeof right !== "number") return null;
      if (operator === "-") return left - right;
      if (operator === "*") return left * right;
      if (right === 0) return null;
      return operator === "/" ? left / right : left % right;
    }
  }
}

function compare(operator: "<" | "<=" | ">" | ">=", left: unknown, right: unknown): boolean {
  const comparable = (v: unknown) => typeof v === "number" || typeof v === "string";
  if (!comparable(left) || !comparable(right) || typeof left !== typeof right) return false;
  const a = left as number | string;
  const b = right as number | string;
  return operator === "<" ? a < b : operator === "<=" ? a <= b : operator === ">" ? a > b : a >= b;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return a == null && b == null;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
  if (typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a as object);
    return (
      keys.length === Object.keys(b as object).length &&
      keys.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}
