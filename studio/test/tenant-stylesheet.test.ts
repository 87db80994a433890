// @vitest-environment jsdom
/**
 * The tenant's stylesheet link (features/branding/tenant-stylesheet.ts): linked once per tenant,
 * a new URL after a save, the light theme pinned while linked, gone without a tenant.
 */
import { expect, test } from "vitest";
import { linkTenantStylesheet, refreshTenantStylesheet } from "../src/features/branding/tenant-stylesheet.ts";

test("links, relinks after a save, switches tenant and unlinks", () => {
  const links = () =>
    Array.from(document.head.querySelectorAll("link#tenant-branding")).map((l) => l.getAttribute("href"));
  linkTenantStylesheet("acme");
  linkTenantStylesheet("acme");
  expect(links()).toEqual(["/branding.css?tenant=acme"]);
  expect(document.documentElement.dataset.theme).toBe("light");
  refreshTenantStylesheet("acme");
  expect(links()).toEqual(["/branding.css?tenant=acme&v=1"]);
  linkTenantStylesheet("other co");
  expect(links()).toEqual(["/branding.css?tenant=other%20co&v=1"]);
  linkTenantStylesheet(null);
  expect(links()).toEqual([]);
  expect(document.documentElement.dataset.theme).toBeUndefined();
});
