import type { FieldError } from "../../http/problem.ts";
import type { EntityView } from "../model/types.ts";
import { localizedView } from "../model/locale.ts";
import { entityByName, viewOf } from "../model/view-cache.ts";
import type { IncludeNode } from "./list-plan.ts";

const MAX_DEPTH = 2;
const MAX_INCLUDES = 10;

interface MutableNode {
  relation: IncludeNode["relation"];
  view: EntityView;
  children: MutableNode[];
}

/** `include=category,job.client` → a relation tree, at most two levels deep. */
export function parseInclude(input: unknown, view: EntityView, errors: FieldError[]): IncludeNode[] {
  if (input === undefined || input === "") return [];
  if (typeof input !== "string") {
    errors.push({ pointer: "/query/include", message: "must be given once, e.g. include=category,applications" });
    return [];
  }
  const paths = input.split(",");
  if (paths.length > MAX_INCLUDES) {
    errors.push({ pointer: "/query/include", message: `at most ${MAX_INCLUDES} relations` });
    return [];
  }
  const roots: MutableNode[] = [];
  for (const path of paths) {
    const names = path.split(".");
    if (names.length > MAX_DEPTH) {
      errors.push({ pointer: "/query/include", message: `"${path.slice(0, 100)}" is deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    let level = roots;
    let owner = view;
    for (const name of names) {
      const relation = owner.entity.relations.find((r) => r.name === name);
      const target = relation && entityByName(owner.template, relation.target);
      if (!relation || !target) {
        errors.push({
          pointer: "/query/include",
          message: `"${name.slice(0, 100)}" is not a relation of ${owner.entity.name}`,
        });
        break;
      }
      let node = level.find((n) => n.relation === relation);
      // Included records are read in the same locales as the record that includes them.
      const included = localizedView(viewOf(owner.template, target), view.translation?.chain ?? []);
      if (!node) level.push((node = { relation, view: included, children: [] }));
      level = node.children;
      owner = node.view;
    }
  }
  return roots;
}
