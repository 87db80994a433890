import type { Diagnostic } from "../diagnostics.ts";
import type { TemplateIR } from "../ir/types.ts";
import type { RawTemplate } from "../template/raw-template.ts";

/** What every semantic check receives: the raw template (for pointers), its IR and a sink. */
export interface CheckContext {
  readonly raw: RawTemplate;
  readonly ir: TemplateIR;
  readonly report: (d: Diagnostic) => void;
}

export type TemplateCheck = (ctx: CheckContext) => void;
