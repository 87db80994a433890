/** The locale a request acts in and its fallback chain (runtime/src/crud/model/locale.ts). */
import { describe, expect, it } from "vitest";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { localeChoice } from "../src/crud/model/locale.ts";
import { ApiError } from "../src/http/problem.ts";

const template = { locales: ["pt", "sv", "ja"], defaultLocale: "pt" } as unknown as TemplateRegistry;

describe("localeChoice", () => {
  it("asked → tenant default → template default; the chain stops at the template's default (the column)", () => {
    expect(localeChoice({ locale: "ja" }, template, "sv")).toEqual({ locale: "ja", chain: ["ja", "sv"] });
    expect(localeChoice({}, template, "sv")).toEqual({ locale: "sv", chain: ["sv"] });
    expect(localeChoice({ locale: "sv" }, template, "sv")).toEqual({ locale: "sv", chain: ["sv"] });
    expect(localeChoice({ locale: "pt" }, template, "sv")).toEqual({ locale: "pt", chain: [] });
    expect(localeChoice({}, template, null)).toEqual({ locale: "pt", chain: [] });
  });

  it("a tenant default the template does not declare is skipped", () => {
    expect(localeChoice({}, template, "de")).toEqual({ locale: "pt", chain: [] });
    expect(localeChoice({ locale: "ja" }, template, "de")).toEqual({ locale: "ja", chain: ["ja"] });
  });

  it("an undeclared, repeated or differently cased locale is a 400 at /query/locale", () => {
    for (const locale of ["de", "JA", ["ja", "sv"], ""]) {
      let thrown: unknown;
      try {
        localeChoice({ locale }, template, null);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ApiError);
      expect((thrown as ApiError).status).toBe(400);
      expect((thrown as ApiError).errors).toEqual([
        { pointer: "/query/locale", message: "must be one of the template's locales: pt, sv, ja" },
      ]);
    }
  });
});
