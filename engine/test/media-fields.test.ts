import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateValue, entityRecordSchema } from "../src/index.ts";
import { compileValueSchema } from "../src/checks/value-validator.ts";

const minimal = (): Record<string, any> =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8"));

/** minimal.json with a gallery of images and one private document on Listing. */
function withMedia(): Record<string, any> {
  const t = minimal();
  const p = t.entities.Listing.schema.properties;
  p.photos = {
    "x-id": "fld_photos",
    "x-label": { en: "Photos", de: "Fotos" },
    minItems: 1,
    "x-media": {
      kind: "image",
      multiple: true,
      maxCount: 6,
      accept: ["image/jpeg", "image/png", "image/webp"],
      maxBytes: 2_000_000,
      variants: { large: { width: 1600 }, thumb: { width: 200 }, medium: { width: 800 } },
      formats: ["webp", "jpeg"],
    },
  };
  p.contract = { "x-id": "fld_contract", "x-media": { kind: "document" } };
  return t;
}

const compile = (t: unknown) => compileTemplateValue(t, "media.json");

describe("media fields (x-media)", () => {
  test("a declaration normalizes to a media spec with its defaults; variants by width", () => {
    const result = compile(withMedia());
    expect(result.diagnostics).toEqual([]);
    const listing = result.ir!.entities.find((e) => e.name === "Listing")!;
    const photos = listing.fields.find((f) => f.name === "photos")!;
    expect(photos.media).toEqual({
      kind: "image",
      multiple: true,
      maxCount: 6,
      accept: ["image/jpeg", "image/png", "image/webp"],
      maxBytes: 2_000_000,
      visibility: "public",
      variants: [
        { name: "thumb", width: 200 },
        { name: "medium", width: 800 },
        { name: "large", width: 1600 },
      ],
      formats: ["webp", "jpeg"],
      onDelete: "delete",
    });
    expect(photos.kind).toBe("array");
    expect(photos.itemKind).toBe("string");
    expect(photos.format).toBe("uuid");
    const contract = listing.fields.find((f) => f.name === "contract")!;
    expect(contract.media).toMatchObject({
      kind: "document",
      multiple: false,
      maxCount: 1,
      accept: ["application/pdf"],
      maxBytes: 10 * 1024 * 1024,
      visibility: "private",
      variants: [],
      formats: [],
    });
    expect(contract.kind).toBe("string");
    expect(contract.format).toBe("uuid");
    // Every other field has none.
    expect(listing.fields.find((f) => f.name === "title")!.media).toBeNull();
  });

  test("the value schema holds media ids: one uuid, or distinct uuids up to maxCount", () => {
    const listing = compile(withMedia()).ir!.entities.find((e) => e.name === "Listing")!;
    const create = entityRecordSchema(listing, "create") as any;
    expect(create.properties.photos).toEqual({
      type: "array",
      items: { type: "string", format: "uuid" },
      uniqueItems: true,
      maxItems: 6,
      minItems: 1,
    });
    expect(create.properties.contract).toEqual({ type: "string", format: "uuid" });
    const photos = compileValueSchema(create.properties.photos);
    const id = "4b1d8a8e-3f43-4c7e-9a37-0d7b8c1e2f10";
    expect(photos([id])).toBe(true);
    expect(photos([id, id])).toBe(false);
    expect(photos(["not-an-id"])).toBe(false);
    expect(photos([])).toBe(false);
    expect(photos(Array.from({ length: 7 }, (_, i) => id.slice(0, -2) + String(i).padStart(2, "0")))).toBe(false);
  });

  test("formats without variants are a warning at the formats key", () => {
    const t = minimal();
    t.entities.Listing.schema.properties.logo = {
      "x-id": "fld_logo",
      "x-media": { kind: "image", formats: ["avif"] },
    };
    const result = compile(t);
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "ENG_MEDIA_FORMATS_UNUSED",
        severity: "warning",
        pointer: "/entities/Listing/schema/properties/logo/x-media/formats",
      }),
    ]);
  });

  test("a media field reused through $defs keeps its declaration", () => {
    const t = minimal();
    t.$defs.Gallery = { "x-media": { kind: "image", multiple: true, maxCount: 3 } };
    t.entities.Listing.schema.properties.gallery = { $ref: "#/$defs/Gallery", "x-id": "fld_gallery" };
    const result = compile(t);
    expect(result.diagnostics).toEqual([]);
    const field = result.ir!.entities.find((e) => e.name === "Listing")!.fields.find((f) => f.name === "gallery")!;
    expect(field.media).toMatchObject({ kind: "image", multiple: true, maxCount: 3, formats: [] });
  });
});
