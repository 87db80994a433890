import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { ajvErrorsToFieldErrors } from "./ajv-errors.ts";
import { ApiError, problemBody, type ProblemCode } from "./problem.ts";

/** Fastify's own error codes that are the client's fault, and what they mean to us. */
const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "RT_ERR_MALFORMED_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "RT_ERR_MALFORMED_JSON",
  FST_ERR_CTP_BODY_TOO_LARGE: "RT_ERR_PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "RT_ERR_UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "RT_ERR_VALIDATION",
  FST_ERR_CTP_INVALID_TYPE: "RT_ERR_UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_BAD_URL: "RT_ERR_VALIDATION",
  // A path segment longer than any id or entity name names nothing.
  FST_ERR_MAX_PARAM_LENGTH: "RT_ERR_NOT_FOUND",
};

/** PostgreSQL error classes caused by input that got past validation (e.g. a too-large number). */
const PG_CODES: Record<string, ProblemCode> = {
  "23505": "RT_ERR_UNIQUE",
  "23503": "RT_ERR_UNPROCESSABLE",
  "23502": "RT_ERR_VALIDATION",
  "23514": "RT_ERR_VALIDATION",
  "22P02": "RT_ERR_VALIDATION",
  "22001": "RT_ERR_VALIDATION",
  "22003": "RT_ERR_VALIDATION",
  "22007": "RT_ERR_VALIDATION",
  "22008": "RT_ERR_VALIDATION",
  "22009": "RT_ERR_VALIDATION",
  "22021": "RT_ERR_VALIDATION",
  "22P05": "RT_ERR_VALIDATION",
  "2201X": "RT_ERR_BAD_QUERY",
  "2201W": "RT_ERR_BAD_QUERY",
  "54000": "RT_ERR_VALIDATION",
};

/** Turns any error into a problem+json response; never a stack trace, 5xx only for our faults. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as FastifyError & {
    validation?: unknown[];
    validationContext?: string;
    code?: string;
    constraint?: string;
    detail?: string;
  };
  if (e.validation) {
    return new ApiError(
      "RT_ERR_VALIDATION",
      "Some fields are invalid.",
      ajvErrorsToFieldErrors(
        e.validation,
        `/${e.validationContext === "querystring" ? "query" : (e.validationContext ?? "body")}`,
      ),
    );
  }
  if (e.code && FASTIFY_CODES[e.code]) return new ApiError(FASTIFY_CODES[e.code], e.message);
  if (e instanceof SyntaxError || /prototype property/.test(e.message ?? ""))
    return new ApiError("RT_ERR_MALFORMED_JSON", e.message);
  if (e.code && PG_CODES[e.code]) {
    const code = PG_CODES[e.code];
    const detail =
      code === "RT_ERR_UNIQUE"
        ? "A record with this value already exists."
        : code === "RT_ERR_UNPROCESSABLE"
          ? "A referenced record does not exist."
          : "A value is out of range or malformed.";
    return new ApiError(code, detail);
  }
  if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    const code: ProblemCode =
      e.statusCode === 404
        ? "RT_ERR_NOT_FOUND"
        : e.statusCode === 429
          ? "RT_ERR_RATE_LIMITED"
          : e.statusCode === 413
            ? "RT_ERR_PAYLOAD_TOO_LARGE"
            : e.statusCode === 415
              ? "RT_ERR_UNSUPPORTED_MEDIA_TYPE"
              : "RT_ERR_VALIDATION";
    return new ApiError(code, e.message);
  }
  return new ApiError("RT_ERR_INTERNAL", "Something went wrong on our side. The request id identifies it in our logs.");
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ApiError) {
  return (
    reply
      .code(error.status)
      // Also for errors raised before any hook ran (malformed URLs): the id ties the answer to the logs.
      .header("x-request-id", String(request.id))
      .type("application/problem+json")
      .send(problemBody(error, request.url.split("?")[0], String(request.id), request.headers["accept-language"]))
  );
}

/** Registers the error and not-found handlers for the whole app. */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const apiError = toApiError(error);
      if (apiError.status >= 500) request.log.error({ err: error }, "request failed");
      else request.log.info({ code: apiError.code }, apiError.message);
      return sendProblem(request, reply, apiError);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(
        request,
        reply,
        new ApiError("RT_ERR_NOT_FOUND", `No route ${request.method} ${request.url.split("?")[0]}.`),
      ),
    );
  },
  { name: "mono-errors" },
);

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers too large, a
 * malformed request line): answered as problem+json too, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: import("node:net").Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, reason, code, detail] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "RT_ERR_HEADERS_TOO_LARGE", "The request headers are too large."]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "RT_ERR_TIMEOUT", "The request took too long to arrive."]
        : [400, "Bad Request", "RT_ERR_MALFORMED_REQUEST", "The request is not valid HTTP."];
  const body = JSON.stringify({
    type: `https://mono.dev/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: reason,
    status,
    detail,
    code,
  });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
