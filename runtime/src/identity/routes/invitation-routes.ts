import type { FastifyInstance } from "fastify";
import { CursorCodec } from "../../crud/sql/cursor.ts";
import { ApiError } from "../../http/problem.ts";
import { listAccounts } from "../account-store.ts";
import { emailLink, invitationMessage, requestLocale } from "../identity-emails.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import type { RequestIdentity } from "../identity-types.ts";
import { checkInvitation, invitesIntoAnyAccount } from "../invitation-policy.ts";
import {
  consumeInvitation,
  createInvitation,
  findPendingInvitation,
  listPendingInvitations,
  revokeInvitation,
  type InvitationRow,
} from "../invitation-store.ts";
import { RoleCatalogue } from "../role-catalogue.ts";
import { deriveKey } from "../secrets.ts";
import { TENANT_TIER } from "../tiers.ts";
import { invitationAcceptedNotification } from "../identity-notifications.ts";
import {
  addMembership,
  findUserByEmail,
  findUserById,
  insertUser,
  loadGrants,
  normalizeEmail,
  type UserRow,
} from "../user-store.ts";
import { welcome } from "./signup-routes.ts";
import { ACCOUNTS, INVITATIONS, NO_CONTENT, SENT_INVITATION, SESSION } from "./response-schemas.ts";
import { body, EMAIL, NAME, NEW_PASSWORD, TOKEN, UUID } from "./schemas.ts";

const ROLE = { type: "string", pattern: "^[a-z][a-z0-9-]{0,39}$" } as const;
const ACCOUNT_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    q: { type: "string", maxLength: 200 },
    limit: { type: "integer", minimum: 1, maximum: 100, default: 50 },
    cursor: { type: "string", minLength: 1, maxLength: 1000 },
  },
} as const;
const CURSOR_ENTITY = "account";
const CURSOR_SORT = "name";
const PENDING = (i: InvitationRow) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  accountId: i.accountId,
  expiresAt: i.expiresAt.toISOString(),
});

/**
 * Invitations down the hierarchy (/api/v1/tenant/invitations), the accounts an admin invites
 * into (/api/v1/tenant/accounts) and their acceptance (/api/v1/user/auth/accept-invitation),
 * which creates the user or adds a profile to one.
 */
