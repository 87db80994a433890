/**
 * The dependency rule: layers only point one way. Checked by dependency-cruiser in npm test
 * (layers.test.ts), with TypeScript's pre-compilation dependencies, so a type-only import
 * counts as much as a value import, and dynamic imports count too.
 *
 *   engine/src/contract   the types and small facts every layer shares; imports nothing
 *   engine/src            → contract
 *   generators/src        → engine (contract included)
 *   generated/            → contract
 *   runtime/src           → contract, generated/
 *   studio/src            → engine (contract included)
 *
 * Composition roots wire layers together and may import anything: runtime/src/server.ts (the
 * server entry) and bin/ (the `mono` CLI). Tests, benchmarks and tool configs are outside the rule.
 */
import type { IForbiddenRuleType } from "dependency-cruiser";

/** Where the rule looks: every layer's sources and the composition roots. */
export const LAYER_ROOTS = ["engine/src", "generators/src", "runtime/src", "studio/src", "generated", "bin"];

/** Files that are not sources of a layer: the typed Prisma client is generated (and git-ignored). */
export const LAYER_EXCLUDE = "^generated/prisma/client/";

const OURS = "^(engine|generators|runtime|studio|generated|bin)/";

export const LAYER_RULES: IForbiddenRuleType[] = [
  {
    name: "contract-imports-nothing",
    comment: "engine/src/contract is the bottom layer: it imports nothing outside itself (not even packages).",
    severity: "error",
    from: { path: "^engine/src/contract/" },
    to: { pathNot: "^engine/src/contract/" },
  },
  {
    name: "engine-on-contract",
    comment: "The engine depends only on itself and the contract.",
    severity: "error",
    from: { path: "^engine/src/", pathNot: "^engine/src/contract/" },
    to: { path: OURS, pathNot: "^engine/src/" },
  },
  {
    name: "generators-on-engine",
    comment: "Generators depend on the engine (contract included), never on the runtime, studio or generated output.",
    severity: "error",
    from: { path: "^generators/src/" },
    to: { path: OURS, pathNot: "^(generators|engine)/src/" },
  },
  {
    name: "generated-on-contract",
    comment: "Generated code imports the contract's types only.",
    severity: "error",
    from: { path: "^generated/" },
    to: { path: OURS, pathNot: "^(generated/|engine/src/contract/)" },
  },
  {
    name: "runtime-on-contract-and-generated",
    comment:
      "The runtime reads the contract and generated/; the engine and generators are wired in by the server entry only.",
    severity: "error",
    from: { path: "^runtime/src/", pathNot: "^runtime/src/server\\.ts$" },
    to: { path: OURS, pathNot: "^(runtime/src/|engine/src/contract/|generated/)" },
  },
  {
    name: "studio-on-engine",
    comment: "The studio reads the contract and the engine; it talks to the runtime over HTTP only.",
    severity: "error",
    from: { path: "^studio/src/" },
    to: { path: OURS, pathNot: "^(studio|engine)/src/" },
  },
];
