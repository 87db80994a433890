import { useMemo } from "react";
import { personaById, personaRoles, personasFor, type Persona } from "../core/personas.ts";
import { personaForUser } from "../core/signed-in-persona.ts";
import { useAuthStore } from "./auth-store.ts";
import { useRegistryStore } from "./registry-store.ts";
import { useSessionStore } from "./session-store.ts";

/**
 * Who the studio acts as: the signed-in user's persona, derived from their roles (with those
 * roles attached), or, while nobody is signed in, the persona picked on the developer session page.
 */
export function useActingPersona(): Persona {
  const devPersona = useSessionStore((s) => s.persona);
  const user = useAuthStore((s) => s.user);
  const locale = useSessionStore((s) => s.locale);
  const templates = useRegistryStore((s) => s.registry?.templates);
  return useMemo(
    () => (user ? personaForUser(user, templates ?? [], locale) : personaById(devPersona, templates ?? [], locale)),
    [user, templates, devPersona, locale],
  );
}

/** The role names the acting persona writes with (field write rules). */
export function useActingRoles(): string[] {
  const persona = useActingPersona();
  const templates = useRegistryStore((s) => s.registry?.templates);
  return useMemo(() => personaRoles(persona, templates ?? []), [persona, templates]);
}

/**
 * The personas the developer session may pick: the admins and the roles of the chosen tenant's
 * templates (of every template the studio serves while no tenant is chosen), in the session's language.
 */
export function useSelectablePersonas(): Persona[] {
  const locale = useSessionStore((s) => s.locale);
  const slug = useSessionStore((s) => s.tenant);
  const templates = useRegistryStore((s) => s.registry?.templates);
  const tenant = useRegistryStore((s) => s.tenant);
  return useMemo(() => {
    const all = templates ?? [];
    const installed = slug && tenant?.tenant.slug === slug ? tenant.templates.map((t) => t.id) : null;
    const shown = installed ? all.filter((t) => installed.includes(t.id)) : all;
    return personasFor(shown, locale);
  }, [templates, tenant, slug, locale]);
}
