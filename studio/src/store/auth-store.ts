import { create } from "zustand";
import * as authApi from "../api/auth-api.ts";
import { ProblemError, setAccessTokenSource } from "../api/http.ts";
import type { UserRoles } from "../core/signed-in-persona.ts";
import type { Route } from "../core/router.ts";
import { createTokenRenewal } from "../core/token-renewal.ts";
import { navigate } from "./router-store.ts";
import { useSessionStore } from "./session-store.ts";

/**
 * The signed-in user, of a tenant or of the platform (a super admin): the same store, the same
 * token handling, parameterized by the realm (auth-api.ts `Realm`). The access token lives
 * here, in memory only: a reload gets a new one from the refresh endpoint, which reads the
 * httpOnly refresh cookie the runtime set at login (script cannot read it, so neither can an
 * injected one). localStorage only remembers WHERE the browser signed in (the tenant, or the
 * platform), so a reload knows where to refresh; no token is ever stored.
 */
export type AuthStatus = "restoring" | "signed-in" | "signed-out";

export interface SignedInUser extends UserRoles {
  id: string;
  /** Empty until `GET …/me` answered (a refresh response names no email). */
  email: string;
  name: string;
  emailVerified: boolean;
}

export interface AuthState {
  status: AuthStatus;
  /** Where the user signed in: a tenant's marketplace or the platform (super admins). */
  tier: authApi.AuthTier;
  /** The tenant (slug) the user signed in to; null on the platform. */
  tenant: string | null;
  accessToken: string | null;
  /** Echoed in X-CSRF-Token when the refresh cookie authenticates (refresh, logout). */
  csrfToken: string | null;
  user: SignedInUser | null;
  /** Why the user was signed out, for the log-in page. */
  notice: string | null;
}

interface AuthStore extends AuthState {
  /** Password login at a tenant (its slug) or the platform; throws the server's ProblemError (the form shows it). */
  logIn(at: authApi.RealmLike, email: string, password: string): Promise<void>;
  /**
   * Takes over a session the runtime answered with elsewhere (accepting an invitation signs
   * the user in): the same as a login's.
   */
  adopt(at: authApi.RealmLike, session: authApi.SessionResponse, email?: string): Promise<void>;
  /** On page load: a new access token from the refresh cookie, when this browser signed in before. */
  restore(): Promise<void>;
  /** After a 401 for `stale`: one shared refresh; null (and the log-in page) when the session is over. */
  renew(stale: string): Promise<string | null>;
  /** Ends the session on the server (the refresh cookie's login) and here; goes to the log-in page. */
  logOut(): Promise<void>;
}

/** The tenant's slug, or PLATFORM_HINT (no slug starts with "@"). */
const HINT = "mono.studio.signed-in";
const PLATFORM_HINT = "@platform";
export const SESSION_ENDED = "Your session has ended. Log in again.";

const readHint = (): authApi.Realm | null => {
  try {
    const value = globalThis.localStorage?.getItem(HINT) ?? null;
    return value === PLATFORM_HINT ? authApi.PLATFORM : value ? authApi.tenantRealm(value) : null;
  } catch {
    return null;
  }
};
const writeHint = (realm: authApi.Realm | null) => {
  try {
    if (realm) globalThis.localStorage?.setItem(HINT, realm.tier === "platform" ? PLATFORM_HINT : realm.tenant);
    else globalThis.localStorage?.removeItem(HINT);
  } catch {
    // Private mode: a reload signs out.
  }
};

/** The store's fields for a realm. */
const realmFields = (realm: authApi.Realm | null): Pick<AuthState, "tier" | "tenant"> =>
  realm?.tier === "platform" ? { tier: "platform", tenant: null } : { tier: "tenant", tenant: realm?.tenant ?? null };

/** The realm the store is signed in to (or restoring), from its fields. */
export function realmOf(state: Pick<AuthState, "tier" | "tenant">): authApi.Realm | null {
  if (state.tier === "platform") return authApi.PLATFORM;
  return state.tenant ? authApi.tenantRealm(state.tenant) : null;
}

/**
 * A super admin signed in on the platform tier: their access token opens the platform API and
 * the studio's template API (/studio/api/templates…), no admin token needed.
 */
export const isPlatformSuperAdmin = (state: Pick<AuthState, "tier" | "user">): boolean =>
  state.tier === "platform" && state.user?.isSuperAdmin === true;

/** The server refused (the session is over), as opposed to being unreachable or failing. */
const refused = (error: unknown) =>
  error instanceof ProblemError && error.problem.status >= 400 && error.problem.status < 500;

/**
 * Refreshes one at a time across the browser's tabs: they share the refresh cookie, and two
 * tabs presenting the same (rotating) refresh token would look like theft to the runtime.
 */
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  return locks ? (locks.request("mono.studio.refresh", fn) as Promise<T>) : fn();
}

/** POST …/refresh with the refresh cookie and the CSRF token (fetched first when unknown; once more when stale). */
async function callRefresh(realm: authApi.Realm, knownCsrf: string | null): Promise<authApi.SessionResponse> {
  const csrfToken = knownCsrf ?? (await authApi.csrf(realm)).csrfToken;
  try {
    return await authApi.refresh(realm, csrfToken);
  } catch (error) {
    // 403: the CSRF cookie changed since this token was issued (another tab, a cleared cookie).
    if (knownCsrf && error instanceof ProblemError && error.problem.status === 403)
      return authApi.refresh(realm, (await authApi.csrf(realm)).csrfToken);
    throw error;
  }
}

