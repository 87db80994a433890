/**
 * Workflow names are unique within a template only. Two templates of this test's own, installed
 * in one tenant, each have an `intake` workflow (create-triggered, each setting its own entity's
 * status) and a manual `report`: every run uses its own template's plan, a bare `report` start
 * is a 409 naming both, and `<template>:report` starts the one named.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { allTemplates, createTenant, createUser, startAuthzApp, type AuthzEnv } from "./authz-support.ts";
import { installOwnTemplate } from "./crud-support.ts";
import { until } from "./workflow-support.ts";

const label = (en: string) => ({ en });
const template = (id: string, entity: string, statuses: string[]) => ({
  id,
  version: "1.0.0",
  title: label(id),
  locales: ["en"],
  entities: {
    [entity]: {
      id: `ent_${id.replace(/-/g, "_")}`,
      scope: "tenant",
      status: { field: "stage", workflow: "intake" },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": `fld_${id.replace(/-/g, "_")}_title`, type: "string", maxLength: 80 },
          stage: { "x-id": `fld_${id.replace(/-/g, "_")}_stage`, enum: statuses, default: statuses[0] },
        },
      },
    },
  },
  workflows: {
    intake: {
      id: `wf_${id.replace(/-/g, "_")}_intake`,
      entity,
      nodes: [
        { id: "start", type: "trigger", config: { on: "create" } },
        { id: "asked", type: "state", config: { status: statuses[0] } },
        { id: "set", type: "state", config: { status: statuses[1] } },
      ],
      edges: [
        { id: "e1", source: "start", target: "asked" },
        { id: "e2", source: "asked", target: "set" },
      ],
    },
    report: {
      id: `wf_${id.replace(/-/g, "_")}_report`,
      nodes: [
        { id: "start", type: "trigger", config: { on: "manual", actors: ["tenant-admin"] } },
        { id: "done", type: "end", config: { outcome: `${id}-report` } },
      ],
      edges: [{ id: "e1", source: "start", target: "done" }],
    },
  },
});

let env: AuthzEnv;
let tenantId = "";
let call: (method: "GET" | "POST", url: string, payload?: object) => Promise<{ status: number; body: any }>;

beforeAll(async () => {
  const kiln = await installOwnTemplate(template("kiln-hire", "Kiln", ["asked", "booked"]), "kiln-hire.json");
  const loom = await installOwnTemplate(template("loom-hire", "Loom", ["asked", "lent", "back"]), "loom-hire.json");
  env = await startAuthzApp({
    registry: [...allTemplates, kiln.registry, loom.registry],
    redis: false,
    extra: { workflows: { retry: { attempts: 3, backoffMs: 50 }, worker: { pollMs: 50, timerMs: 50 } } },
  });
  await kiln.apply(env.testDb.url);
  await loom.apply(env.testDb.url);
  tenantId = await createTenant(env.db, "hires", ["kiln-hire", "loom-hire"]);
  const admin = await createUser(env, tenantId, "hires", { roles: [["tenant-admin", null]] });
  call = async (method, url, payload) => {
    const response = await env.app.inject({
      method,
      url,
      headers: { "x-tenant": "hires", authorization: `Bearer ${admin.token}` },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
  };
}, 120_000);
afterAll(() => env?.close());

it("each template's record runs its own template's same-named workflow", async () => {
  const kiln = await call("POST", "/api/v1/tenant/entities/kiln-hire:kilns", { title: "Big kiln" });
  const loom = await call("POST", "/api/v1/tenant/entities/loom-hire:looms", { title: "Floor loom" });
  expect([kiln.status, loom.status], JSON.stringify([kiln.body, loom.body])).toEqual([201, 201]);
  const stage = async (api: string, id: string) =>
    (await call("GET", `/api/v1/tenant/entities/${api}/${id}`)).body.stage as string;
  await until(async () => (await stage("kiln-hire:kilns", kiln.body.id)) === "booked");
  await until(async () => (await stage("loom-hire:looms", loom.body.id)) === "lent");
  const { rows } = await env.db.query<{ templateId: string; recordId: string; status: string }>(
    `SELECT "templateId", "recordId", "status" FROM "workflow_instance" WHERE "tenantId" = $1 AND "workflowName" = 'intake'
      ORDER BY "templateId"`,
    [tenantId],
  );
  expect(rows).toEqual([
    { templateId: "kiln-hire", recordId: kiln.body.id, status: "completed" },
    { templateId: "loom-hire", recordId: loom.body.id, status: "completed" },
  ]);
});

it("a bare name two templates share is a 409 naming both; <template>:<name> starts that one", async () => {
  const bare = await call("POST", "/api/v1/tenant/workflows/report/instances", {});
  expect(bare.status).toBe(409);
  expect(bare.body.errors).toEqual([
    { pointer: "/params/workflow", message: "name one of kiln-hire:report, loom-hire:report" },
  ]);
  const started = await call("POST", "/api/v1/tenant/workflows/loom-hire:report/instances", { key: "weekly" });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const again = await call("POST", "/api/v1/tenant/workflows/kiln-hire:report/instances", { key: "weekly" });
  expect(again.status).toBe(201);
  // The same caller key in two templates' workflows starts two runs, not one.
  expect(again.body.id).not.toBe(started.body.id);
  const outcome = async (id: string) => {
    const { rows } = await env.db.query<{ templateId: string; context: any; status: string }>(
      `SELECT "templateId", "context", "status" FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id],
    );
    return rows[0]?.status === "completed" ? rows[0] : null;
  };
  expect(await until(() => outcome(started.body.id))).toMatchObject({
    templateId: "loom-hire",
    context: { outcome: "loom-hire-report" },
  });
  expect(await until(() => outcome(again.body.id))).toMatchObject({
    templateId: "kiln-hire",
    context: { outcome: "kiln-hire-report" },
  });
  const unknown = await call("POST", "/api/v1/tenant/workflows/nope:report/instances", {});
  expect(unknown.status).toBe(404);
});
