/**
 * axe-core (the npm package, injected from node_modules: no network) run inside a page with the
 * WCAG 2.0/2.1 A and AA rules. Each violation comes back with its rule, impact and the CSS
 * targets of the elements that fail it.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let source: Promise<string> | null = null;

export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
  /** axe's own explanation for the first failing element (e.g. the contrast ratio measured). */
  summary: string;
}

/** Runs axe's WCAG 2.1 AA rules over the page's document (injecting axe once per document). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  source ??= readFile(AXE_PATH, "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: await source });
  return page.evaluate(
    async (tags) => {
      const axe = (window as unknown as { axe: any }).axe;
      const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return result.violations.map(
        (v: {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: unknown[]; failureSummary?: string }[];
        }) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => n.target.map(String).join(" ")),
          summary: v.nodes[0]?.failureSummary ?? "",
        }),
      );
    },
    [...WCAG_21_AA],
  );
}

/** One line per violation, readable in a failing assertion. */
export function describeViolations(view: string, violations: AxeViolation[]): string[] {
  return violations.map(
    (v) =>
      `${view}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.slice(0, 4).join(", ")}${v.targets.length > 4 ? ` +${v.targets.length - 4}` : ""} — ${v.summary.replace(/\s+/g, " ").slice(0, 200)}`,
  );
}
