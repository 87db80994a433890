/** The shared problem pieces live in the contract, so the runtime's documents use the same ones. */
export {
  PROBLEM_SCHEMA,
  PROBLEM_RESPONSES,
  problemResponses,
  problems,
  type ProblemResponseName as ProblemResponse,
} from "../../../engine/src/contract/openapi-common.ts";
