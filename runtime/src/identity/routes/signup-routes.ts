import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../../http/problem.ts";
import { emailLink, requestLocale, verifyEmailMessage, welcomeMessage } from "../identity-emails.ts";
import { welcomeNotification } from "../identity-notifications.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import { consumeOneTimeToken, issueOneTimeToken } from "../one-time-tokens.ts";
import { TENANT_TIER } from "../tiers.ts";
import { signupOptions } from "../signup-options.ts";
import {
  addMembership,
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  type UserRow,
} from "../user-store.ts";
import { ACCEPTED, VERIFIED } from "./response-schemas.ts";
import { body, EMAIL, NAME, NEW_PASSWORD, TOKEN } from "./schemas.ts";

const KEBAB = { type: "string", pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", maxLength: 40 } as const;

const SIGNUP_OPTIONS = {
  type: "object",
  required: ["open", "options"],
  properties: {
    open: { type: "boolean", description: "False when sign-up is closed (invitations only)." },
    options: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "templateId", "role", "label", "account"],
        properties: {
          name: { type: "string" },
          templateId: { type: "string" },
          role: { type: "string" },
          label: { type: "object", additionalProperties: { type: "string" } },
          account: {
            type: ["object", "null"],
            required: ["kind", "label"],
            properties: {
              kind: { type: "string" },
              label: { type: "object", additionalProperties: { type: "string" } },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * Self sign-up with email verification, on a tenant. `as` picks one of the installed templates'
 * sign-up options (GET …/signup-options lists them): its role, and for an account option a new
 * account of its kind named `accountName`, owned by the new user. Without `as` the user gets
 * the default role (MONO_SIGNUP_ROLE).
 */
export async function signupRoutes(app: FastifyInstance, { deps }: { deps: IdentityDeps }) {
  const { db, hasher, config } = deps;
  const tier = TENANT_TIER;
  const accepted = { status: "verification-sent-if-new" };

  app.post(
    `${tier.prefix}/register`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["email", "name", "password"], {
          email: EMAIL,
          name: NAME,
          password: NEW_PASSWORD,
          as: {
            ...KEBAB,
            description: "A sign-up option (GET …/signup-options); default: the marketplace's default role.",
          },
          accountName: { ...NAME, description: "The name of the account an account option creates." },
        }),
        response: { 202: ACCEPTED("verification-sent-if-new") },
      },
    },
    async (request, reply) => {
      if (config.signupRole === false)
        throw new ApiError("RT_ERR_FORBIDDEN", "Sign-up is closed: ask for an invitation.");
      const { email, name, password, as, accountName } = request.body as {
        email: string;
        name: string;
        password: string;
        as?: string;
        accountName?: string;
      };
      const options = signupOptions(app.registry, request.tenant!);
      const option = as === undefined ? null : options.find((o) => o.name === as);
      if (option === undefined)
        throw new ApiError("RT_ERR_VALIDATION", "There is no such way to sign up here.", [
          {
            pointer: "/body/as",
            message: options.length
              ? `must be one of: ${options.map((o) => o.name).join(", ")}`
              : "this marketplace offers no sign-up options; leave it out",
          },
        ]);
      if (option?.accountKind && accountName === undefined)
        throw new ApiError("RT_ERR_VALIDATION", "Name the account you are creating.", [
          { pointer: "/body/accountName", message: "is required when signing up as " + option.name },
        ]);
      if (!option?.accountKind && accountName !== undefined)
        throw new ApiError("RT_ERR_VALIDATION", "This way of signing up creates no account.", [
          { pointer: "/body/accountName", message: "must be left out: no account is created" },
        ]);
      const role = option?.role ?? config.signupRole;
      const tenantId = request.tenant!.id;
      // Hash first, always: a taken email must cost the same time as a new one.
      const hash = await hasher.hash(password);
      const existing = await findUserByEmail(db, tenantId, email);
      if (existing) {
        // No "already registered" answer; an unverified owner gets a fresh link.
        if (!existing.emailVerifiedAt) await sendVerification(request, existing);
        return reply.code(202).send(accepted);
      }
      const user = await db.transaction(async (tx) => {
        const created = await insertUser(tx, { tenantId, email, name, passwordHash: hash, verified: false });
        let accountId: string | null = null;
        if (option?.accountKind) {
          const { rows } = await tx.query<{ id: string }>(
            `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, $2, $3) RETURNING "id"`,
            [tenantId, option.accountKind, accountName],
          );
          accountId = rows[0].id;
        }
        await addMembership(tx, tenantId, created.id, accountId, role);
        return created;
      });
      await sendVerification(request, user);
      return reply.code(202).send(accepted);
    },
  );

  app.get(
    `${tier.prefix}/signup-options`,
    { config: { ...tier.routeConfig }, schema: { tags: ["auth"], response: { 200: SIGNUP_OPTIONS } } },
    async (request) => ({
      open: config.signupRole !== false,
      options:
        config.signupRole === false
          ? []
          : signupOptions(app.registry, request.tenant!).map((o) => ({
              name: o.name,
              templateId: o.templateId,
              role: o.role,
              label: o.label,
              account: o.accountKind ? { kind: o.accountKind, label: o.accountLabel } : null,
            })),
    }),
  );

  app.post(
    `${tier.prefix}/verify-email`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: { tags: ["auth"], body: body(["token"], { token: TOKEN }), response: { 200: VERIFIED } },
    },
    async (request) => {
      const tenantId = request.tenant!.id;
      const userId = await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(
          tx,
          tenantId,
          "verify-email",
          (request.body as { token: string }).token,
        );
        if (!userId)
          throw new ApiError("RT_ERR_VALIDATION", "The confirmation link is invalid, used or expired.", [
            { pointer: "/body/token", message: "is invalid or expired" },
          ]);
        await markEmailVerified(tx, userId);
        return userId;
      });
      // The account is ready: welcome, once per user (the dedupe keys), in the request's language.
      const user = await findUserById(db, tenantId, userId);
      if (user) welcome(request, deps, user);
      return { verified: true };
    },
  );

  app.post(
    `${tier.prefix}/resend-verification`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["email"], { email: EMAIL }),
        response: { 202: ACCEPTED("verification-sent-if-new") },
      },
    },
    async (request, reply) => {
      const user = await findUserByEmail(db, request.tenant!.id, (request.body as { email: string }).email);
      if (user && !user.emailVerifiedAt && user.status === "active") await sendVerification(request, user);
      return reply.code(202).send(accepted);
    },
  );

  async function sendVerification(request: FastifyRequest, user: UserRow): Promise<void> {
    const ttl = config.tokenTtlSeconds.verifyEmail;
    const token = await issueOneTimeToken(db, user.tenantId, user.id, "verify-email", ttl);
    const url = emailLink(config.publicUrl(request.tenant), "verify-email", token);
    deps.sendLater(
      request.log,
      verifyEmailMessage(request.tenant!, user.email, url, token, ttl, requestLocale(request)),
    );
  }
}

/** The welcome mail and notification of a user whose account just became ready (each once per user). */
export function welcome(
  request: FastifyRequest,
  deps: IdentityDeps,
  user: Pick<UserRow, "id" | "email" | "name">,
): void {
  const tenant = request.tenant!;
  const url = deps.config.publicUrl(tenant);
  const locale = requestLocale(request);
  deps.sendLater(request.log, welcomeMessage(tenant, user, url, locale));
  deps.notifyLater(request.log, tenant, [user.id], welcomeNotification(user.id, tenant.name, locale));
}
