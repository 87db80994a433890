import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ProblemError } from "../../api/http.ts";
import { createTenant, listTenants, setTenantStatus, type Tenant } from "../../api/platform-api.ts";
import { isPlatformSuperAdmin, useAuthStore } from "../../store/auth-store.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

/**
 * The super admin's tenants: create, suspend/activate, and manage one. A signed-in super admin
 * manages it as themselves (their platform token, the tenant as X-Tenant); the developer
 * fallback steps into it as the tenant-admin persona.
 */
export function TenantsPage() {
  const update = useSessionStore((s) => s.update);
  const token = useSessionStore((s) => s.adminToken);
  // A super admin signed in on the platform tier: their access token opens the platform API.
  const superAdmin = useAuthStore(isPlatformSuperAdmin);
  const [tenants, setTenants] = useState<Tenant[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ slug: "", name: "" });
  const [formError, setFormError] = useState<string | null>(null);

  const reload = useCallback(() => {
    listTenants().then(
      (r) => (setTenants(r.data), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(reload, [reload, token, superAdmin]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    try {
      await createTenant(form.slug.trim(), form.name.trim());
      setForm({ slug: "", name: "" });
      reload();
    } catch (e) {
      const problem = e instanceof ProblemError ? e.problem : null;
      setFormError(
        problem?.errors?.map((x) => `${x.pointer.replace("/body/", "")} ${x.message}`).join("; ") ||
          (e as Error).message,
      );
    }
  };

  const manage = (slug: string) => {
    // Signed in, the persona follows the user (a developer persona would be ignored): only the tenant changes.
    update(superAdmin ? { tenant: slug } : { tenant: slug, persona: "tenant-admin" });
    navigate({ name: "templates" });
  };

  return (
    <div className="page">
      <PageHeader title="Tenants" subtitle="Every marketplace on this platform." />
      {!token && !superAdmin && (
        <ErrorNote title="The platform API needs a super admin">
          <Link to={{ name: "platform-login" }}>Log in to the platform</Link>, or enter the admin token in{" "}
          <Link to={{ name: "session" }}>Session settings</Link>.
        </ErrorNote>
      )}
      <form className="inline-form card" onSubmit={(e) => void submit(e)} aria-label="Create a tenant">
        <label className="field">
          Slug
          <input
            value={form.slug}
            onChange={(e) => setForm({ ...form, slug: e.target.value })}
            pattern="[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
            required
            placeholder="acme"
          />
        </label>
        <label className="field">
          Name
          <input
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
            placeholder="Acme Marketplace"
          />
        </label>
        <button type="submit" className="button primary">
          Create tenant
        </button>
        {formError && (
          <p className="error-text" role="alert">
            {formError}
          </p>
        )}
      </form>
      {error && (token || superAdmin) && <ErrorNote title="Tenants cannot be loaded">{error}</ErrorNote>}
      {!tenants && !error && <Loading />}
      {tenants && (
        <div className="table-wrap">
          <table className="records">
            <caption className="sr-only">Tenants</caption>
            <thead>
              <tr>
                <th scope="col">Slug</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((t) => (
                <tr key={t.id}>
                  <td data-label="Slug">
                    <code>{t.slug}</code>
                  </td>
                  <td data-label="Name">{t.name}</td>
                  <td data-label="Status">
                    <span className={`status status-${t.status}`}>{t.status}</span>
                  </td>
                  <td data-label="Created">{new Date(t.createdAt).toLocaleDateString()}</td>
                  <td className="actions-col">
                    <button type="button" className="button small" onClick={() => manage(t.slug)}>
                      Manage
                    </button>
                    <button
                      type="button"
                      className="button ghost small"
                      onClick={() =>
                        void setTenantStatus(t.slug, t.status === "active" ? "suspend" : "activate").then(reload)
                      }
                    >
                      {t.status === "active" ? "Suspend" : "Activate"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
