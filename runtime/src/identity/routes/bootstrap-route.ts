import type { FastifyInstance } from "fastify";
import { ApiError } from "../../http/problem.ts";
import { adminGuard } from "../../platform/admin-guard.ts";
import type { SqlSession } from "../../db/database.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import { insertUser } from "../user-store.ts";
import { SUPER_ADMIN } from "./response-schemas.ts";
import { body, EMAIL, NAME, NEW_PASSWORD } from "./schemas.ts";

/** Serializes bootstraps across processes (any constant unique to this purpose). */
export const BOOTSTRAP_LOCK = 72707370;

export async function superAdminExists(db: SqlSession): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM "user" WHERE "tenantId" IS NULL AND "platformRole" = 'super-admin' LIMIT 1`,
  );
  return rowCount > 0;
}

/**
 * POST /api/v1/platform/bootstrap: MONO_ADMIN_TOKEN creates the first super admin, once.
 * Afterwards it answers 409 and super admins sign in at /api/v1/platform/auth/login.
 */
export async function bootstrapRoute(app: FastifyInstance, { deps }: { deps: IdentityDeps }) {
  const { db, hasher } = deps;
  app.post(
    "/api/v1/platform/bootstrap",
    {
      preHandler: adminGuard(deps.config.adminToken),
      config: { rateLimit: deps.limits.strict },
      schema: {
        tags: ["platform"],
        body: body(["email", "name", "password"], { email: EMAIL, name: NAME, password: NEW_PASSWORD }),
        response: { 201: SUPER_ADMIN },
      },
    },
    async (request, reply) => {
      const { email, name, password } = request.body as { email: string; name: string; password: string };
      const hash = await hasher.hash(password);
      const user = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock($1)`, [BOOTSTRAP_LOCK]);
        if (await superAdminExists(tx))
          throw new ApiError(
            "RT_ERR_CONFLICT",
            "The platform already has a super admin: sign in at /api/v1/platform/auth/login.",
          );
        return insertUser(tx, {
          tenantId: null,
          email,
          name,
          passwordHash: hash,
          verified: true,
          platformRole: "super-admin",
        });
      });
      return reply.code(201).send({ id: user.id, email: user.email, name: user.name, platformRole: "super-admin" });
    },
  );
}
