import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ApiError, type FieldError } from "./problem.ts";

/**
 * Deepest nesting a JSON body may have. JSON.parse copes with any depth, but the request path
 * recurses over values (JSON.stringify into jsonb parameters, serializers), and at a few
 * thousand levels that overflows the stack: a 500 for a hostile body. Templates and records
 * nest a dozen levels at most.
 */
export const MAX_JSON_DEPTH = 64;

const escapeToken = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The first place in a parsed body (pointer under `/body`) that breaks a rule PostgreSQL or the
 * stack imposes: a string or key holding U+0000 (text and jsonb cannot store it), or a value
 * nested deeper than `maxDepth`. Iterative, so the walk itself never overflows.
 */
export function findBodyProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): FieldError | null {
  const stack: [unknown, string, number][] = [[value, "/body", 0]];
  while (stack.length) {
    const [node, pointer, depth] = stack.pop()!;
    if (typeof node === "string") {
      if (node.includes("\u0000")) return { pointer, message: "must not contain the NUL character (\\u0000)" };
      continue;
    }
    if (typeof node !== "object" || node === null) continue;
    if (depth >= maxDepth) return { pointer, message: `is nested too deeply (at most ${maxDepth} levels)` };
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${pointer}/${i}`, depth + 1]);
    } else {
      for (const [key, child] of Object.entries(node)) {
        const at = `${pointer}/${escapeToken(key)}`;
        if (key.includes("\u0000")) return { pointer: at, message: "must not contain the NUL character (\\u0000)" };
        stack.push([child, at, depth + 1]);
      }
    }
  }
  return null;
}

/** Cheap bound on the raw text: could this body break a rule at all? (Most bodies cannot.) */
function mayBreakRules(text: string): boolean {
  if (text.includes("\\u0000")) return true;
  let opens = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 123 || c === 91) && ++opens > MAX_JSON_DEPTH) return true;
  }
  return false;
}

/**
 * Fastify's JSON parser (its prototype-poisoning checks included), plus the body rules above as
 * a 400 with a JSON pointer, before any route or database sees the value.
 */
export const jsonBodyPlugin = fp(
  async (app: FastifyInstance) => {
    const parse = app.getDefaultJsonParser("error", "error");
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser(
      "application/json",
      { parseAs: "string" },
      (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
        parse(request, String(body), (error: Error | null, value?: unknown) => {
          if (error || !mayBreakRules(String(body))) return done(error, value);
          const problem = findBodyProblem(value);
          if (!problem) return done(null, value);
          done(new ApiError("RT_ERR_VALIDATION", "The body cannot be stored as it is.", [problem]));
        });
      },
    );
  },
  { name: "mono-json-body" },
);
