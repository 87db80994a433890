import { useEffect, useMemo, useState, type CSSProperties } from "react";
import { buildNavigation, personaById } from "../../core/personas.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { navigate, useRouterStore } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { ErrorNote, Loading } from "./PageStates.tsx";
import { RoutePage } from "./RoutePage.tsx";
import { Sidebar } from "./Sidebar.tsx";
import { TopBar } from "./TopBar.tsx";

/** The studio: role-coloured sidebar, top bar, and the page of the current route. */
export function App() {
  const route = useRouterStore((s) => s.route);
  const personaId = useSessionStore((s) => s.persona);
  const tenantSlug = useSessionStore((s) => s.tenant);
  const locale = useSessionStore((s) => s.locale);
  const { registry, status, error, tenant, load, loadTenant } = useRegistryStore();
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const persona = personaById(personaId);

  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (tenantSlug) void loadTenant();
  }, [tenantSlug, loadTenant]);

  const installed = useMemo(() => (tenantSlug && tenant?.tenant.slug === tenantSlug ? tenant.templates.map((t) => t.id) : []), [tenant, tenantSlug]);
  const sections = useMemo(() => (registry ? buildNavigation(persona, registry.templates, installed, locale) : []), [registry, persona, installed, locale]);
  const locales = useMemo(() => [...new Set(registry?.templates.flatMap((t) => t.locales) ?? ["en"])], [registry]);

  useEffect(() => {
    if (route.name !== "home" || !registry) return;
    if (persona.id === "super-admin") return navigate({ name: "platform" }, { replace: true });
    if (!tenantSlug) return navigate({ name: "session" }, { replace: true });
    const first = sections[0]?.items[0];
    if (first) navigate(first.route, { replace: true });
  }, [route, registry, persona, tenantSlug, sections]);

  return (
    <div className="app" style={{ "--role": persona.color } as CSSProperties} data-persona={persona.id}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar persona={persona} locales={locales} sidebarOpen={sidebarOpen} onToggleSidebar={() => setSidebarOpen((o) => !o)} />
      <div className="layout">
        <Sidebar
          persona={persona}
          tenantName={tenant?.tenant.name ?? tenantSlug}
          sections={sections}
          current={route}
          open={sidebarOpen}
          onNavigate={() => setSidebarOpen(false)}
        />
        <main id="main" tabIndex={-1}>
          {status === "error" && <ErrorNote title="The studio cannot load the registry">{error}</ErrorNote>}
          {status !== "ready" && status !== "error" && <Loading />}
          {registry && <RoutePage route={route} />}
        </main>
      </div>
    </div>
  );
}
