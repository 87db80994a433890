import { useEffect, useMemo, useState } from "react";
import { listRecords } from "../../api/entity-api.ts";
import { pickLabel } from "../../core/labels.ts";
import type { StudioEntity, StudioTemplate } from "../../core/registry-types.ts";
import type { Route } from "../../core/router.ts";
import { titlesById } from "../../core/workflow-runs.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";

interface RunRef {
  workflow: string;
  entity: string | null;
  recordId: string | null;
}

export interface RunLabels {
  /** The workflow's label from the registry, else its name. */
  workflow(name: string): string;
  /** The record's title (its entity's title field), else `<Entity> <id…>`; null without a record. */
  record(ref: RunRef): string | null;
  /** The record's detail page, when its entity is known. */
  recordRoute(ref: RunRef): Route | null;
}

/** The tenant's templates, as the registry describes them. */
function useTenantTemplates(): readonly StudioTemplate[] {
  const registry = useRegistryStore((s) => s.registry);
  const tenant = useRegistryStore((s) => s.tenant);
  return useMemo(() => {
    const installed = new Set(tenant?.templates.map((t) => t.id) ?? []);
    const all = registry?.templates ?? [];
    return installed.size ? all.filter((t) => installed.has(t.id)) : all;
  }, [registry, tenant]);
}

const templateOf = (templates: readonly StudioTemplate[], workflow: string) =>
  templates.find((t) => t.workflows.some((w) => w.name === workflow));

const entityOf = (template: StudioTemplate | undefined, name: string | null) =>
  name ? template?.entities.find((e) => e.name === name || e.apiName === name) : undefined;

/**
 * Names for runs and tasks: workflow labels from the registry, record titles read through the
 * entity API (one list request per entity, only id and title; a record the caller may not read
 * keeps its id).
 */
export function useRunLabels(refs: readonly RunRef[]): RunLabels {
  const templates = useTenantTemplates();
  const locale = useSessionStore((s) => s.locale);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());

  const wanted = useMemo(() => {
    const byEntity = new Map<string, { entity: StudioEntity; ids: Set<string> }>();
    for (const ref of refs) {
      const entity = entityOf(templateOf(templates, ref.workflow), ref.entity);
      if (!entity?.titleField || !ref.recordId) continue;
      const slot = byEntity.get(entity.apiName) ?? { entity, ids: new Set<string>() };
      slot.ids.add(ref.recordId);
      byEntity.set(entity.apiName, slot);
    }
    return [...byEntity.values()].map(({ entity, ids }) => ({ entity, ids: [...ids].sort() }));
  }, [refs, templates]);
  const wantedKey = JSON.stringify(wanted.map((w) => [w.entity.apiName, w.ids]));

  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(
      wanted.map(async ({ entity, ids }) => {
        const query = new URLSearchParams({
          "filter[id:in]": ids.join(","),
          fields: `id,${entity.titleField}`,
          limit: String(ids.length),
        });
        const page = await listRecords(entity.apiName, query.toString(), controller.signal).catch(() => null);
        return page ? [...titlesById(page.data, entity.titleField)] : [];
      }),
    ).then((pairs) => {
      if (!controller.signal.aborted) setTitles(new Map(pairs.flat()));
    });
    return () => controller.abort();
    // wantedKey stands for `wanted` (a new array each render of new refs).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wantedKey]);

  return useMemo<RunLabels>(
    () => ({
      workflow(name) {
        const template = templateOf(templates, name);
        const workflow = template?.workflows.find((w) => w.name === name);
        return pickLabel(workflow?.label, locale, name, template?.defaultLocale);
      },
      record(ref) {
        if (!ref.recordId) return null;
        const title = titles.get(ref.recordId);
        if (title) return title;
        const template = templateOf(templates, ref.workflow);
        const entity = entityOf(template, ref.entity);
        const kind = entity
          ? pickLabel(entity.label, locale, entity.name, template?.defaultLocale)
          : (ref.entity ?? "");
        return `${kind} ${ref.recordId.slice(0, 8)}`.trim();
      },
      recordRoute(ref) {
        const template = templateOf(templates, ref.workflow);
        const entity = entityOf(template, ref.entity);
        return template && entity && ref.recordId
          ? { name: "detail", template: template.id, entity: entity.apiName, id: ref.recordId }
          : null;
      },
    }),
    [templates, titles, locale],
  );
}
