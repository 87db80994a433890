import { useEffect, useMemo, useState, type CSSProperties } from "react";
import { buildNavigation } from "../../core/personas.ts";
import { routeHref } from "../../core/router.ts";
import { useActingPersona } from "../../store/acting-persona.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { navigate, useRouterStore } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { usePageAnnouncer } from "./page-announcer.ts";
import { ErrorNote, Loading } from "./PageStates.tsx";
import { RoutePage } from "./RoutePage.tsx";
import { Sidebar } from "./Sidebar.tsx";
import { TopBar } from "./TopBar.tsx";
import { linkTenantStylesheet } from "../branding/tenant-stylesheet.ts";

/**
 * The studio: role-coloured sidebar, top bar, and the page of the current route. The persona is
 * the signed-in user's (from their roles), else the developer session's.
 */
export function App() {
  const route = useRouterStore((s) => s.route);
  const tenantSlug = useSessionStore((s) => s.tenant);
  const locale = useSessionStore((s) => s.locale);
  const devIdentity = useSessionStore((s) => !!(s.adminToken || s.accountId || s.userId));
  const authStatus = useAuthStore((s) => s.status);
  const { registry, status, error, tenant, load, loadTenant, resolveHostTenant } = useRegistryStore();
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const persona = useActingPersona();
  const restoring = authStatus === "restoring";
  // "home" only redirects; the page it lands on is announced.
  usePageAnnouncer(routeHref(route), route.name === "home" || restoring || status !== "ready");

  useEffect(() => void load(), [load]);
  useEffect(() => void resolveHostTenant(), [resolveHostTenant]);
  // A reload: a new access token from the refresh cookie before any page asks for data.
  useEffect(() => void useAuthStore.getState().restore(), []);
  useEffect(() => {
    if (tenantSlug) void loadTenant();
  }, [tenantSlug, loadTenant]);
  // The tenant's branding (its /branding.css) for the tenant's own pages; platform staff see the studio's.
  const branded = !!tenantSlug && persona.id !== "super-admin";
  useEffect(() => linkTenantStylesheet(branded ? tenantSlug : null), [branded, tenantSlug]);

  const installed = useMemo(
    () => (tenantSlug && tenant?.tenant.slug === tenantSlug ? tenant.templates.map((t) => t.id) : []),
    [tenant, tenantSlug],
  );
  // Nobody signed in and no developer identity: nothing to navigate but logging in.
  const anonymous = authStatus !== "signed-in" && !devIdentity;
  const sections = useMemo(
    () => (registry && !anonymous && !restoring ? buildNavigation(persona, registry.templates, installed, locale) : []),
    [registry, anonymous, restoring, persona, installed, locale],
  );
  const locales = useMemo(() => [...new Set(registry?.templates.flatMap((t) => t.locales) ?? ["en"])], [registry]);

  useEffect(() => {
    if (route.name !== "home" || !registry || restoring) return;
    // Nobody signed in and no developer identity: sign in first.
    if (anonymous) return navigate({ name: "login" }, { replace: true });
    if (persona.id === "super-admin") return navigate({ name: "platform" }, { replace: true });
    if (!tenantSlug) return navigate({ name: "session" }, { replace: true });
    const first = sections[0]?.items[0];
    if (first) navigate(first.route, { replace: true });
  }, [route, registry, restoring, anonymous, persona, tenantSlug, sections]);

  return (
    <div
      className="app"
      style={{ "--role": persona.color } as CSSProperties}
      data-persona={persona.id}
      data-branded={branded ? "" : undefined}
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar
        persona={persona}
        anonymous={anonymous}
        locales={locales}
        sidebarOpen={sidebarOpen}
        onToggleSidebar={() => setSidebarOpen((o) => !o)}
      />
      <div className="layout">
        <Sidebar
          persona={persona}
          tenantName={tenant?.tenant.name ?? tenantSlug}
          sections={sections}
          anonymous={anonymous}
          current={route}
          open={sidebarOpen}
          onNavigate={() => setSidebarOpen(false)}
        />
        <main id="main" tabIndex={-1}>
          {status === "error" && <ErrorNote title="The studio cannot load the registry">{error}</ErrorNote>}
          {status !== "ready" && status !== "error" && <Loading />}
          {registry && restoring && <Loading label="Signing you in…" />}
          {registry && !restoring && <RoutePage route={route} />}
        </main>
      </div>
    </div>
  );
}
