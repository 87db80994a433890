import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateText, sampleRecord } from "../src/index.ts";
import { UNIT_FACTORS } from "../src/contract/computed.ts";
import { slugOf } from "../src/samples/persona.ts";

/**
 * Demo data must read as plausible for a template nobody wrote the sampler for: a vocabulary
 * of the test's own (a boat-charter marketplace), no shipped template involved.
 */
const minimal = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8"));
const template = structuredClone(minimal);
template.entities.Charter = {
  id: "ent_charter",
  scope: "tenant",
  schema: {
    type: "object",
    required: ["title", "charterKind", "hullLength", "berths"],
    properties: {
      title: { "x-id": "fld_charter_title", type: "string", maxLength: 120 },
      slug: { "x-id": "fld_charter_slug", type: "string", pattern: "^[a-z0-9-]+$", maxLength: 140 },
      charterKind: { "x-id": "fld_charter_kind", enum: ["day-sail", "sunset-cruise", "fishing-trip", "other"] },
      description: { "x-id": "fld_charter_description", type: "string", maxLength: 2000 },
      hullLength: {
        "x-id": "fld_hull_length",
        "x-type": "measurement",
        "x-units": ["ft", "m"],
        minimum: 16,
        maximum: 200,
      },
      berths: { "x-id": "fld_berths", type: "integer", minimum: 0, maximum: 400 },
    },
  },
};
template.entities.Skipper = {
  id: "ent_skipper",
  scope: "tenant",
  schema: {
    type: "object",
    required: ["givenName", "height", "guestsAboard"],
    properties: {
      givenName: { "x-id": "fld_skipper_given_name", type: "string", maxLength: 60 },
      height: {
        "x-id": "fld_skipper_height",
        "x-type": "measurement",
        "x-units": ["in", "cm"],
        minimum: 20,
        maximum: 300,
      },
      guestsAboard: { "x-id": "fld_skipper_guests", type: "integer", minimum: 0, maximum: 500 },
    },
  },
};
const result = compileTemplateText(JSON.stringify(template), "charters.json");
const charter = result.ir?.entities.find((e) => e.name === "Charter");
const samples = Array.from({ length: 40 }, (_, i) => sampleRecord(charter!, i + 1));
const skipper = result.ir?.entities.find((e) => e.name === "Skipper");
const skippers = Array.from({ length: 40 }, (_, i) => sampleRecord(skipper!, i + 1));

describe("plausible samples for an unseen template", () => {
  test("the template compiles", () => expect(result.ok).toBe(true));

  test("titles name the record's kind (or its entity) and a place, and the slug follows the title", () => {
    for (const record of samples) {
      const title = String(record.title);
      const kind = String(record.charterKind);
      const expected = kind === "other" ? "charter" : kind.replace(/-/g, " ");
      expect(title.toLowerCase(), JSON.stringify(record)).toContain(expected);
      expect(title.split(" ").length, title).toBeGreaterThanOrEqual(2);
      if (record.slug !== undefined) expect(record.slug).toBe(slugOf(title));
    }
  });

  test("running text repeats the record's title, not a product blurb", () => {
    const described = samples.filter((r) => typeof r.description === "string");
    expect(described.length).toBeGreaterThan(10);
    for (const record of described) expect(String(record.description)).toContain(String(record.title));
  });

  test("a measurement is one quantity in the range's unit, stated in the unit picked", () => {
    const units = new Set<string>();
    for (const record of samples) {
      const { value, unit } = record.hullLength as { value: number; unit: "ft" | "m" };
      units.add(unit);
      const feet = (value * UNIT_FACTORS.length[unit]) / UNIT_FACTORS.length.ft;
      // The declared range 16–200 is in the first unit (ft); its middle half is 62–154 ft,
      // so a length in metres is 18.9–46.9 m, never a number of feet labelled metres.
      expect(feet, JSON.stringify(record.hullLength)).toBeGreaterThanOrEqual(61.8);
      expect(feet, JSON.stringify(record.hullLength)).toBeLessThanOrEqual(154.2);
      expect(value).toBeGreaterThanOrEqual(16);
      expect(value).toBeLessThanOrEqual(200);
    }
    expect([...units].sort()).toEqual(["ft", "m"]);
  });

  test("a number the name says nothing about lies in the middle half of its declared range", () => {
    for (const record of samples) {
      expect(record.berths).toBeGreaterThanOrEqual(100);
      expect(record.berths).toBeLessThanOrEqual(300);
    }
  });

  test("a person's height is a person's (150–200 cm), whichever unit it is stated in; a few guests, not hundreds", () => {
    for (const record of skippers) {
      const { value, unit } = record.height as { value: number; unit: "in" | "cm" };
      const cm = (value * UNIT_FACTORS.length[unit]) / UNIT_FACTORS.length.cm;
      expect(cm, JSON.stringify(record.height)).toBeGreaterThanOrEqual(149.9);
      expect(cm, JSON.stringify(record.height)).toBeLessThanOrEqual(200.1);
      expect(record.guestsAboard).toBeGreaterThanOrEqual(1);
      expect(record.guestsAboard).toBeLessThanOrEqual(6);
    }
  });
});
