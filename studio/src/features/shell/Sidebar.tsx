import { routeHref, type Route } from "../../core/router.ts";
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
        <Link to={{ name: "session" }} className="nav-link" onClick={onNavigate}>
          Session settings
        </Link>
      </div>
    </nav>
  );
}
