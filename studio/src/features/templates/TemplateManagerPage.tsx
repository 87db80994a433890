import { useCallback, useEffect, useState } from "react";
import {
  applyUpgrade,
  installTemplate,
  listAvailableTemplates,
  listInstalledTemplates,
  previewUpgrade,
  type AvailableTemplate,
  type InstalledTemplate,
  type UpgradePreview,
} from "../../api/platform-api.ts";
import { pickLabel } from "../../core/labels.ts";
import { isPlatformSuperAdmin, useAuthStore } from "../../store/auth-store.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

/**
 * A tenant's templates: install, and upgrade after previewing what changes. Through the platform
 * API: a signed-in super admin's platform token, else the developer session's admin token.
 */
export function TemplateManagerPage() {
  const tenant = useSessionStore((s) => s.tenant);
  const token = useSessionStore((s) => s.adminToken);
  const superAdmin = useAuthStore(isPlatformSuperAdmin);
  const locale = useSessionStore((s) => s.locale);
  const loadTenant = useRegistryStore((s) => s.loadTenant);
  const [available, setAvailable] = useState<AvailableTemplate[] | null>(null);
  const [installed, setInstalled] = useState<InstalledTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [preview, setPreview] = useState<UpgradePreview | null>(null);

  const reload = useCallback(() => {
    if (!tenant) return;
    Promise.all([listAvailableTemplates(), listInstalledTemplates(tenant)]).then(
      ([a, i]) => (setAvailable(a), setInstalled(i), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [tenant]);
  useEffect(reload, [reload, token, superAdmin]);

  if (!tenant) {
    return superAdmin ? (
      <ErrorNote title="No tenant chosen">
        Choose one with <em>Manage</em> on the <Link to={{ name: "platform" }}>Tenants</Link> page.
      </ErrorNote>
    ) : (
      <ErrorNote title="No tenant chosen">
        Pick one in <Link to={{ name: "session" }}>Session settings</Link>.
      </ErrorNote>
    );
  }
  if (!token && !superAdmin) {
    return (
      <ErrorNote title="The template manager needs a super admin">
        <Link to={{ name: "platform-login" }}>Log in to the platform</Link>, or enter the admin token in{" "}
        <Link to={{ name: "session" }}>Session settings</Link>.
      </ErrorNote>
    );
  }

  const act = async (work: () => Promise<string>) => {
    setError(null);
    try {
      setNotice(await work());
      reload();
      void loadTenant();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const install = (id: string) =>
    act(async () => {
      const r = await installTemplate(tenant, id);
      const seeded = Object.values(r.seeded).reduce((a, b) => a + b, 0);
      return `Installed ${r.templateId} ${r.version} (${seeded} seed record(s)).`;
    });

  return (
    <div className="page">
      <PageHeader title="Templates" subtitle={`What marketplace “${tenant}” runs on.`} />
      {notice && (
        <div className="alert success" role="status">
          {notice}
        </div>
      )}
      {error && <ErrorNote>{error}</ErrorNote>}
      {!available || !installed ? (
        !error && <Loading />
      ) : (
        <ul className="cards">
          {available.map((t) => {
            const install_ = installed.find((i) => i.templateId === t.id);
            return (
              <li key={t.id} className="card template-card">
                <h2>{pickLabel(t.title, locale, t.id)}</h2>
                <p className="muted">{pickLabel(t.description, locale, "")}</p>
                <p>
                  <code>{t.id}</code> v{t.version} · {t.entities.length} entities · {t.locales.join(", ")}
                </p>
                {install_ ? (
                  <>
                    <p>
                      Installed: <strong>v{install_.version}</strong>
                      {install_.upgradeAvailable && (
                        <span className="badge warning">v{install_.availableVersion} available</span>
                      )}
                    </p>
                    <div className="form-actions">
                      <button
                        type="button"
                        className="button"
                        onClick={() =>
                          void previewUpgrade(tenant, t.id).then(
                            (r) => setPreview(r.preview),
                            (e: Error) => setError(e.message),
                          )
                        }
                      >
                        Preview upgrade
                      </button>
                      <Link to={{ name: "extensions", template: t.id }} className="button ghost">
                        Extension fields
                      </Link>
                    </div>
                  </>
                ) : (
                  <button type="button" className="button primary" onClick={() => void install(t.id)}>
                    Install
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {preview && (
        <UpgradePreviewPanel
          preview={preview}
          onApply={(accept) =>
            void act(
              async () => (
                await applyUpgrade(tenant, preview.templateId, accept),
                setPreview(null),
                `Upgraded ${preview.templateId} to ${preview.toVersion}.`
              ),
            )
          }
          onClose={() => setPreview(null)}
        />
      )}
    </div>
  );
}

function UpgradePreviewPanel({
  preview,
  onApply,
  onClose,
}: {
  preview: UpgradePreview;
  onApply(acceptBreaking: boolean): void;
  onClose(): void;
}) {
  const [accept, setAccept] = useState(false);
  const same =
    preview.fromVersion === preview.toVersion &&
    !preview.entitiesAdded.length &&
    !Object.keys(preview.fieldsAdded).length;
  const list = (title: string, items: string[]) =>
    items.length > 0 && (
      <>
        <h4>{title}</h4>
        <ul>
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      </>
    );
  const fields = (map: Record<string, string[]>) => Object.entries(map).map(([e, f]) => `${e}: ${f.join(", ")}`);
  return (
    <section className="card upgrade-preview" aria-labelledby="upgrade-heading">
      <h3 id="upgrade-heading">
        Upgrade {preview.templateId}: v{preview.fromVersion} → v{preview.toVersion}
      </h3>
      {same && <p>Nothing changes: the tenant runs the version this platform serves.</p>}
      {list("New entities", preview.entitiesAdded)}
      {list("Removed entities (their data goes)", preview.entitiesRemoved)}
      {list("New fields", fields(preview.fieldsAdded))}
      {list("Removed fields (their data goes)", fields(preview.fieldsRemoved))}
      {list(
        "Seed records added",
        Object.entries(preview.seedAdded).map(([e, n]) => `${e}: ${n}`),
      )}
      {preview.breaking && (
        <label className="check">
          <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />I understand that this
          upgrade removes data.
        </label>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button primary"
          disabled={same || (preview.breaking && !accept)}
          onClick={() => onApply(accept)}
        >
          Apply upgrade
        </button>
        <button type="button" className="button ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
