import { useMemo } from "react";
import { personaById, personaRoles, type Persona } from "../core/personas.ts";
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
  const templates = useRegistryStore((s) => s.registry?.templates);
  return useMemo(
    () => (user ? personaForUser(user, templates ?? []) : personaById(devPersona)),
    [user, templates, devPersona],
  );
}

/** The role names the acting persona writes with (field write rules). */
export function useActingRoles(): string[] {
  const persona = useActingPersona();
  const templates = useRegistryStore((s) => s.registry?.templates);
  return useMemo(() => personaRoles(persona, templates ?? []), [persona, templates]);
}
