import * as client from "openid-client";

export interface OidcProviderOptions {
  /** Path segment: /api/v1/user/auth/oidc/{id}/start. */
  id: string;
  label?: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registered at the provider; ends in /api/v1/user/auth/oidc/{id}/callback. */
  redirectUri: string;
  scope?: string;
  /** Plain-HTTP issuer (local tests only). */
  allowInsecureHttp?: boolean;
}

/** Provider configurations, discovered once (lazily) and cached; a failed discovery is retried next time. */
export class OidcClients {
  private readonly byId: Map<string, OidcProviderOptions>;
  private readonly configs = new Map<string, Promise<client.Configuration>>();

  constructor(providers: readonly OidcProviderOptions[]) {
    this.byId = new Map(providers.map((p) => [p.id, p]));
  }

  list(): { id: string; label: string }[] {
    return [...this.byId.values()].map((p) => ({ id: p.id, label: p.label ?? p.id }));
  }

  provider(id: string): OidcProviderOptions | undefined {
    return this.byId.get(id);
  }

  configuration(provider: OidcProviderOptions): Promise<client.Configuration> {
    let pending = this.configs.get(provider.id);
    if (!pending) {
      pending = client.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
        execute: provider.allowInsecureHttp ? [client.allowInsecureRequests] : [],
      });
      pending.catch(() => this.configs.delete(provider.id));
      this.configs.set(provider.id, pending);
    }
    return pending;
  }
}
