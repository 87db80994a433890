import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileTemplateText } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { templates } from "../../generated/registry.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { buildStudioRegistry } from "../../runtime/src/studio/registry-view.ts";
import { templateArb } from "../../test/support/random-template.ts";
import { referenceQueries, referenceQueryString } from "../src/core/reference-titles.ts";
import type { StudioTemplate } from "../src/core/registry-types.ts";

/** Shipped templates and generated ones (any industry): the rule must hold for both. */
const generated = Array.from({ length: 12 }, (_, i) => {
  const raw = fc.sample(templateArb(i), { numRuns: 1, seed: 20_261_203 + i })[0];
  const result = compileTemplateText(JSON.stringify(raw), `random-${i}.json`);
  if (!result.ok) throw new Error(`random template ${i} does not compile`);
  return buildTemplateRegistry(result.ir);
});
const studio = buildStudioRegistry([...(templates as unknown as TemplateRegistry[]), ...generated]).templates;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe.each(studio.map((t) => [t.id, t] as const))("%s", (_id, template: StudioTemplate) => {
  test("each shown foreign key asks for the distinct ids it references, by the target's title field", () => {
    for (const entity of template.entities) {
      const keys = entity.relations.filter((r) => r.foreignKey).map((r) => r.foreignKey!);
      const records = [1, 2, 1, 3].map((n, i) => ({
        id: id(100 + i),
        ...Object.fromEntries(keys.map((k) => [k, id(n)])),
      }));
      const queries = referenceQueries(template, entity, records, keys);
      const expected = entity.relations
        .filter((r) => r.foreignKey && template.entities.find((e) => e.name === r.target)?.titleField)
        .map((r) => {
          const target = template.entities.find((e) => e.name === r.target)!;
          return {
            column: r.foreignKey,
            target: target.apiName,
            titleField: target.titleField,
            ids: [1, 2, 3].map(id),
          };
        });
      expect(queries, entity.name).toEqual(expected);
      // A hidden column asks nothing.
      expect(referenceQueries(template, entity, records, [])).toEqual([]);
      for (const q of queries) {
        const params = new URLSearchParams(referenceQueryString(q));
        expect(params.get("filter[id:in]")).toBe([1, 2, 3].map(id).join(","));
        expect(params.get("fields")).toBe(`id,${q.titleField}`);
      }
    }
  });
});

test("the generated templates have foreign keys to titled entities (so the property is not vacuous)", () => {
  const titled = studio
    .slice(templates.length)
    .flatMap((t) =>
      t.entities.flatMap((e) =>
        e.relations.filter((r) => r.foreignKey && t.entities.find((x) => x.name === r.target)?.titleField),
      ),
    );
  expect(titled.length).toBeGreaterThan(0);
});
