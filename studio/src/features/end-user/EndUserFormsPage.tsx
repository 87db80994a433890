import { pickLabel } from "../../core/labels.ts";
import { entityAbilities } from "../../core/personas.ts";
import type { StudioTemplate } from "../../core/registry-types.ts";
import { useActingPersona } from "../../store/acting-persona.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { PageHeader } from "../shell/PageStates.tsx";

/**
 * The forms end users fill in, featured first: the entities a workflow of the template runs on
 * (the marketplace's own flows), then the others by name.
 */
const featuredOf = (t: StudioTemplate) => new Set(t.workflows.map((w) => w.entity).filter((e) => e !== null));

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
      <PageHeader title="End-user forms" subtitle="The generated forms as the marketplace's users see them." />
      {templates.map((t) => {
        const featured = featuredOf(t);
        const rank = (name: string) => (featured.has(name) ? 0 : 1);
        const entities = t.entities
          .filter((e) => !e.draft && entityAbilities(persona, t, e).create)
          .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
        return (
          <section key={t.id} className="form-gallery" aria-labelledby={`gallery-${t.id}`}>
            <h2 id={`gallery-${t.id}`}>{pickLabel(t.title, locale, t.id)}</h2>
            <ul className="cards">
              {entities.map((e) => (
                <li key={e.name} className={featured.has(e.name) ? "card form-card featured" : "card form-card"}>
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
