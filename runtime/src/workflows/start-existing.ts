/**
 * Starts the runs that records written without the entity API would have started: the demo
 * seeder writes through the CRUD store, so its records have no runs until this looks at them.
 * Each record goes through the same trigger logic as an API create (WorkflowActions.recordWritten),
 * with the same start keys (`<workflow>:<id>:create`, …), so calling it again starts nothing new.
 */
import type { FastifyInstance } from "fastify";
import { entityOf, quoteIdent, type RecordRow } from "./workflow-records.ts";

/** Starts the create-time runs of every record of the tenant's template; returns how many it started. */
export async function startRunsForExistingRecords(
  app: FastifyInstance,
  tenantId: string,
  templateId: string,
): Promise<number> {
  const template = app.registry.templates.find((t) => t.id === templateId);
  if (!template) return 0;
  let started = 0;
  for (const registered of template.entities) {
    if (registered.draft) continue;
    const workflows = template.workflows.filter((w) => w.entity === registered.name).map((w) => w.name);
    if (!workflows.length) continue;
    const entity = entityOf(template, registered.name);
    const dispatches = await app.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ r: RecordRow }>(
        `SELECT to_jsonb(t) AS "r" FROM ${quoteIdent(entity.table)} t WHERE t."tenantId" = $1 ORDER BY t."createdAt", t."id"`,
        [tenantId],
      );
      const out: (() => Promise<void>)[] = [];
      for (const { r } of rows) {
        const by = typeof r.createdBy === "string" ? r.createdBy : null;
        out.push(
          ...(await app.workflows.actions.recordWritten(
            tx,
            tenantId,
            entity,
            workflows,
            "create",
            r,
            [],
            null,
            by,
            templateId,
          )),
        );
      }
      return out;
    });
    started += dispatches.length;
    for (const dispatch of dispatches) await dispatch();
  }
  return started;
}
