import cookie from "@fastify/cookie";
import csrfProtection from "@fastify/csrf-protection";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../http/problem.ts";

export const CSRF_COOKIE = "mono_csrf";
export const CSRF_HEADER = "x-csrf-token";

/**
 * Cookies and CSRF. The CSRF secret sits in a signed httpOnly cookie; clients echo the token
 * from `GET …/auth/csrf` (or a login response) in `X-CSRF-Token` on unsafe requests they
 * authenticate with cookies. Header only: a cross-site form cannot set a header.
 */
export async function registerCookiesAndCsrf(
  app: FastifyInstance,
  cookieSecret: Buffer,
  secure: boolean,
): Promise<void> {
  if (!app.hasRequestDecorator("cookies")) await app.register(cookie, { secret: cookieSecret });
  await app.register(csrfProtection, {
    sessionPlugin: "@fastify/cookie",
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, secure, signed: canSign(app) },
    getToken: (request) => {
      const value = request.headers[CSRF_HEADER];
      return typeof value === "string" ? value : undefined;
    },
  });
}

/** A cookie plugin registered elsewhere without a secret cannot sign; the signed cookies need one. */
function canSign(app: FastifyInstance): boolean {
  try {
    app.signCookie("probe");
    return true;
  } catch {
    app.log.warn("@fastify/cookie has no secret: the CSRF cookie is not signed");
    return false;
  }
}

/** Runs @fastify/csrf-protection's check, turning its failure into a 403 problem. */
export function verifyCsrf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    // The check answers failures with reply.send(error); intercept that instead of replying.
    const probe = Object.create(reply, {
      send: {
        value: () =>
          reject(
            new ApiError(
              "RT_ERR_FORBIDDEN",
              "A valid X-CSRF-Token header is required for cookie-authenticated requests.",
            ),
          ),
      },
    }) as FastifyReply;
    app.csrfProtection(request, probe, () => resolve());
  });
}

export const isUnsafeMethod = (method: string): boolean => !["GET", "HEAD", "OPTIONS"].includes(method);
