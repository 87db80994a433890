import fp from "fastify-plugin";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { EntityStore } from "../crud/store/entity-store.ts";
import { dataList } from "../http/list-schema.ts";
import type { Direction } from "./matching-sql.ts";
import { MatchingService } from "./matching-service.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Scoring of demand and supply records against each other (runtime/src/matching/README.md). */
    matching: MatchingService;
  }
}

const TAGS = ["matching"];
const read = { config: { tenant: true, auth: "optional" } as const };
const MATCHING_NAME = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  pattern: "^([a-z][a-z0-9]*(-[a-z0-9]+)*:)?[a-z][a-z0-9]*(-[a-z0-9]+)*$",
  description: "A matching's name, or `templateId:name` when two installed templates have one",
} as const;
const JSON_VALUE = { description: "Any JSON value (or null)." } as const;
const CRITERION = {
  type: "object",
  required: ["criterion", "status", "weight", "points", "requirement", "value"],
  properties: {
    criterion: { type: "string" },
    status: { enum: ["met", "near", "missed"] },
    weight: { type: "number" },
    points: { type: "number", description: "The weight when met, weight × nearPoints when near, 0 when missed." },
    requirement: {
      ...JSON_VALUE,
      description: "The demand's requirement as compared (ranges: `{ min, max }` in the criterion's unit).",
    },
    value: { ...JSON_VALUE, description: "The supply's value as compared (null: empty, or a field you may not read)." },
  },
} as const;
const PAGE = {
  type: "object",
  required: ["data", "maxScore", "nextCursor"],
  properties: {
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "score", "breakdown"],
        properties: {
          id: { type: "string", format: "uuid" },
          score: { type: "number" },
          breakdown: { type: "array", items: CRITERION },
        },
      },
    },
    maxScore: { type: "number", description: "The sum of the weights." },
    nextCursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page; null on the last." },
  },
} as const;
const PARAMS = {
  type: "object",
  required: ["matching", "id"],
  properties: { matching: MATCHING_NAME, id: { type: "string", format: "uuid" } },
} as const;
const QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
    cursor: { type: "string", minLength: 1, maxLength: 200 },
  },
} as const;
const MATCHING = {
  type: "object",
  required: ["name", "templateId", "demand", "supply", "nearPoints", "criteria"],
  properties: {
    name: { type: "string" },
    templateId: { type: "string" },
    demand: { type: "string", description: "The demand entity's API name." },
    supply: { type: "string", description: "The supply entity's API name." },
    nearPoints: { type: "number" },
    criteria: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "kind", "weight"],
        properties: {
          name: { type: "string" },
          kind: { enum: ["range", "in", "boolean"] },
          weight: { type: "number" },
        },
      },
    },
  },
} as const;

async function matchingRoutes(app: FastifyInstance, options: { service: MatchingService }) {
  const service = options.service;

  app.get(
    "/api/v1/tenant/matching",
    {
      ...read,
      schema: {
        tags: TAGS,
        description:
          "The matchings the tenant's templates declare (template `matching`), with their criteria and weights.",
        response: { 200: dataList(MATCHING) },
      },
    },
    async (request) => ({
      data: service.list(request.tenant!).map((m) => ({
        name: m.matching.name,
        templateId: m.template.id,
        demand: m.demand.apiName,
        supply: m.supply.apiName,
        nearPoints: m.matching.nearPoints,
        criteria: m.matching.criteria.map((c) => ({ name: c.name, kind: c.kind, weight: c.weight })),
      })),
    }),
  );

  const scored = (direction: Direction, description: string) => ({
    ...read,
    schema: { tags: TAGS, description, params: PARAMS, querystring: QUERY, response: { 200: PAGE } },
  });
  const handler = (direction: Direction) => async (request: FastifyRequest) => {
    const { matching, id } = request.params as { matching: string; id: string };
    const query = request.query as { limit: number; cursor?: string };
    const served = service.resolve(request.tenant!, matching);
    return service.score(request.tenant!, await app.authz.caller(request), served, direction, id, query);
  };
  app.get(
    "/api/v1/tenant/matching/:matching/candidates/:id",
    scored(
      "candidates",
      "The supply records you may read, scored against the requirements of the demand record `id` (which you must be able to read): highest score first, ties by id, with each criterion's status (met, near, missed), weight, points and the values compared.",
    ),
    handler("candidates"),
  );
  app.get(
    "/api/v1/tenant/matching/:matching/recommendations/:id",
    scored(
      "recommendations",
      "The demand records you may read whose requirements the supply record `id` (which you must be able to read) meets best: highest score first, ties by id, with the same breakdown as candidates.",
    ),
    handler("recommendations"),
  );
}

/** Matching as a plugin (needs tenancy, identity and authorization): the service and its routes. */
export const matchingPlugin = fp(
  async (app, options: { store: EntityStore }) => {
    const service = new MatchingService(options.store, app.registry);
    app.decorate("matching", service);
    await app.register(matchingRoutes, { service });
  },
  { name: "mono-matching" },
);