function userFrom(identity: authApi.SessionIdentity, previous: SignedInUser | null): SignedInUser {
  return {
    id: identity.userId,
    email: previous?.id === identity.userId ? previous.email : "",
    name: previous?.id === identity.userId ? previous.name : "",
    emailVerified: identity.emailVerified,
    roles: identity.roles ?? [],
    isSuperAdmin: identity.isSuperAdmin === true,
    memberships: identity.memberships ?? [],
    activeProfile: identity.activeProfile ?? null,
    accountKinds: previous?.id === identity.userId ? previous.accountKinds : undefined,
  };
}

/** The log-in page of a realm. */
export const loginRoute = (realm: authApi.Realm | null): Route =>
  realm?.tier === "platform" ? { name: "platform-login" } : { name: "login" };

let restoring: Promise<void> | null = null;

export const useAuthStore = create<AuthStore>((set, get) => {
  const apply = (realm: authApi.Realm, session: authApi.SessionResponse) =>
    set((s) => ({
      ...realmFields(realm),
      accessToken: session.accessToken,
      csrfToken: session.csrfToken,
      user: userFrom(session.identity, s.user),
    }));

  const end = (notice: string | null) => {
    writeHint(null);
    set({ status: "signed-out", accessToken: null, csrfToken: null, user: null, notice });
  };

  /** Name, email and account kinds (`GET …/me`); without them the user still works. */
  const loadProfile = async (realm: authApi.Realm) => {
    try {
      const me = await authApi.me(realm);
      set((s) =>
        s.user?.id === me.user.id
          ? {
              user: {
                ...s.user,
                email: me.user.email,
                name: me.user.name,
                emailVerified: me.user.emailVerified,
                accountKinds: Object.fromEntries(me.profiles.map((p) => [p.accountId, p.kind])),
              },
            }
          : {},
      );
    } catch {
      // Shown as the user id until the next sign-in.
    }
  };

  const renewal = createTokenRenewal({
    current: () => get().accessToken,
    async refresh() {
      const realm = realmOf(get());
      if (!realm) return null;
      try {
        const session = await exclusive(() => callRefresh(realm, get().csrfToken));
        apply(realm, session);
        return session.accessToken;
      } catch (error) {
        if (!refused(error)) throw error;
        end(SESSION_ENDED);
        navigate(loginRoute(realm));
        return null;
      }
    },
  });

  /** A fresh session (login, accepted invitation): this user, remembered for reloads. */
  const begin = async (realm: authApi.Realm, session: authApi.SessionResponse, email?: string) => {
    set({ user: null });
    apply(realm, session);
    if (email) set((s) => ({ user: s.user && { ...s.user, email } }));
    writeHint(realm);
    // A tenant user's requests name their tenant; a super admin keeps whichever tenant the studio shows.
    if (realm.tier === "tenant") useSessionStore.getState().update({ tenant: realm.tenant });
    await loadProfile(realm);
    set({ status: "signed-in", notice: null });
  };

  return {
    status: readHint() ? "restoring" : "signed-out",
    ...realmFields(readHint()),
    accessToken: null,
    csrfToken: null,
    user: null,
    notice: null,

    async logIn(at, email, password) {
      const realm = authApi.toRealm(at);
      await begin(realm, await authApi.login(realm, { email, password }), email);
    },

    adopt: (at, session, email) => begin(authApi.toRealm(at), session, email),

    restore() {
      restoring ??= (async () => {
        const realm = readHint();
        if (get().accessToken) return;
        if (!realm) return void set({ status: "signed-out" });
        set({ status: "restoring", ...realmFields(realm) });
        try {
          apply(realm, await exclusive(() => callRefresh(realm, get().csrfToken)));
        } catch (error) {
          // Refused: signed out for good. Unreachable: signed out for now, a reload tries again.
          if (refused(error)) end(null);
          else set({ status: "signed-out" });
          return;
        }
        if (realm.tier === "tenant" && useSessionStore.getState().tenant !== realm.tenant)
          useSessionStore.getState().update({ tenant: realm.tenant });
        await loadProfile(realm);
        set({ status: "signed-in" });
      })().finally(() => {
        restoring = null;
      });
      return restoring;
    },

    renew: (stale) => renewal(stale),

    async logOut() {
      const { csrfToken, accessToken } = get();
      const realm = realmOf(get());
      if (realm) {
        try {
          await authApi.logout(realm, { csrfToken: csrfToken ?? (await authApi.csrf(realm)).csrfToken });
        } catch {
          // Without a usable CSRF token the access token still names the session.
          if (accessToken) await authApi.logout(realm, { accessToken }).catch(() => undefined);
        }
      }
      end(null);
      navigate(loginRoute(realm));
    },
  };
});

setAccessTokenSource({
  current: () => useAuthStore.getState().accessToken,
  renew: (stale) => useAuthStore.getState().renew(stale),
});
