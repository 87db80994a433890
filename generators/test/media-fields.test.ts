import { describe, expect, test } from "vitest";
import { formsPlugin } from "../src/forms/index.ts";
import { openapiPlugin } from "../src/openapi/index.ts";
import { registryPlugin } from "../src/registry/index.ts";
import { typesPlugin } from "../src/types/index.ts";
import { zodPlugin } from "../src/zod/index.ts";
import { compileApp, minimal } from "./support/plugin-fixtures.ts";

/** minimal.json with a gallery of images and one private document on Listing. */
function mediaApp() {
  const t = minimal();
  const p = t.entities.Listing.schema.properties;
  p.photos = {
    "x-id": "fld_photos",
    "x-media": {
      kind: "image",
      multiple: true,
      maxCount: 4,
      variants: { thumb: { width: 200 }, large: { width: 1600 } },
      formats: ["webp"],
    },
  };
  p.contract = { "x-id": "fld_contract", "x-media": { kind: "document", maxBytes: 5000000 } };
  return compileApp(t);
}

describe("generated artefacts know media fields", () => {
  const app = mediaApp();

  test("form specs: the media widget with what the picker accepts and the limits", () => {
    const form = JSON.parse(formsPlugin.build({ app })["mini-market/forms/Listing.json"] as string);
    expect(form.create.uiSchema.photos).toMatchObject({
      "ui:widget": "media",
      "ui:options": {
        media: {
          kind: "image",
          multiple: true,
          maxCount: 4,
          accept: "image/jpeg,image/png,image/webp",
          maxBytes: 10485760,
          visibility: "public",
          variants: ["thumb", "large"],
        },
      },
    });
    expect(form.create.uiSchema.contract["ui:options"].media).toMatchObject({
      kind: "document",
      multiple: false,
      accept: "application/pdf",
      maxBytes: 5000000,
      visibility: "private",
    });
    expect(form.create.schema.properties.photos).toMatchObject({ type: "array", maxItems: 4, uniqueItems: true });
  });

  test("OpenAPI: uuid ids, the limits in words", () => {
    const doc = JSON.parse(openapiPlugin.build({ app })["mini-market/openapi.json"] as string);
    const photos = doc.components.schemas.MiniMarketListingCreate.properties.photos;
    expect(photos).toMatchObject({ type: "array", items: { type: "string", format: "uuid" }, maxItems: 4 });
    expect(photos.description).toContain("Up to 4 media ids");
    expect(photos.description).toContain("thumb 200px, large 1600px (webp)");
    const contract = doc.components.schemas.MiniMarketListing.properties.contract;
    expect(contract).toMatchObject({ type: ["string", "null"], format: "uuid" });
    expect(contract.description).toContain("application/pdf, at most 5000000 bytes each, private");
  });

  test("registry carries the spec; Zod and TS types hold ids", () => {
    const registry = registryPlugin.build({ app })["mini-market/registry.ts"] as string;
    expect(registry).toMatch(/media: \{\s+kind: "document",/);
    const zod = zodPlugin.build({ app })["mini-market/zod.ts"] as string;
    expect(zod).toMatch(/photos: z\.array\(z\.stringFormat\("uuid", isUuid\)\)\s*\.max\(4\)/);
    const types = typesPlugin.build({ app })["mini-market/types.ts"] as string;
    expect(types).toMatch(/photos\?: string\[\]/);
    expect(types).toMatch(/contract\?: string;/);
  });
});
