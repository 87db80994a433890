/**
 * The tenant's branding stylesheet (GET /branding.css, runtime/src/branding) linked into the
 * studio's document while a tenant is chosen: its `--brand-*` variables feed the studio's own
 * tokens (styles/app.css, `.app[data-branded]`). A save relinks it, so the change shows at once.
 */
const ID = "tenant-branding";
let version = 0;

/** Links `slug`'s stylesheet (or removes it when `slug` is null). */
export function linkTenantStylesheet(slug: string | null, doc: Document = document): void {
  const existing = doc.getElementById(ID) as HTMLLinkElement | null;
  if (!slug) {
    existing?.remove();
    doc.documentElement.removeAttribute("data-theme");
    return;
  }
  // The studio's own design is light: its pages take the light theme (the page previews the dark).
  doc.documentElement.setAttribute("data-theme", "light");
  const href = `/branding.css?tenant=${encodeURIComponent(slug)}${version ? `&v=${version}` : ""}`;
  if (existing?.getAttribute("href") === href) return;
  const link = existing ?? doc.createElement("link");
  link.id = ID;
  link.rel = "stylesheet";
  link.setAttribute("href", href);
  if (!existing) doc.head.appendChild(link);
}

/** After a save: fetch the sheet again (a new URL; the server revalidates it by ETag anyway). */
export function refreshTenantStylesheet(slug: string | null, doc: Document = document): void {
  version++;
  linkTenantStylesheet(slug, doc);
}
