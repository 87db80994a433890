import { requestJson } from "./http.ts";

/** The tenant's invitations (runtime/src/identity/routes/invitation-routes.ts), with the signed-in user's token. */
const API = "/api/v1/tenant/invitations";

/** A pending invitation, as the runtime lists it. */
export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  /** null: a tenant-wide role. */
  accountId: string | null;
  expiresAt: string;
}

/** A created invitation and whether its email went out (`failed`: created, but the mail server refused). */
export interface SentInvitation extends PendingInvitation {
  delivery: "sent" | "failed" | "queued";
}

/**
 * `POST`: invites `email` to `role` (in `accountId` for an account role) and emails the link.
 * 201; 400 with pointers `/body/email`, `/body/role`, `/body/accountId`; 403 (not yours to
 * grant, pointer `/body/role`); 409 (the person already has that role).
 */
export const sendInvitation = (body: { email: string; role: string; accountId?: string }) =>
  requestJson<SentInvitation>(API, { method: "POST", body });

/** `GET`: the pending invitations the caller may see (all for an admin, their accounts' for an owner). 403 for anyone else. */
export const listInvitations = (signal?: AbortSignal) => requestJson<{ data: PendingInvitation[] }>(API, { signal });

/** `DELETE /:id`: takes a pending invitation back (204); its link stops working. */
export const revokeInvitation = (id: string) =>
  requestJson<void>(`${API}/${encodeURIComponent(id)}`, { method: "DELETE" });

/** An account of the tenant, as `GET /api/v1/tenant/accounts` lists it. */
export interface AccountChoice {
  id: string;
  name: string;
  kind: string;
}

/**
 * `GET /api/v1/tenant/accounts?q=&limit=`: the tenant's accounts by name (`q`: a
 * case-insensitive part of the name), for the admin's account picker. 403 for anyone but
 * tenant admins and super admins managing the tenant; 400 for a bad limit.
 */
export function listAccounts(options: { q?: string; limit?: number } = {}, signal?: AbortSignal) {
  const params = new URLSearchParams({ limit: String(options.limit ?? 50) });
  if (options.q) params.set("q", options.q);
  return requestJson<{ data: AccountChoice[]; page: { limit: number; nextCursor: string | null } }>(
    `/api/v1/tenant/accounts?${params}`,
    { signal },
  );
}
