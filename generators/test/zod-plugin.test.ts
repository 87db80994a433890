import { describe, expect, test } from "vitest";
import { Project } from "ts-morph";
import { z } from "zod";
import { zodPlugin } from "../src/zod/index.ts";
import { expectGolden } from "./support/golden.ts";
import { fixtureApp } from "./support/fixture-app.ts";

describe("@core/zod", () => {
  const files = zodPlugin.build({ app: fixtureApp() });

  test("golden: mini-market/zod.ts", () => {
    expect(Object.keys(files)).toEqual(["mini-market/zod.ts"]);
    expectGolden("zod/mini-market/zod.ts", files["mini-market/zod.ts"]);
  });

  test("deterministic", () => {
    expect(zodPlugin.build({ app: fixtureApp() })).toEqual(files);
  });

  test("the emitted module type-checks and validates like the record schema says", async () => {
    const project = new Project({
      compilerOptions: { strict: true, module: 99, moduleResolution: 100, target: 9, skipLibCheck: true, noEmit: true },
    });
    const source = project.createSourceFile("/work/main/generated/__check__/zod.ts", files["mini-market/zod.ts"], {
      overwrite: true,
    });
    const problems = source.getPreEmitDiagnostics().map((d) => d.getMessageText().toString());
    expect(problems, problems.join("\n")).toEqual([]);

    // Evaluate the module's schemas (without the TS-only lines) and exercise them.
    const js = files["mini-market/zod.ts"]
      .replace(/^import .*$/m, "")
      .replace(/^export type .*$/gm, "")
      .replace(/^export const /gm, "const ")
      .replace(/} as const;/g, "};")
      .replace(/function (\w+)\(s: string\): boolean/g, "function $1(s)");
    const schemas = new Function("z", `${js}; return schemas;`)(z) as Record<string, Record<string, z.ZodType>>;
    const create = schemas.Listing.create;
    const valid = {
      title: "Red shoes",
      price: { amount: 1999, currency: "EUR" },
      categoryId: "0b6f9ad4-5b7e-4c55-9a55-7f3d1b0d2a11",
    };
    expect(create.safeParse(valid).success).toBe(true);
    expect(create.safeParse({ ...valid, price: { amount: 19.99, currency: "EUR" } }).success).toBe(false);
    expect(create.safeParse({ ...valid, price: { amount: 100, currency: "GBP" } }).success).toBe(false);
    expect(create.safeParse({ ...valid, unknown: 1 }).success).toBe(false);
    expect(create.safeParse({ title: "Red shoes" }).success).toBe(false);
    expect(schemas.Listing.update.safeParse({}).success).toBe(true);
    expect(schemas.Listing.update.safeParse({ contact: null }).success).toBe(true);
    expect(schemas.Listing.update.safeParse({ contact: "not-an-email" }).success).toBe(false);
  });
});
