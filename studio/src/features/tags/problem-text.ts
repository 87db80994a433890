import { ProblemError } from "../../api/http.ts";

/** A failed request as one sentence: the problem's detail and its field messages. */
export function problemText(error: unknown): string {
  if (!(error instanceof ProblemError)) return (error as Error).message;
  const fields = (error.problem.errors ?? []).map((e) => e.message);
  return [error.message, ...fields].join(" — ");
}
