import { useState } from "react";
import { logout } from "../../api/auth-api.ts";
import { routeHref, type Route } from "../../core/router.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import type { NavSection, Persona } from "../../core/personas.ts";
import { Link } from "./Link.tsx";

interface SidebarProps {
  persona: Persona;
  tenantName: string | null;
  sections: NavSection[];
  current: Route;
  open: boolean;
  onNavigate(): void;
}

/** Whether a nav item is the current page (or an ancestor of it: a record of a listed entity). */
function isActive(item: Route, current: Route): boolean {
  const href = routeHref(item);
  const here = routeHref(current);
  return here === href || (item.name === "list" && here.startsWith(`${href}/`));
}

/** The role's navigation, in the role's colour (`--role` drives the accent). */
export function Sidebar({ persona, tenantName, sections, current, open, onNavigate }: SidebarProps) {
  return (
    <nav id="sidebar" className={open ? "sidebar open" : "sidebar"} aria-label={`${persona.label} navigation`} data-persona={persona.id}>
      <div className="sidebar-head">
        <span className="persona-badge">{persona.label}</span>
        <span className="tenant-name">{persona.id === "super-admin" ? "Platform" : (tenantName ?? "No tenant chosen")}</span>
      </div>
      {sections.length === 0 && <p className="sidebar-empty">Nothing here yet. Choose a tenant with installed templates in Session settings.</p>}
      {sections.map((section) => (
        <div key={section.key} className="nav-section">
          <h2 className="nav-title">{section.title}</h2>
          <ul>
            {section.items.map((item) => {
              const active = isActive(item.route, current);
              return (
                <li key={item.key}>
                  <Link to={item.route} className={active ? "nav-link active" : "nav-link"} aria-current={active ? "page" : undefined} onClick={onNavigate}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <div className="nav-section nav-footer">
        <AccountLinks onNavigate={onNavigate} />
        <Link to={{ name: "session" }} className="nav-link" onClick={onNavigate}>
          Session settings
        </Link>
      </div>
    </nav>
  );
}

/** Log in / Sign up, or who is signed in with a Log out button. */
function AccountLinks({ onNavigate }: { onNavigate(): void }) {
  const user = useSessionStore((s) => s.user);
  const accessToken = useSessionStore((s) => s.accessToken);
  const [busy, setBusy] = useState(false);
  if (!accessToken) {
    return (
      <>
        <Link to={{ name: "login" }} className="nav-link" onClick={onNavigate}>
          Log in
        </Link>
        <Link to={{ name: "signup" }} className="nav-link" onClick={onNavigate}>
          Sign up
        </Link>
      </>
    );
  }
  const signOut = async () => {
    setBusy(true);
    const { tenant, signOut: forget } = useSessionStore.getState();
    // The server ends the session; the local token goes either way.
    if (tenant) await logout(tenant, accessToken).catch(() => undefined);
    forget();
    setBusy(false);
    onNavigate();
    navigate({ name: "login" });
  };
  return (
    <>
      {user?.email && <span className="signed-in">Signed in as {user.email}</span>}
      <button type="button" className="nav-link" onClick={signOut} disabled={busy}>
        Log out
      </button>
    </>
  );
}
