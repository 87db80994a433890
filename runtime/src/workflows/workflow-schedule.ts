/**
 * Schedule triggers: a five-field cron expression (minute hour day-of-month month day-of-week;
 * `*`, lists `a,b`, ranges `a-b`, steps `*\/n` and `a-b/n`; day-of-week 0–7 with 0 and 7 Sunday;
 * when both day fields are restricted either may match, as in cron) read in the trigger's time
 * zone. Each minute a worker starts the run of every matching workflow in every tenant that
 * installed its template, with start key `<template>:<workflow>:schedule:<minute, ISO 8601 UTC>`: workers
 * racing for the same minute start it once. A minute no worker saw (all were down) is skipped.
 */
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { Database } from "../db/database.ts";
import type { PlanLookup, WorkflowExecutor } from "./workflow-executor.ts";

const RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** The values each field allows, or null when the expression is not a five-field cron. */
export function parseCron(expression: string): Set<number>[] | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const out: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const [min, max] = RANGES[i];
    const values = new Set<number>();
    for (const part of fields[i].split(",")) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return null;
      const from = m[1] === "*" ? min : Number(m[2]);
      const to = m[1] === "*" ? max : m[3] !== undefined ? Number(m[3]) : m[4] ? max : from;
      const step = m[4] ? Number(m[4]) : 1;
      if (from < min || to > max || from > to || step < 1) return null;
      for (let v = from; v <= to; v += step) values.add(i === 4 && v === 7 ? 0 : v);
    }
    out.push(values);
  }
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts of `at` in `timeZone`. */
function partsIn(at: Date, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  return { minute: Number(p.minute), hour: Number(p.hour), day: Number(p.day), month: Number(p.month), weekday };
}

/** Whether the minute of `at` matches the cron expression in the time zone. */
export function cronMatches(expression: string, at: Date, timeZone = "UTC"): boolean {
  const fields = parseCron(expression);
  if (!fields) return false;
  const [minute, hour, dom, month, dow] = fields;
  const t = partsIn(at, timeZone);
  if (!minute.has(t.minute) || !hour.has(t.hour) || !month.has(t.month)) return false;
  const domAll = dom.size === 31;
  const dowAll = dow.size === 7;
  if (domAll && dowAll) return true;
  if (domAll) return dow.has(t.weekday);
  if (dowAll) return dom.has(t.day);
  return dom.has(t.day) || dow.has(t.weekday);
}

/** Starts the runs of schedule triggers due this minute (called by the worker on its timer tick). */
export class WorkflowScheduler {
  private lastMinute = "";

  constructor(
    private readonly options: {
      db: Database;
      executor: WorkflowExecutor;
      planFor: PlanLookup;
      templates: () => readonly TemplateRegistry[];
    },
  ) {}

  /** Returns how many runs it started (0 when this minute was handled already). */
  async tick(now = new Date()): Promise<number> {
    const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const slot = minute.toISOString();
    if (slot === this.lastMinute) return 0;
    this.lastMinute = slot;
    let started = 0;
    for (const template of this.options.templates()) {
      if (!template.workflows.length) continue;
      // Every tenant that installed the template (a cross-tenant read; each start names its tenant).
      const { rows } = await this.options.db.query<{ tenantId: string }>(
        `SELECT "tenantId" FROM "template_install" WHERE "templateId" = $1`,
        [template.id],
      );
      for (const { tenantId } of rows)
        for (const workflow of template.workflows) {
          const source = this.options.planFor(tenantId, workflow.name, template.id);
          const trigger = source?.plan.nodes[source.plan.start];
          if (source?.templateId !== template.id || trigger?.kind !== "trigger" || trigger.trigger.on !== "schedule")
            continue;
          if (!cronMatches(trigger.trigger.cron, minute, trigger.trigger.timezone || "UTC")) continue;
          const run = await this.options.executor.start({
            tenantId,
            workflow: workflow.name,
            templateId: template.id,
            startKey: `${template.id}:${workflow.name}:schedule:${slot}`,
            trigger: { on: "schedule", at: slot },
          });
          if (run.created) {
            started++;
            await run.dispatch();
          }
        }
    }
    return started;
  }
}
