import type {
  EntityRegistry,
  MatchingRegistry,
  TemplateRegistry,
} from "../../../engine/src/contract/registry-types.ts";
import type { TenantContext } from "../context.ts";
import { readableRows, type AccessCompile, type CallerAccess } from "../crud/model/access.ts";
import { Binds, bindValues } from "../crud/sql/binds.ts";
import type { EntityStore } from "../crud/store/entity-store.ts";
import { ApiError } from "../http/problem.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { scoreStatement, type Direction } from "./matching-sql.ts";

/** A matching of one of the tenant's installed templates, with its two entities. */
export interface ServedMatching {
  readonly template: TemplateRegistry;
  readonly matching: MatchingRegistry;
  readonly demand: EntityRegistry;
  readonly supply: EntityRegistry;
}

/** One criterion's share of a score. */
export interface CriterionResult {
  readonly criterion: string;
  readonly status: "met" | "near" | "missed";
  readonly weight: number;
  readonly points: number;
  readonly requirement: unknown;
  readonly value: unknown;
}

export interface ScoredRecord {
  readonly id: string;
  readonly score: number;
  readonly breakdown: readonly CriterionResult[];
}

export interface ScorePage {
  readonly data: readonly ScoredRecord[];
  readonly maxScore: number;
  readonly nextCursor: string | null;
}

const CURSOR = /^(-?\d+(?:\.\d+)?)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The position after a row: its score (exact, as the database printed it) and id. */
export const encodeCursor = (score: string, id: string) => Buffer.from(`${score}|${id}`).toString("base64url");

export function decodeCursor(cursor: string): { score: string; id: string } {
  const m = CURSOR.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m)
    throw new ApiError("RT_ERR_BAD_QUERY", "Invalid cursor.", [
      { pointer: "/query/cursor", message: "is not a cursor of this list" },
    ]);
  return { score: m[1], id: m[2] };
}

/**
 * Scores records in SQL (runtime/src/matching/README.md): the candidates of a demand record or
 * the recommended demand records of a supply record, only records the caller may read, ordered
 * by score then id, one keyset page at a time.
 */
export class MatchingService {
  constructor(
    private readonly store: EntityStore,
    private readonly registry: RuntimeRegistry,
  ) {}

  /** The tenant's matchings (of its installed templates). */
  list(tenant: TenantContext): ServedMatching[] {
    const out: ServedMatching[] = [];
    for (const id of tenant.templates.keys()) {
      const template = this.registry.template(id);
      for (const matching of template?.matching ?? []) {
        const demand = template!.entities.find((e) => e.name === matching.demand);
        const supply = template!.entities.find((e) => e.name === matching.supply);
        if (demand && supply) out.push({ template: template!, matching, demand, supply });
      }
    }
    return out;
  }

  /** `name` or `templateId:name`; 404 when the tenant has none such, 400 when two templates have it. */
  resolve(tenant: TenantContext, name: string): ServedMatching {
    const [templateId, matchingName] = name.includes(":") ? name.split(":", 2) : [null, name];
    const found = this.list(tenant).filter(
      (m) => m.matching.name === matchingName && (templateId === null || m.template.id === templateId),
    );
    if (found.length > 1)
      throw new ApiError("RT_ERR_VALIDATION", "The matching name is ambiguous.", [
        { pointer: "/params/matching", message: "exists in several installed templates: use templateId:name" },
      ]);
    if (!found.length)
      throw new ApiError("RT_ERR_NOT_FOUND", "No such matching here.", [
        { pointer: "/params/matching", message: "is not a matching of this marketplace" },
      ]);
    return found[0];
  }

  async score(
    tenant: TenantContext,
    caller: CallerAccess | undefined,
    served: ServedMatching,
    direction: Direction,
    id: string,
    page: { limit: number; cursor?: string },
  ): Promise<ScorePage> {
    const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
    const tenantId = tenant.id;
    const demand = (await this.store.target(tenantId, served.template, served.demand)).view;
    const supply = (await this.store.target(tenantId, served.template, served.supply)).view;
    const anchorView = direction === "candidates" ? demand : supply;
    const anchorAc: AccessCompile | undefined = caller ? { access: caller, binds: new Binds() } : undefined;
    const anchorText = `SELECT 1 FROM ${anchorView.storage.table} AS a WHERE ${readableRows(anchorView, "a", anchorAc)} AND ${anchorView.id.sql("a")} = $2::uuid`;
    const ac: AccessCompile | undefined = caller ? { access: caller, binds: new Binds() } : undefined;
    const statement = scoreStatement(served.matching, demand, supply, direction, ac);
    const values = (binds: Binds | undefined) => bindValues(binds?.list, (k) => caller!.value(k));
    const rows = await this.store.sessions.run(tenantId, async (session) => {
      const anchor = await session.query(anchorAc ? anchorAc.binds.finish(anchorText, 2) : anchorText, [
        tenantId,
        id,
        ...values(anchorAc?.binds),
      ]);
      if (!anchor.rows.length)
        throw new ApiError("RT_ERR_NOT_FOUND", "No such record.", [
          { pointer: "/params/id", message: `is not a ${anchorView.entity.name} you may read` },
        ]);
      const result = await session.query<{ id: string; score: string; breakdown: CriterionResult[] }>(statement.text, [
        tenantId,
        id,
        page.limit + 1,
        after?.score ?? null,
        after?.id ?? null,
        ...values(ac?.binds),
      ]);
      return result.rows;
    });
    const more = rows.length > page.limit;
    const shown = more ? rows.slice(0, page.limit) : rows;
    const last = shown[shown.length - 1];
    return {
      data: shown.map((r) => ({
        id: r.id,
        score: Number(r.score),
        breakdown: r.breakdown.map((b) => ({ ...b, weight: Number(b.weight), points: Number(b.points) })),
      })),
      maxScore: statement.maxScore,
      nextCursor: more && last ? encodeCursor(last.score, last.id) : null,
    };
  }
}
