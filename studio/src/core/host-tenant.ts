/**
 * Whether the studio's address can name a tenant the way the API resolves one (runtime
 * tenancy-plugin.ts: a subdomain of the base domain, `acme-demo.localhost`, or a tenant's
 * custom domain). A bare `localhost` or an IP address names none: there the tenant comes from the
 * picker (development).
 */
export function hostMayNameTenant(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "" || host === "localhost") return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return false;
  if (host.startsWith("[") || host.includes(":")) return false;
  return true;
}
