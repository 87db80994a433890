import { describe, expect, test } from "vitest";
import { createTokenRenewal } from "../src/core/token-renewal.ts";

/** A refresh whose answer the test gives when it wants: shows what waits for what. */
function controllableRefresh() {
  let token: string | null = "t0";
  const pending: { resolve(value: string | null): void; reject(error: Error): void }[] = [];
  let calls = 0;
  const renew = createTokenRenewal({
    current: () => token,
    refresh: () => {
      calls++;
      return new Promise<string | null>((resolve, reject) =>
        pending.push({
          resolve: (value) => {
            token = value;
            resolve(value);
          },
          reject,
        }),
      );
    },
  });
  return { renew, pending, calls: () => calls, setToken: (t: string | null) => (token = t) };
}

describe("access-token renewal", () => {
  test("concurrent 401s share one refresh and all get its token", async () => {
    const r = controllableRefresh();
    const waiting = Array.from({ length: 5 }, () => r.renew("t0"));
    expect(r.calls()).toBe(1);
    r.pending[0].resolve("t1");
    expect(await Promise.all(waiting)).toEqual(["t1", "t1", "t1", "t1", "t1"]);
    expect(r.calls()).toBe(1);
  });

  test("a 401 that arrives after the refresh (for the old token) uses the new token without refreshing again", async () => {
    const r = controllableRefresh();
    const first = r.renew("t0");
    r.pending[0].resolve("t1");
    await first;
    expect(await r.renew("t0")).toBe("t1");
    expect(r.calls()).toBe(1);
    // The new token expiring in its turn is a new refresh.
    const second = r.renew("t1");
    expect(r.calls()).toBe(2);
    r.pending[1].resolve("t2");
    expect(await second).toBe("t2");
  });

  test("an ended session answers null to every waiting caller", async () => {
    const r = controllableRefresh();
    const waiting = [r.renew("t0"), r.renew("t0")];
    r.pending[0].resolve(null);
    expect(await Promise.all(waiting)).toEqual([null, null]);
  });

  test("a failed refresh fails its callers once; the next 401 tries again", async () => {
    const r = controllableRefresh();
    const waiting = [r.renew("t0"), r.renew("t0")];
    r.pending[0].reject(new Error("offline"));
    await expect(Promise.all(waiting)).rejects.toThrow("offline");
    const retry = r.renew("t0");
    expect(r.calls()).toBe(2);
    r.pending[1].resolve("t1");
    expect(await retry).toBe("t1");
  });

  test("signed out (no current token): a renewal asks the server", async () => {
    const r = controllableRefresh();
    r.setToken(null);
    const waiting = r.renew("t0");
    expect(r.calls()).toBe(1);
    r.pending[0].resolve("t9");
    expect(await waiting).toBe("t9");
  });
});
