/** RFC 9457 problem details, plus our per-value `errors` (JSON pointers into the request). */
export const PROBLEM_SCHEMA = {
  type: "object",
  required: ["title", "status"],
  properties: {
    type: {
      type: "string",
      format: "uri-reference",
      default: "about:blank",
      description: "Problem type; `about:blank` when only the status matters.",
    },
    title: { type: "string", description: "Short, human-readable summary of the problem type." },
    status: { type: "integer", minimum: 400, maximum: 599 },
    detail: { type: "string", description: "Explanation specific to this occurrence." },
    instance: { type: "string", format: "uri-reference" },
    code: { type: "string", description: "Stable error code, e.g. `RT_ERR_VALIDATION`." },
    errors: {
      type: "array",
      description: "One entry per invalid value (validation problems).",
      items: {
        type: "object",
        required: ["pointer", "message"],
        additionalProperties: false,
        properties: {
          pointer: {
            type: "string",
            description: "JSON pointer to the value in the request, e.g. `/body/price/amount`, `/query/limit`.",
          },
          message: { type: "string" },
        },
      },
    },
  },
} as const;

/** Error responses shared by every operation: status → description. */
export const PROBLEM_RESPONSES = {
  BadRequest: "The request is invalid (body, filter, sort or paging).",
  Unauthorized: "Sign-in required.",
  Forbidden: "The caller may not do this.",
  NotFound: "No such record in this tenant.",
  Conflict: "A unique value is already taken.",
} as const;

export type ProblemResponse = keyof typeof PROBLEM_RESPONSES;

/** `components.responses`: each a problem+json body. */
export function problemResponses(): Record<ProblemResponse, unknown> {
  const entries = Object.entries(PROBLEM_RESPONSES).map(([name, description]) => [
    name,
    { description, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } },
  ]);
  return Object.fromEntries(entries) as Record<ProblemResponse, unknown>;
}
