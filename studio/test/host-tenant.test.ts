import { expect, test } from "vitest";
import { hostMayNameTenant } from "../src/core/host-tenant.ts";

test("subdomains and custom domains may name a tenant; localhost and IP addresses do not", () => {
  expect(hostMayNameTenant("agency-demo.localhost")).toBe(true);
  expect(hostMayNameTenant("members.velvet.test")).toBe(true);
  expect(hostMayNameTenant("localhost")).toBe(false);
  expect(hostMayNameTenant("LOCALHOST.")).toBe(false);
  expect(hostMayNameTenant("127.0.0.1")).toBe(false);
  expect(hostMayNameTenant("[::1]")).toBe(false);
  expect(hostMayNameTenant("")).toBe(false);
});
