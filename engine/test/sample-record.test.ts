import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateText, entityRecordSchema, sampleRecord } from "../src/index.ts";
import { createValueAjv } from "../src/checks/value-validator.ts";

const root = path.join(import.meta.dirname, "..", "..");

describe("sampleRecord", () => {
  const shipped = readdirSync(path.join(root, "industry-templates")).filter((id) =>
    existsSync(path.join(root, "industry-templates", id, "template.json")),
  );
  test("every shipped template is sampled", () => expect(shipped.length).toBeGreaterThan(0));
  for (const id of shipped) {
    test(`${id}: 20 samples of every entity satisfy its create schema (foreign keys aside)`, () => {
      const result = compileTemplateText(
        readFileSync(path.join(root, "industry-templates", id, "template.json"), "utf8"),
        id,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
      const ajv = createValueAjv();
      for (const entity of result.ir.entities) {
        const schema = entityRecordSchema(entity, "create");
        const fkNames = entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : []));
        const withoutFks = {
          ...schema,
          required: ((schema.required as string[]) ?? []).filter((n) => !fkNames.includes(n)),
        };
        const validate = ajv.compile(withoutFks);
        for (let seed = 1; seed <= 20; seed++) {
          const record = sampleRecord(entity, seed);
          expect(
            validate(record),
            `${entity.name} seed ${seed}: ${JSON.stringify(validate.errors)} ${JSON.stringify(record)}`,
          ).toBe(true);
        }
      }
    });
  }

  test("deterministic per seed, different across seeds", () => {
    const result = compileTemplateText(
      readFileSync(path.join(root, "industry-templates", "modeling-agency", "template.json"), "utf8"),
      "m",
    );
    if (!result.ok) throw new Error("compile");
    const entity = result.ir.entities.find((e) => e.name === "ModelProfile")!;
    expect(sampleRecord(entity, 3)).toEqual(sampleRecord(entity, 3));
    expect(sampleRecord(entity, 3)).not.toEqual(sampleRecord(entity, 4));
  });
});
