import { describe, expect, test } from "vitest";
import { contentLocale } from "../src/core/content-locale.ts";

const template = { locales: ["en", "de"], defaultLocale: "en" };
const field = (translatable: boolean) => ({ translatable }) as never;

describe("the language a record's texts are edited in", () => {
  test("none for an entity without translatable fields", () => {
    expect(contentLocale(template, { fields: [field(false)] }, "de")).toBeNull();
  });
  test("the studio's language when the template has it, else the template's default", () => {
    expect(contentLocale(template, { fields: [field(false), field(true)] }, "de")).toBe("de");
    expect(contentLocale(template, { fields: [field(true)] }, "fr")).toBe("en");
  });
});
