import type { AccessRule } from "./registry-types.ts";
import type { FormPairLike } from "./form-steps.ts";

/**
 * Whether someone with `roles` may write a field guarded by `rule` when creating a record
 * (the creator owns the record, so ownership rules pass). Admins pass everything.
 */
export function mayWrite(rule: AccessRule | undefined, roles: readonly string[], admin: boolean): boolean {
  if (!rule || admin) return true;
  return rule.public || rule.authenticated || rule.ownership.length > 0 || rule.roles.some((r) => roles.includes(r));
}

/**
 * A create form without the fields the user may not write (`ui:options.access.write` that the
 * generated uiSchema carries): a moderator's note is not for the user posting a request. The
 * server enforces the same rule; this only keeps the form honest.
 */
export function withoutUnwritableFields(form: FormPairLike, roles: readonly string[], admin: boolean): FormPairLike {
  if (admin) return form;
  const ui = form.uiSchema as Record<string, { "ui:options"?: { access?: { write?: AccessRule } } } | unknown>;
  const hidden = Object.entries(ui)
    .filter(([key, entry]) => !key.startsWith("ui:") && typeof entry === "object" && entry !== null)
    .filter(
      ([, entry]) =>
        !mayWrite(
          (entry as { "ui:options"?: { access?: { write?: AccessRule } } })["ui:options"]?.access?.write,
          roles,
          admin,
        ),
    )
    .map(([key]) => key);
  if (!hidden.length) return form;
  const schema = form.schema as { properties?: Record<string, unknown>; required?: string[] };
  return {
    schema: {
      ...form.schema,
      properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !hidden.includes(k))),
      ...(schema.required ? { required: schema.required.filter((k) => !hidden.includes(k)) } : {}),
    },
    uiSchema: form.uiSchema,
  };
}
