import { pickLabel } from "../../core/labels.ts";
import { entityAbilities } from "../../core/personas.ts";
import { useActingPersona } from "../../store/acting-persona.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { PageHeader } from "../shell/PageStates.tsx";

/** The forms end users fill in, featured first (profile, job posting, gig, application, registration). */
const FEATURED = ["ModelProfile", "Job", "Gig", "Application", "Registration", "Member", "Event"];

export function EndUserFormsPage({ templateId }: { templateId?: string }) {
  const registry = useRegistryStore((s) => s.registry);
  const tenantSession = useRegistryStore((s) => s.tenant);
  const installed = tenantSession?.templates.map((t) => t.id) ?? [];
  const locale = useSessionStore((s) => s.locale);
  const persona = useActingPersona();
  const templates = (registry?.templates ?? []).filter((t) =>
    templateId ? t.id === templateId : installed.includes(t.id) || persona.tier === "platform",
  );
  return (
    <div className="page">
      <PageHeader title="End-user forms" subtitle="The generated forms as members, talent and clients see them." />
      {templates.map((t) => {
        const entities = t.entities
          .filter((e) => !e.draft && entityAbilities(persona, t, e).create)
          .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
        return (
          <section key={t.id} className="form-gallery" aria-labelledby={`gallery-${t.id}`}>
            <h2 id={`gallery-${t.id}`}>{pickLabel(t.title, locale, t.id)}</h2>
            <ul className="cards">
              {entities.map((e) => (
                <li key={e.name} className={FEATURED.includes(e.name) ? "card form-card featured" : "card form-card"}>
                  <Link to={{ name: "form", template: t.id, entity: e.name }}>
                    <strong>{pickLabel(e.label, locale, e.name)}</strong>
                  </Link>
                  <p className="muted">{pickLabel(e.description, locale, "")}</p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

const rank = (name: string) => {
  const i = FEATURED.indexOf(name);
  return i < 0 ? FEATURED.length : i;
};
