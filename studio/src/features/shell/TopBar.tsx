import type { Persona } from "../../core/personas.ts";
import { useSelectablePersonas } from "../../store/acting-persona.ts";
import { useSessionStore } from "../../store/session-store.ts";

interface TopBarProps {
  persona: Persona;
  /** Nobody signed in and no developer session: no persona to show or pick. */
  anonymous?: boolean;
  locales: readonly string[];
  sidebarOpen: boolean;
  onToggleSidebar(): void;
}

/** Brand, menu button (phones), persona (a switcher while nobody is signed in) and language switchers. */
export function TopBar({ persona, anonymous = false, locales, sidebarOpen, onToggleSidebar }: TopBarProps) {
  const locale = useSessionStore((s) => s.locale);
  const update = useSessionStore((s) => s.update);
  const personas = useSelectablePersonas();
  return (
    <header className="topbar">
      <button
        type="button"
        className="menu-button"
        aria-controls="sidebar"
        aria-expanded={sidebarOpen}
        onClick={onToggleSidebar}
      >
        <span aria-hidden="true">☰</span>
        <span className="sr-only">Menu</span>
      </button>
      <span className="brand">
        <span className="brand-mark" aria-hidden="true">
          M
        </span>{" "}
        <span className="brand-text">Mono studio</span>
      </span>
      <div className="topbar-controls">
        {anonymous ? null : persona.roles ? (
          // Signed in: the persona follows the user's roles.
          <span className="compact-label acting-as">{persona.label}</span>
        ) : (
          <label className="compact-label">
            <span className="sr-only">Acting as</span>
            <select value={persona.id} onChange={(e) => update({ persona: e.target.value })} aria-label="Acting as">
              {personas.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        )}
        {locales.length > 1 && (
          <label className="compact-label">
            <span className="sr-only">Language</span>
            <select value={locale} onChange={(e) => update({ locale: e.target.value })} aria-label="Language">
              {locales.map((l) => (
                <option key={l} value={l}>
                  {l.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </header>
  );
}
