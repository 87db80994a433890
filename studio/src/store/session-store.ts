import { create } from "zustand";
import { setRequestIdentity } from "../api/http.ts";
import { personaById, personaRoles, type PersonaId } from "../core/personas.ts";
import type { StudioTemplate } from "../core/registry-types.ts";

/**
 * The studio's local settings: the tenant, the language, and the developer fallback (a persona
 * picked by hand, the platform admin token, manual account/user ids) used while nobody is
 * signed in. Kept in localStorage and sent as request headers. Never holds the signed-in
 * user's tokens: those live in memory (auth-store.ts).
 */
export interface SessionSettings {
  persona: PersonaId;
  tenant: string | null;
  adminToken: string | null;
  accountId: string | null;
  userId: string | null;
  locale: string;
}

interface SessionStore extends SessionSettings {
  update(patch: Partial<SessionSettings>): void;
}

const KEY = "mono.studio.session";

export const DEFAULT_SESSION: SessionSettings = {
  persona: "tenant-admin",
  tenant: null,
  adminToken: null,
  accountId: null,
  userId: null,
  locale: "en",
};

const KEYS = Object.keys(DEFAULT_SESSION) as (keyof SessionSettings)[];

/** Only the known settings: whatever else an older studio stored (an access token) is dropped. */
function pick(source: Partial<Record<string, unknown>>): Partial<SessionSettings> {
  return Object.fromEntries(
    KEYS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]),
  ) as Partial<SessionSettings>;
}

function readStored(): SessionSettings {
  try {
    const stored = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "null") as Record<string, unknown> | null;
    return { ...DEFAULT_SESSION, ...pick(stored ?? {}) };
  } catch {
    return DEFAULT_SESSION;
  }
}

/** The template roles the developer persona acts as (built-in admin roles, or the persona's template roles). */
export function sessionRoles(settings: SessionSettings, templates: readonly StudioTemplate[]): string[] {
  return personaRoles(personaById(settings.persona, templates), templates);
}

let knownTemplates: readonly StudioTemplate[] = [];

function publish(settings: SessionSettings) {
  setRequestIdentity({
    tenant: settings.tenant,
    adminToken: settings.adminToken,
    accountId: settings.accountId,
    userId: settings.userId,
    roles: sessionRoles(settings, knownTemplates),
  });
}

export const useSessionStore = create<SessionStore>((set, get) => ({
  ...readStored(),
  update(patch) {
    set(pick(patch));
    const settings = settingsOf(get());
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(settings));
    } catch {
      // Private mode: the session lasts for this tab.
    }
    publish(settings);
  },
}));

function settingsOf(store: SessionStore): SessionSettings {
  return Object.fromEntries(KEYS.map((k) => [k, store[k]])) as unknown as SessionSettings;
}

/** Called once the registry is known, so persona roles resolve to template role names. */
export function setKnownTemplates(templates: readonly StudioTemplate[]) {
  knownTemplates = templates;
  publish(settingsOf(useSessionStore.getState()));
}

publish(settingsOf(useSessionStore.getState()));
