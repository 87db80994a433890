import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { compileTemplateValue } from "../src/index.ts";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8"));

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const ODD_VALUES = [
  null,
  0,
  -1,
  1.5,
  "",
  "x",
  "__proto__",
  true,
  [],
  {},
  [1, "a"],
  { $ref: "#/$defs/Nope" },
  "a".repeat(500),
];

/** Paths to every node of a JSON value. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

function mutate(template: unknown, random: () => number): unknown {
  const copy = structuredClone(template) as Record<string, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  for (let n = 0; n < 1 + Math.floor(random() * 3); n++) {
    const target = all[Math.floor(random() * all.length)];
    const parent = target.slice(0, -1).reduce<any>((node, key) => node?.[key], copy);
    if (!parent || typeof parent !== "object") continue;
    const key = target[target.length - 1];
    if (random() < 0.3 && !Array.isArray(parent)) delete parent[key];
    else parent[key] = structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]);
  }
  return copy;
}

test("1,000 random mutations of a valid template never crash the engine", () => {
  const random = rng(20261121);
  let rejected = 0;
  for (let i = 0; i < 1000; i++) {
    const template = mutate(base, random);
    const result = compileTemplateValue(template, "fuzz.json");
    if (!result.ok) {
      rejected++;
      for (const d of result.diagnostics) {
        expect(d.pointer === "" || d.pointer.startsWith("/")).toBe(true);
        expect(d.message.length).toBeGreaterThan(0);
      }
    }
  }
  // Most mutations break the template; all of them are reported, none thrown.
  expect(rejected).toBeGreaterThan(500);
});
