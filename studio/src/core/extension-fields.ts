import { humanize } from "./labels.ts";
import type { EntityFormSpec } from "./registry-types.ts";

/** A tenant's extension fields of an entity, as `GET /api/v1/tenant/extensions/:entity` returns them. */
export interface ExtensionFields {
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

type Schema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

/**
 * The generated form spec with a tenant's extension fields merged in, as the runtime merges them
 * into the record schemas (top-level properties, required on create only). They join the last
 * wizard step, so a multi-step form still shows every property.
 */
export function withExtensionFields(spec: EntityFormSpec, ext: ExtensionFields | null): EntityFormSpec {
  const names = Object.keys(ext?.properties ?? {});
  if (!ext || !names.length) return spec;
  const property = (name: string) => {
    const { "x-label": label, ...schema } = ext.properties[name];
    const labels = label as Record<string, string> | undefined;
    return { title: labels?.en ?? Object.values(labels ?? {})[0] ?? humanize(name), ...schema };
  };
  const extend = (schema: Record<string, unknown>, required: boolean): Record<string, unknown> => {
    const s = schema as Schema;
    return {
      ...s,
      properties: { ...(s.properties ?? {}), ...Object.fromEntries(names.map((n) => [n, property(n)])) },
      ...(required && ext.required?.length ? { required: [...(s.required ?? []), ...ext.required] } : {}),
    };
  };
  const labels = Object.fromEntries(
    Object.entries(spec.labels).map(([locale, l]) => [
      locale,
      {
        ...l,
        fields: {
          ...l.fields,
          ...Object.fromEntries(
            names.map((n) => [
              n,
              ((ext.properties[n]["x-label"] as Record<string, string> | undefined)?.[locale] ??
                property(n).title) as string,
            ]),
          ),
        },
      },
    ]),
  );
  const steps = spec.steps?.length
    ? spec.steps.map((s, i, all) => (i === all.length - 1 ? { ...s, fields: [...s.fields, ...names] } : s))
    : spec.steps;
  return {
    ...spec,
    create: { ...spec.create, schema: extend(spec.create.schema, true) },
    edit: { ...spec.edit, schema: extend(spec.edit.schema, false) },
    labels,
    ...(steps ? { steps } : {}),
  };
}
