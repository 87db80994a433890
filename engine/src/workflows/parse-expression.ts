/**
 * Parses workflow expressions (engine/src/contract/workflow-expression.ts has the language and
 * its evaluator) with jsep, a well-kept expression parser, into the plan's tree. Anything outside
 * the language is an ExpressionSyntaxError with the offset jsep reports.
 */
import jsep from "jsep";
import type { BinaryOperator, Expr } from "../contract/workflow-expression.ts";

jsep.addBinaryOp("in", 7);
// jsep parses these by default; the language has none of them.
for (const op of ["|", "^", "&", "<<", ">>", ">>>", "===", "!=="]) jsep.removeBinaryOp(op);
jsep.removeUnaryOp("~");

const BINARY = new Set<string>(["==", "!=", "<", "<=", ">", ">=", "&&", "||", "+", "-", "*", "/", "%", "in"]);

/** A parse error, with the character offset jsep reports (for a pointer plus position). */
export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = "ExpressionSyntaxError";
  }
}

/** Parses an expression; throws ExpressionSyntaxError on anything outside the language. */
export function parseExpression(source: string): Expr {
  let node: jsep.Expression;
  try {
    node = jsep(source);
  } catch (error) {
    const e = error as Error & { index?: number };
    throw new ExpressionSyntaxError(e.message.replace(/ at character \d+$/, ""), e.index ?? 0);
  }
  return convert(node, source);
}

function convert(node: jsep.Expression, source: string): Expr {
  switch (node.type) {
    case "Literal": {
      const value = (node as jsep.Literal).value;
      if (value instanceof RegExp)
        throw new ExpressionSyntaxError("Regular expressions are not part of the language", 0);
      return { type: "literal", value: value as string | number | boolean | null };
    }
    case "Identifier": {
      const name = (node as jsep.Identifier).name;
      if (name === "null") return { type: "literal", value: null };
      if (name === "true" || name === "false") return { type: "literal", value: name === "true" };
      return { type: "path", path: [name] };
    }
    case "MemberExpression": {
      const member = node as jsep.MemberExpression;
      if (member.computed || member.property.type !== "Identifier")
        throw new ExpressionSyntaxError("Only dotted names are allowed (no [index] access)", 0);
      const object = convert(member.object, source);
      if (object.type !== "path") throw new ExpressionSyntaxError("A member must follow a name", 0);
      return { type: "path", path: [...object.path, (member.property as jsep.Identifier).name] };
    }
    case "ArrayExpression":
      return {
        type: "array",
        items: (node as jsep.ArrayExpression).elements.map((item) => {
          if (!item) throw new ExpressionSyntaxError("Empty array slot", 0);
          return convert(item, source);
        }),
      };
    case "UnaryExpression": {
      const unary = node as jsep.UnaryExpression;
      if (unary.operator !== "!" && unary.operator !== "-")
        throw new ExpressionSyntaxError(`Operator "${unary.operator}" is not part of the language`, 0);
      return { type: "unary", operator: unary.operator, argument: convert(unary.argument, source) };
    }
    case "BinaryExpression": {
      const binary = node as jsep.BinaryExpression;
      if (!BINARY.has(binary.operator))
        throw new ExpressionSyntaxError(`Operator "${binary.operator}" is not part of the language`, 0);
      return {
        type: "binary",
        operator: binary.operator as BinaryOperator,
        left: convert(binary.left, source),
        right: convert(binary.right, source),
      };
    }
    default:
      throw new ExpressionSyntaxError(`${describe(node.type)} is not part of the language`, 0);
  }
}

const describe = (type: string) =>
  ({ CallExpression: "A function call", Compound: "More than one expression", ThisExpression: "this" })[type] ??
  `"${type}"`;
