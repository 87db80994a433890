/** The composition of a plan's bundles (runtime/src/plans/entitlements.ts) and the capability of a route. */
import { describe, expect, test } from "vitest";
import {
  capabilityOf,
  composeEntitlements,
  includesCapability,
  includesEntity,
  recordLimit,
  type Bundle,
} from "../src/plans/entitlements.ts";

const bundle = (key: string, rest: Partial<Bundle>): Bundle => ({
  key,
  name: key,
  entities: [],
  capabilities: [],
  limits: {},
  ...rest,
});

describe("composeEntitlements", () => {
  test("entities and capabilities are the union; limits add up; an unset limit is unlimited", () => {
    const e = composeEntitlements("p", [
      bundle("a", { entities: ["Alpha"], capabilities: ["media"], limits: { records: { Alpha: 3 }, seats: 2 } }),
      bundle("b", { entities: ["t:Beta"], limits: { records: { Alpha: 2, "t:Beta": 1 }, seats: 5 } }),
    ]);
    expect(includesEntity(e, "t", "Alpha")).toBe(true);
    expect(includesEntity(e, "t", "Beta")).toBe(true);
    expect(includesEntity(e, "u", "Beta")).toBe(false);
    expect(includesEntity(e, "t", "Gamma")).toBe(false);
    expect(includesCapability(e, "media")).toBe(true);
    expect(includesCapability(e, "messaging")).toBe(false);
    expect(recordLimit(e, "t", "Alpha")).toBe(5);
    expect(recordLimit(e, "t", "Beta")).toBe(1);
    expect(recordLimit(e, "t", "Gamma")).toBeNull();
    expect([e.seats, e.storageBytes, e.emailsPerMonth]).toEqual([7, null, null]);
  });

  test('"*" grants all; a qualified record limit wins over the bare name', () => {
    const e = composeEntitlements("p", [
      bundle("a", { entities: ["*"], capabilities: ["*"], limits: { records: { Alpha: 9, "t:Alpha": 4 } } }),
    ]);
    expect(includesEntity(e, "x", "Anything")).toBe(true);
    expect(includesCapability(e, "workflows")).toBe(true);
    expect(recordLimit(e, "t", "Alpha")).toBe(4);
    expect(recordLimit(e, "u", "Alpha")).toBe(9);
  });

  test("a plan of no bundles grants nothing and limits nothing", () => {
    const e = composeEntitlements("p", []);
    expect(includesEntity(e, "t", "Alpha")).toBe(false);
    expect(includesCapability(e, "media")).toBe(false);
    expect(recordLimit(e, "t", "Alpha")).toBeNull();
  });
});

test("capabilityOf maps route URLs by path segment", () => {
  expect(capabilityOf("/api/v1/tenant/media")).toBe("media");
  expect(capabilityOf("/api/v1/tenant/media/:id")).toBe("media");
  expect(capabilityOf("/api/v1/tenant/mediators")).toBeNull();
  expect(capabilityOf("/api/v1/user/favourites/:entity/:id")).toBe("collections");
  expect(capabilityOf("/api/v1/user/conversations")).toBe("messaging");
  expect(capabilityOf("/api/v1/tenant/entities/:entity")).toBeNull();
});
