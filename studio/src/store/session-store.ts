import { create } from "zustand";
import { setRequestIdentity } from "../api/http.ts";
import { personaById, type PersonaId } from "../core/personas.ts";
import type { StudioTemplate } from "../core/registry-types.ts";

/** Who is using the studio and for which tenant. Kept in localStorage; sent as request headers. */
export interface SessionSettings {
  persona: PersonaId;
  tenant: string | null;
  adminToken: string | null;
  accountId: string | null;
  userId: string | null;
  locale: string;
  /** The access token of a signed-in user (null: signed out; the manual fields apply). */
  accessToken: string | null;
  /** Who is signed in (from login / `GET …/auth/me`). */
  user: SignedInUser | null;
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

interface SessionStore extends SessionSettings {
  update(patch: Partial<SessionSettings>): void;
  /** Stores a login's access token and user, for `tenant`. */
  signIn(tenant: string, accessToken: string, user: SignedInUser | null): void;
  /** Forgets the access token and user (the manual developer settings stay). */
  signOut(): void;
}

const KEY = "mono.studio.session";

export const DEFAULT_SESSION: SessionSettings = { persona: "tenant-admin", tenant: null, adminToken: null, accountId: null, userId: null, locale: "en", accessToken: null, user: null };

function readStored(): SessionSettings {
  try {
    const stored = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "null") as Partial<SessionSettings> | null;
    return { ...DEFAULT_SESSION, ...(stored ?? {}) };
  } catch {
    return DEFAULT_SESSION;
  }
}

/** The template roles a session acts as (built-in admin roles, or the persona's template roles). */
export function sessionRoles(settings: SessionSettings, templates: readonly StudioTemplate[]): string[] {
  const persona = personaById(settings.persona);
  if (persona.id === "super-admin" || persona.id === "tenant-admin") return [persona.id];
  const names = new Set(templates.flatMap((t) => t.roles.map((r) => r.name)));
  const match = persona.roleCandidates.filter((c) => names.has(c));
  return match.length ? [match[0]] : [];
}

let knownTemplates: readonly StudioTemplate[] = [];

function publish(settings: SessionSettings) {
  setRequestIdentity({
    tenant: settings.tenant,
    adminToken: settings.adminToken,
    accessToken: settings.accessToken,
    accountId: settings.accountId,
    userId: settings.userId,
    roles: sessionRoles(settings, knownTemplates),
  });
}

export const useSessionStore = create<SessionStore>((set, get) => ({
  ...readStored(),
  update(patch) {
    set(patch);
    const settings = settingsOf(get());
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(settings));
    } catch {
      // Private mode: the session lasts for this tab.
    }
    publish(settings);
  },
  signIn(tenant, accessToken, user) {
    get().update({ tenant, accessToken, user });
  },
  signOut() {
    get().update({ accessToken: null, user: null });
  },
}));

function settingsOf(store: SessionStore): SessionSettings {
  const { update: _update, signIn: _signIn, signOut: _signOut, ...settings } = store;
  return settings;
}

/** Called once the registry is known, so persona roles resolve to template role names. */
export function setKnownTemplates(templates: readonly StudioTemplate[]) {
  knownTemplates = templates;
  publish(settingsOf(useSessionStore.getState()));
}

publish(settingsOf(useSessionStore.getState()));
