import { useState, type FormEvent } from "react";
import { useSelectablePersonas } from "../../store/acting-persona.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { PageHeader } from "../shell/PageStates.tsx";

/**
 * The developer fallback for when nobody is signed in: a persona, the tenant (X-Tenant), the
 * platform admin token, and the account/user ids a runtime without identity takes as who acts.
 * A signed-in user's persona and identity come from their login instead.
 */
export function SessionPage() {
  const session = useSessionStore();
  const user = useAuthStore((s) => s.user);
  const tenant = useRegistryStore((s) => s.tenant);
  const tenantError = useRegistryStore((s) => s.tenantError);
  const personas = useSelectablePersonas();
  const [draft, setDraft] = useState({
    persona: session.persona,
    tenant: session.tenant ?? "",
    adminToken: session.adminToken ?? "",
    accountId: session.accountId ?? "",
    userId: session.userId ?? "",
  });
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    session.update({
      persona: draft.persona,
      tenant: draft.tenant.trim() || null,
      adminToken: draft.adminToken.trim() || null,
      accountId: draft.accountId.trim() || null,
      userId: draft.userId.trim() || null,
    });
    navigate({ name: "home" });
  };

  return (
    <div className="page narrow">
      <PageHeader
        title="Session settings"
        subtitle="Who you act as in this browser. Stored locally; sent with every request."
      />
      {user && (
        <p className="alert warning" role="status">
          You are signed in as {user.email || user.id}: the studio acts with your roles. These settings apply when
          nobody is signed in.
        </p>
      )}
      {session.tenant && tenant?.tenant.slug === session.tenant && (
        <p className="alert info">Connected to {tenant.tenant.name}.</p>
      )}
      {session.tenant && tenantError && (
        <p className="alert error">
          Tenant “{session.tenant}”: {tenantError}
        </p>
      )}
      <form className="stack" onSubmit={submit}>
        <fieldset className="persona-picker">
          <legend>Act as</legend>
          {personas.map((p) => (
            <label
              key={p.id}
              className={draft.persona === p.id ? "persona-option selected" : "persona-option"}
              style={{ borderColor: p.color }}
            >
              <input
                type="radio"
                name="persona"
                value={p.id}
                checked={draft.persona === p.id}
                onChange={() => set({ persona: p.id })}
              />
              <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.label}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Tenant (marketplace slug)
          <input
            name="tenant"
            value={draft.tenant}
            onChange={(e) => set({ tenant: e.target.value })}
            placeholder="<template id>-demo"
            autoComplete="off"
          />
        </label>
        <label className="field">
          Platform admin token
          <input
            name="adminToken"
            type="password"
            value={draft.adminToken}
            onChange={(e) => set({ adminToken: e.target.value })}
            autoComplete="off"
          />
          <span className="hint">
            Needed for the platform, template manager and schema designer (MONO_ADMIN_TOKEN) unless you log in to the
            platform as a super admin.
          </span>
        </label>
        <div className="two-columns">
          <label className="field">
            Account id
            <input
              name="accountId"
              value={draft.accountId}
              onChange={(e) => set({ accountId: e.target.value })}
              placeholder="uuid"
              autoComplete="off"
            />
          </label>
          <label className="field">
            User id
            <input
              name="userId"
              value={draft.userId}
              onChange={(e) => set({ userId: e.target.value })}
              placeholder="uuid"
              autoComplete="off"
            />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary">
            Save session
          </button>
        </div>
      </form>
    </div>
  );
}