export async function invitationRoutes(app: FastifyInstance, { deps }: { deps: IdentityDeps }) {
  const { db, hasher, sessions, config } = deps;
  const adminConfig = { tenant: true, auth: "required", allowSuperAdmin: true } as const;

  const cursors = new CursorCodec(deriveKey(config.secret, "account-cursor").toString("base64url"));

  /** Privileges are checked against the database, not the (up to one token lifetime old) claims. */
  async function freshInviter(identity: RequestIdentity, tenantId: string) {
    // Only a platform token (no tenant) speaks for a super admin; the claim is refused on tenant tokens anyway.
    if (identity.isSuperAdmin && identity.tenantId === null) return { isSuperAdmin: true, memberships: [] };
    const grants = await loadGrants(db, tenantId, identity.userId);
    return { isSuperAdmin: false, memberships: grants.map((g) => ({ accountId: g.accountId, role: g.role })) };
  }

  app.post(
    "/api/v1/tenant/invitations",
    {
      config: adminConfig,
      schema: {
        tags: ["invitations"],
        body: body(["email", "role"], { email: EMAIL, role: ROLE, accountId: UUID }),
        response: { 201: SENT_INVITATION },
      },
    },
    async (request, reply) => {
      const tenant = request.tenant!;
      const identity = request.identity!;
      const input = request.body as { email: string; role: string; accountId?: string };
      const email = normalizeEmail(input.email);
      const accountId = input.accountId ?? null;
      const verdict = checkInvitation(
        await freshInviter(identity, tenant.id),
        RoleCatalogue.forTenant(app.registry, tenant),
        input.role,
        accountId,
      );
      if (!verdict.ok) {
        throw new ApiError(
          verdict.status === "invalid" ? "RT_ERR_VALIDATION" : "RT_ERR_FORBIDDEN",
          `Cannot invite: ${verdict.message}.`,
          [{ pointer: verdict.pointer, message: verdict.message }],
        );
      }
      if (accountId) {
        const { rowCount } = await db.query(`SELECT 1 FROM "account" WHERE "tenantId" = $1 AND "id" = $2`, [
          tenant.id,
          accountId,
        ]);
        if (!rowCount)
          throw new ApiError("RT_ERR_VALIDATION", "No such account in this marketplace.", [
            { pointer: "/body/accountId", message: "does not exist" },
          ]);
      }
      const invitee = await findUserByEmail(db, tenant.id, email);
      if (invitee) {
        const held = await loadGrants(db, tenant.id, invitee.id);
        if (held.some((g) => g.accountId === accountId && g.role === input.role))
          throw new ApiError("RT_ERR_CONFLICT", "This person already has that role.");
      }
      const invitation = await db.transaction((tx) =>
        createInvitation(
          tx,
          // The inviter's key is (tenantId, id) in this tenant: platform staff (no tenant) are not stored.
          {
            tenantId: tenant.id,
            accountId,
            email,
            role: input.role,
            invitedById: identity.tenantId === tenant.id ? identity.userId : null,
          },
          config.tokenTtlSeconds.invitation,
        ),
      );
      const inviter = await findUserById(db, identity.tenantId, identity.userId);
      const url = emailLink(config.publicUrl(tenant), "accept-invitation", invitation.token);
      // The inviter is signed in and wants to know: this send is awaited.
      // The inviter is told how the first attempt went ("queued" if none ended within 10 s; retries go on).
      const delivery = await deps.outbox
        .send(
          invitationMessage(
            tenant,
            email,
            inviter?.name ?? "Someone",
            input.role,
            url,
            invitation.token,
            config.tokenTtlSeconds.invitation,
            requestLocale(request),
          ),
        )
        .then((sent) => deps.outbox.settle(sent.id))
        .catch((err: unknown) => {
          request.log.error({ err }, "invitation email not queued");
          return "failed" as const;
        });
      return reply.code(201).send({ ...PENDING(invitation), delivery });
    },
  );

  app.get(
    "/api/v1/tenant/invitations",
    { config: adminConfig, schema: { tags: ["invitations"], response: { 200: INVITATIONS } } },
    async (request) => {
      const tenant = request.tenant!;
      const inviter = await freshInviter(request.identity!, tenant.id);
      const catalogue = RoleCatalogue.forTenant(app.registry, tenant);
      const admin =
        inviter.isSuperAdmin ||
        inviter.memberships.some((m) => m.accountId === null && catalogue.isA(m.role, "tenant-admin"));
      const owned = inviter.memberships
        .filter((m) => m.accountId && catalogue.isA(m.role, "account-owner"))
        .map((m) => m.accountId!);
      if (!admin && owned.length === 0)
        throw new ApiError("RT_ERR_FORBIDDEN", "Only tenant admins and account owners see invitations.");
      return { data: (await listPendingInvitations(db, tenant.id, admin ? null : owned)).map(PENDING) };
    },
  );

  /**
   * The tenant's accounts by name, for choosing the account of an invitation: only for those
   * who may invite into any account (tenant admins, super admins managing the tenant).
   */
  app.get(
    "/api/v1/tenant/accounts",
    { config: adminConfig, schema: { tags: ["invitations"], querystring: ACCOUNT_QUERY, response: { 200: ACCOUNTS } } },
    async (request) => {
      const tenant = request.tenant!;
      const inviter = await freshInviter(request.identity!, tenant.id);
      if (!invitesIntoAnyAccount(inviter, RoleCatalogue.forTenant(app.registry, tenant))) {
        throw new ApiError("RT_ERR_FORBIDDEN", "Only tenant admins list the marketplace's accounts.");
      }
      const query = request.query as { q?: string; limit: number; cursor?: string };
      let after: { name: string; id: string } | undefined;
      if (query.cursor !== undefined) {
        const decoded = cursors.decode(query.cursor, CURSOR_ENTITY, CURSOR_SORT, 2);
        if (!decoded || decoded.k[0] === null)
          throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", [
            { pointer: "/query/cursor", message: "is not a valid cursor for this list" },
          ]);
        after = { name: decoded.k[0], id: decoded.k[1]! };
      }
      const rows = await listAccounts(db, tenant.id, { q: query.q?.trim() || undefined, limit: query.limit, after });
      const more = rows.length > query.limit;
      if (more) rows.pop();
      const last = rows[rows.length - 1];
      const nextCursor = more ? cursors.encode({ e: CURSOR_ENTITY, s: CURSOR_SORT, k: [last.name, last.id] }) : null;
      return { data: rows, page: { limit: query.limit, nextCursor } };
    },
  );

  app.delete(
    "/api/v1/tenant/invitations/:id",
    {
      config: adminConfig,
      schema: {
        tags: ["invitations"],
        params: { type: "object", properties: { id: UUID } },
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      const tenant = request.tenant!;
      const invitation = await findPendingInvitation(db, tenant.id, (request.params as { id: string }).id);
      if (!invitation) throw new ApiError("RT_ERR_NOT_FOUND", "No pending invitation with this id.");
      // Whoever could send this invitation may take it back.
      const verdict = checkInvitation(
        await freshInviter(request.identity!, tenant.id),
        RoleCatalogue.forTenant(app.registry, tenant),
        invitation.role,
        invitation.accountId,
      );
      if (!verdict.ok) throw new ApiError("RT_ERR_FORBIDDEN", "You may not revoke this invitation.");
      await revokeInvitation(db, tenant.id, invitation.id);
      return reply.code(204).send();
    },
  );

  app.post(
    `${TENANT_TIER.prefix}/accept-invitation`,
    {
      config: { tenant: true, auth: "optional", rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["token"], { token: TOKEN, name: NAME, password: NEW_PASSWORD }),
        response: { 200: SESSION },
      },
    },
    async (request, reply) => {
      const tenant = request.tenant!;
      const { token, name, password } = request.body as { token: string; name?: string; password?: string };
      const signedIn = request.identity;
      const hash = !signedIn && password ? await hasher.hash(password) : null;
      // Set inside the transaction: the account it created (if any), who accepted, which invitation.
      let created: UserRow | null = null;
      let accepted: { invitation: InvitationRow; user: UserRow } | null = null;
      const session = await db.transaction(async (tx) => {
        const invitation = await consumeInvitation(tx, tenant.id, token);
        if (!invitation)
          throw new ApiError("RT_ERR_VALIDATION", "The invitation is invalid, used, revoked or expired.", [
            { pointer: "/body/token", message: "is invalid or expired" },
          ]);
        let user = await findUserByEmail(tx, tenant.id, invitation.email);
        if (signedIn) {
          // A second profile for a signed-in user, but only for the invited address.
          if (!user || user.id !== signedIn.userId)
            throw new ApiError("RT_ERR_FORBIDDEN", "This invitation was sent to another email address.");
        } else if (user) {
          throw new ApiError(
            "RT_ERR_CONFLICT",
            "This email already has an account here: sign in, then accept the invitation.",
          );
        } else {
          if (!name || !hash) {
            throw new ApiError("RT_ERR_VALIDATION", "A name and a password are required to create the account.", [
              ...(name ? [] : [{ pointer: "/body/name", message: "is required" }]),
              ...(hash ? [] : [{ pointer: "/body/password", message: "is required" }]),
            ]);
          }
          // The token came through the invited inbox: the address is verified.
          user = await insertUser(tx, {
            tenantId: tenant.id,
            email: invitation.email,
            name,
            passwordHash: hash,
            verified: true,
          });
          created = user;
        }
        await addMembership(tx, tenant.id, user.id, invitation.accountId, invitation.role);
        accepted = { invitation, user };
        return sessions.mint(tx, user, { activeAccountId: invitation.accountId });
      });
      if (created) welcome(request, deps, created);
      const done = accepted as { invitation: InvitationRow; user: UserRow } | null;
      // The inviter hears of it (in-app, and by email if left unread, as their preferences say).
      if (done?.invitation.invitedById && done.invitation.invitedById !== done.user.id)
        deps.notifyLater(
          request.log,
          tenant,
          [done.invitation.invitedById],
          invitationAcceptedNotification(done.invitation.id, done.user),
        );
      return sessions.deliver(reply, TENANT_TIER, session);
    },
  );
}
