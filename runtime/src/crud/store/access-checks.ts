import { ApiError, type FieldError } from "../../http/problem.ts";
import type { CallerAccess, Gate } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";
import { token, type ListPlan } from "../query/list-plan.ts";
import type { Owner } from "../sql/ref-checks.ts";

/** Refuses an action no row could pass: 401 for anonymous callers (signing in might help), else 403. */
export function denied(access: CallerAccess, view: EntityView, gate: Gate, action: string): void {
  if (gate.kind !== "none") return;
  if (!access.signedIn)
    throw new ApiError("RT_ERR_UNAUTHENTICATED", `Sign in to ${action} ${view.entity.name} records.`);
  throw new ApiError("RT_ERR_FORBIDDEN", `You may not ${action} ${view.entity.name} records.`);
}

const ruled = new WeakMap<EntityView, { read: Set<string>; write: Set<string> }>();

/** The fields of a view that have their own read / write rule (computed once per view). */
function ruledFields(view: EntityView): { read: Set<string>; write: Set<string> } {
  let sets = ruled.get(view);
  if (!sets) {
    sets = { read: new Set(), write: new Set() };
    for (const f of view.entity.fields) {
      if (f.access?.read) sets.read.add(f.name);
      if (f.access?.write) sets.write.add(f.name);
    }
    ruled.set(view, sets);
  }
  return sets;
}

/** The field a filter/sort path reads (`price.amount` → price). */
const head = (path: string) => {
  const dot = path.indexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
};

/**
 * Filtering and sorting by a field reveal its values, so they need the field on every row the
 * caller reads (a rule that depends on the row would leak through the others); selecting a
 * field the caller may never read is refused outright.
 */
export function checkQueryFields(
  access: CallerAccess,
  view: EntityView,
  plan: Pick<ListPlan, "filters" | "sort" | "fields">,
): void {
  const through = plan.filters.some((f) => f.through) || plan.sort.some((k) => k.through);
  if (ruledFields(view).read.size === 0 && !through) return;
  const errors: FieldError[] = [];
  const readableOn = (on: EntityView, path: string, full: boolean) => {
    const name = head(path);
    if (!ruledFields(on).read.has(name)) return true;
    const gate = access.fieldRead(on, name);
    return full ? gate.kind === "all" : gate.kind !== "none";
  };
  const readable = (path: string, full: boolean) => readableOn(view, path, full);
  // A filter through relations reads the field of the last related record.
  for (const f of plan.filters)
    if (
      !(f.through
        ? readableOn(f.through.hops[f.through.hops.length - 1].to, f.through.field, true)
        : readable(f.path, true))
    )
      errors.push({ pointer: `/query/filter/${token(f.path)}`, message: "may not be read by you" });
  for (const k of plan.sort)
    if (
      !(k.through
        ? readableOn(k.through.hops[k.through.hops.length - 1].to, k.through.field, true)
        : readable(k.path, true))
    )
      errors.push({ pointer: "/query/sort", message: `"${k.path}" may not be read by you` });
  for (const o of plan.fields ?? [])
    if (!readable(o.name, false))
      errors.push({ pointer: "/query/fields", message: `"${o.name}" may not be read by you` });
  if (errors.length) throw new ApiError("RT_ERR_FORBIDDEN", "The query names fields you may not read.", dedupe(errors));
}

const dedupe = (errors: FieldError[]) =>
  errors.filter((e, i) => errors.findIndex((x) => x.pointer === e.pointer && x.message === e.message) === i);

/** The write gate of every body key that has a field rule. */
export function fieldWriteGates(
  access: CallerAccess,
  view: EntityView,
  body: unknown,
  action: "create" | "update",
  owner: Owner,
): { name: string; gate: Gate }[] {
  const rules = ruledFields(view).write;
  if (rules.size === 0 || typeof body !== "object" || body === null || Array.isArray(body)) return [];
  return Object.keys(body)
    .filter((name) => rules.has(name) && (body as Record<string, unknown>)[name] !== undefined)
    .map((name) => ({ name, gate: access.fieldWrite(view, name, action, owner) }));
}

/** Body keys the caller may never write: one 403 with a pointer per key (before validation). */
export function forbiddenFields(
  access: CallerAccess,
  view: EntityView,
  body: unknown,
  action: "create" | "update",
  owner: Owner,
  prefix: string,
): void {
  const refused = fieldWriteGates(access, view, body, action, owner).filter((f) => f.gate.kind === "none");
  if (refused.length) {
    throw new ApiError(
      "RT_ERR_FORBIDDEN",
      "You may not set some of these fields.",
      refused.map((f) => ({ pointer: `${prefix}/${token(f.name)}`, message: "may not be written by you" })),
    );
  }
}
