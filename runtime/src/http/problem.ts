/**
 * RFC 9457 problem details. Every error the API returns has this shape, with field errors as
 * JSON pointers into the request (`/body/heightCm`, `/query/filter/heightCm/gte`).
 */
export interface FieldError {
  /** JSON pointer to the offending input. */
  readonly pointer: string;
  readonly message: string;
  /**
   * The template's own message for this failure, per locale (`x-errorMessages`). Never sent as
   * such: the problem's `message` becomes the one in the request's `Accept-Language`, if any.
   */
  readonly messages?: Readonly<Record<string, string>>;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  readonly errors?: readonly FieldError[];
  readonly requestId?: string;
  /** Extension members of a problem type (RFC 9457 §3.2), e.g. a 409's `transitions`. */
  readonly [extension: string]: unknown;
}

/** The catalogue of runtime error codes: status and title. */
export const PROBLEMS = {
  RT_ERR_VALIDATION: [400, "The request is invalid"],
  RT_ERR_MALFORMED_JSON: [400, "The request body is not valid JSON"],
  RT_ERR_BAD_QUERY: [400, "The query string is invalid"],
  RT_ERR_UNAUTHENTICATED: [401, "Authentication is required"],
  RT_ERR_PLAN_LIMIT: [402, "The plan's limit is reached"],
  RT_ERR_FORBIDDEN: [403, "Not allowed"],
  RT_ERR_PLAN_FEATURE: [403, "The plan does not include this"],
  RT_ERR_NOT_FOUND: [404, "Not found"],
  RT_ERR_TENANT_NOT_FOUND: [404, "Unknown tenant"],
  RT_ERR_ENTITY_NOT_FOUND: [404, "Unknown entity"],
  RT_ERR_METHOD_NOT_ALLOWED: [405, "Method not allowed"],
  RT_ERR_CONFLICT: [409, "Conflict"],
  RT_ERR_UNIQUE: [409, "A record with this value already exists"],
  RT_ERR_PAYLOAD_TOO_LARGE: [413, "The request body is too large"],
  RT_ERR_MEDIA_QUOTA: [413, "The marketplace's media storage quota is used up"],
  RT_ERR_MEDIA_LINK_EXPIRED: [403, "The media link has expired"],
  RT_ERR_UNSUPPORTED_MEDIA_TYPE: [415, "Unsupported media type"],
  RT_ERR_UNPROCESSABLE: [422, "The request cannot be processed"],
  RT_ERR_RATE_LIMITED: [429, "Too many requests"],
  RT_ERR_TENANT_SUSPENDED: [403, "The tenant is suspended"],
  RT_ERR_INTERNAL: [500, "Internal error"],
  RT_ERR_UNAVAILABLE: [503, "Service unavailable"],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemCode = keyof typeof PROBLEMS;

/** An error that becomes a problem response. Thrown by handlers; rendered by the error handler. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    detail?: string,
    readonly errors?: readonly FieldError[],
    /** Extension members (RFC 9457 §3.2) sent beside the standard ones. */
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(detail ?? PROBLEMS[code][1]);
    this.status = PROBLEMS[code][0];
  }
}

export const validationError = (errors: FieldError[], detail = "Some fields are invalid.") =>
  new ApiError("RT_ERR_VALIDATION", detail, errors);

/**
 * The locale of `available` the `Accept-Language` header prefers (RFC 9110 weights; `de-AT`
 * also matches `de`, `de` also matches `de-DE`), or null when it names none of them.
 */
export function preferredLocale(header: string | undefined, available: readonly string[]): string | null {
  if (!header || !available.length) return null;
  const wanted = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((w) => w.tag && w.tag !== "*" && w.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  const lower = available.map((l) => l.toLowerCase());
  for (const { tag } of wanted) {
    const exact = lower.indexOf(tag);
    if (exact >= 0) return available[exact];
    const primary = tag.split("-")[0];
    const near = lower.findIndex((l) => l === primary || l.split("-")[0] === primary);
    if (near >= 0) return available[near];
  }
  return null;
}

/** Field errors as sent: the template's message in the wanted locale where it has one. */
function sentErrors(errors: readonly FieldError[], acceptLanguage: string | undefined): FieldError[] {
  return errors.map(({ messages, ...error }) => {
    if (!messages) return error;
    const locale = preferredLocale(acceptLanguage, Object.keys(messages));
    return locale ? { ...error, message: messages[locale] } : error;
  });
}

export function problemBody(
  error: ApiError,
  instance?: string,
  requestId?: string,
  acceptLanguage?: string,
): ProblemBody {
  return {
    ...error.extensions,
    type: `https://mono.dev/problems/${error.code.toLowerCase().replace(/_/g, "-")}`,
    title: PROBLEMS[error.code][1],
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.errors?.length ? { errors: sentErrors(error.errors, acceptLanguage) } : {}),
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  };
}
