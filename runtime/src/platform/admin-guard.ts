import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { ApiError } from "../http/problem.ts";

/**
 * The platform API's bootstrap guard: `Authorization: Bearer $MONO_ADMIN_TOKEN`. The identity
 * issue replaces it with super-admin users; until then it is the only key to the platform.
 */
export function adminGuard(token: string | undefined) {
  const expected = token ? Buffer.from(token) : null;
  return async (request: FastifyRequest) => {
    if (!expected) throw new ApiError("RT_ERR_UNAUTHENTICATED", "The platform API is disabled: set MONO_ADMIN_TOKEN.");
    const header = request.headers.authorization ?? "";
    const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError("RT_ERR_UNAUTHENTICATED", "A valid platform admin token is required.");
    }
  };
}
