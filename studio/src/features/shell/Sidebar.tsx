import { useState } from "react";
import { routeHref, type Route } from "../../core/router.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import type { NavSection, Persona } from "../../core/personas.ts";
import { Link } from "./Link.tsx";

interface SidebarProps {
  persona: Persona;
  tenantName: string | null;
  sections: NavSection[];
  /** Nobody signed in and no developer session: only the account links. */
  anonymous?: boolean;
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
export function Sidebar({ persona, tenantName, sections, anonymous = false, current, open, onNavigate }: SidebarProps) {
  return (
    <nav
      id="sidebar"
      className={open ? "sidebar open" : "sidebar"}
      aria-label={anonymous ? "Navigation" : `${persona.label} navigation`}
      data-persona={anonymous ? undefined : persona.id}
    >
      <div className="sidebar-head">
        <span className="persona-badge">{anonymous ? "Not signed in" : persona.label}</span>
        <span className="tenant-name">
          {persona.id === "super-admin" ? "Platform" : (tenantName ?? "No tenant chosen")}
        </span>
        {persona.id === "super-admin" && tenantName && <span className="managing">Managing {tenantName}</span>}
        {persona.roles && persona.roles.length > 0 && (
          <span className="persona-roles">Roles: {persona.roles.join(", ")}</span>
        )}
      </div>
      {sections.length === 0 && (
        <p className="sidebar-empty">
          {anonymous
            ? "Log in to see your marketplace."
            : persona.roles
              ? "Nothing here for your roles yet."
              : "Nothing here yet. Choose a tenant with installed templates in Session settings."}
        </p>
      )}
      {sections.map((section) => (
        <div key={section.key} className="nav-section">
          <h2 className="nav-title">{section.title}</h2>
          <ul>
            {section.items.map((item) => {
              const active = isActive(item.route, current);
              return (
                <li key={item.key}>
                  <Link
                    to={item.route}
                    className={active ? "nav-link active" : "nav-link"}
                    aria-current={active ? "page" : undefined}
                    onClick={onNavigate}
                  >
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
        {!persona.roles && (
          <Link to={{ name: "session" }} className="nav-link" onClick={onNavigate}>
            Session settings
          </Link>
        )}
      </div>
    </nav>
  );
}

/** Log in / Sign up, or who is signed in with a Log out button. */
function AccountLinks({ onNavigate }: { onNavigate(): void }) {
  const user = useAuthStore((s) => s.user);
  const [busy, setBusy] = useState(false);
  if (!user) {
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
    onNavigate();
    // Ends the session on the server, forgets the token here, opens the log-in page.
    await useAuthStore.getState().logOut();
    setBusy(false);
  };
  return (
    <>
      <span className="signed-in">Signed in as {user.email || user.name || user.id}</span>
      <button type="button" className="nav-link" onClick={signOut} disabled={busy}>
        Log out
      </button>
    </>
  );
}
