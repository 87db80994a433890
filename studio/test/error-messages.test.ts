import { describe, expect, test } from "vitest";
import { describePattern, labelAt, validationMessage } from "../src/core/error-messages.ts";

describe("validation messages (issue 18)", () => {
  test("read as sentences naming the field, in English and German", () => {
    expect(validationMessage({ name: "required", params: { missingProperty: "title" } }, "Title", "en")).toBe(
      "Title is required",
    );
    expect(validationMessage({ name: "required" }, "Titel", "de")).toBe("Titel ist erforderlich");
    expect(validationMessage({ name: "pattern", params: { pattern: "^[A-Z]{2}$" } }, "Country", "en")).toBe(
      "Use two capital letters",
    );
    expect(validationMessage({ name: "pattern", params: { pattern: "^[A-Z]{2}$" } }, "Land", "de-AT")).toBe(
      "Verwenden Sie zwei Großbuchstaben",
    );
    expect(validationMessage({ name: "maximum", params: { limit: 10 } }, "Rating", "en")).toBe(
      "Rating must be 10 or less",
    );
    expect(validationMessage({ name: "format", params: { format: "email" } }, "Email", "fr")).toBe(
      "Enter an email address like name@example.com",
    );
    expect(validationMessage({ name: "minLength", params: { limit: 3 } }, "Name", "en")).toBe(
      "Enter at least 3 characters",
    );
  });

  test("no raw Ajv text for the patterns of the shipped templates", () => {
    for (const pattern of [
      "^#[0-9a-fA-F]{6}$",
      "^[A-Z0-9-]{4,20}$",
      "^[A-Z0-9]{6,12}$",
      "^[A-Z]{2}$",
      "^[a-z0-9]+(-[a-z0-9]+)*$",
      "^[a-z][a-z0-9-]{0,39}$",
      "^[a-z]{2,3}$",
      "^[a-z]{2}$",
    ])
      expect(describePattern(pattern, "en"), pattern).toMatch(/^(Use|Enter) /);
    expect(describePattern("^[a-z]{2,3}$", "en")).toBe("Use 2 to 3 lowercase letters");
    // Unknown shapes fall back to a sentence, never the regular expression.
    const message = validationMessage(
      { name: "pattern", params: { pattern: "^x+$" }, message: 'must match pattern "^x+$"' },
      "Code",
      "en",
    );
    expect(message).toBe("Code is not in the expected form");
  });

  test("the label of an error's property comes from ui:title, then the schema title, then the name", () => {
    const schema = {
      properties: { rate: { title: "Rate", properties: { amount: {} } }, countryCode: { title: "Country" } },
    };
    const ui = { rate: { amount: { "ui:title": "Amount" } } };
    expect(labelAt(".rate.amount", schema, ui)).toBe("Amount");
    expect(labelAt(".countryCode", schema, ui)).toBe("Country");
    expect(labelAt("startsAt", schema, ui)).toBe("Starts at");
  });
});
