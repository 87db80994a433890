import { diagnostic, ptr } from "../diagnostics.ts";
import { mediaTypesOf } from "../contract/media.ts";
import type { RawSchemaObject } from "../template/raw-template.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * Media fields (`x-media`): accepted types the platform can recognise by content for the field's
 * kind, a count that fits one or many, variants only on images, and only on top-level fields.
 */
export function checkMedia({ raw, ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    for (const field of entity.fields) {
      const media = field.media;
      if (!media) continue;
      const at = ptr(field.pointer, "x-media");
      const declared = (raw.entities[entity.name]?.schema.properties[field.name] as RawSchemaObject | undefined)?.[
        "x-media"
      ];
      const known = mediaTypesOf(media.kind);
      media.accept.forEach((type, i) => {
        if (!known.includes(type))
          report(
            diagnostic(
              "ENG_MEDIA_ACCEPT_UNSUPPORTED",
              ptr(at, "accept", String(i)),
              `"${type}" is not a type the platform recognises by content for ${media.kind} fields.`,
              `Use one of ${known.join(", ")}.`,
            ),
          );
      });
      if (!media.multiple && declared?.maxCount !== undefined && declared.maxCount > 1)
        report(
          diagnostic(
            "ENG_MEDIA_COUNT_SINGLE",
            ptr(at, "maxCount"),
            `"${field.name}" holds one file, so it cannot hold ${declared.maxCount}.`,
            'Add "multiple": true, or drop maxCount.',
          ),
        );
      if (media.kind === "document")
        for (const key of ["variants", "formats"] as const)
          if (declared?.[key] !== undefined)
            report(
              diagnostic(
                "ENG_MEDIA_VARIANTS_NOT_IMAGE",
                ptr(at, key),
                `Documents are kept as uploaded; only image fields have ${key}.`,
                `Drop "${key}", or make the field "kind": "image".`,
              ),
            );
      if (media.kind === "image" && declared?.formats !== undefined && media.variants.length === 0)
        report(
          diagnostic(
            "ENG_MEDIA_FORMATS_UNUSED",
            ptr(at, "formats"),
            `"${field.name}" declares formats but no variants, so nothing is made in them.`,
            'Add "variants", e.g. { "thumb": { "width": 200 } }, or drop "formats".',
          ),
        );
    }
    reportNested(raw.entities[entity.name]?.schema.properties ?? {}, entity.pointer, report);
  }
}

/** x-media below the top level would be ignored (a nested value is not a field): say so at the keyword. */
function reportNested(
  properties: Record<string, RawSchemaObject>,
  entityPointer: string,
  report: CheckContext["report"],
): void {
  const visit = (schema: unknown, pointer: string, nested: boolean): void => {
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) return;
    const s = schema as RawSchemaObject;
    if (nested && "x-media" in s)
      report(
        diagnostic(
          "ENG_MEDIA_NESTED",
          ptr(pointer, "x-media"),
          "Media fields are top-level fields of an entity; inside an object or list this is ignored.",
          'Move it to a top-level field (a list of media is `"multiple": true`).',
        ),
      );
    if (s.properties && typeof s.properties === "object")
      for (const [name, sub] of Object.entries(s.properties)) visit(sub, ptr(pointer, "properties", name), true);
    if (s.items) visit(s.items, ptr(pointer, "items"), true);
    if (s.additionalProperties && typeof s.additionalProperties === "object")
      visit(s.additionalProperties, ptr(pointer, "additionalProperties"), true);
  };
  for (const [name, schema] of Object.entries(properties))
    visit(schema, ptr(entityPointer, "schema", "properties", name), false);
}
