import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { initialListState } from "../src/core/list-state.ts";
import type { RawTemplate } from "../src/core/registry-types.ts";
import { isDirty, useDesignerStore } from "../src/store/designer-store.ts";
import { useListStore } from "../src/store/list-store.ts";
import { useSessionStore } from "../src/store/session-store.ts";
import { useWorkflowStore } from "../src/store/workflow-store.ts";

const minimal = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../engine/test/fixtures/minimal.json"), "utf8"),
) as RawTemplate;

type Call = { url: string; method: string; body: unknown; headers: Record<string, string> };
let calls: Call[];

function serve(handler: (call: Call) => { status: number; body: unknown }) {
  calls = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const call = {
      url,
      method: init.method ?? "GET",
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: init.headers as Record<string, string>,
    };
    calls.push(call);
    const { status, body } = handler(call);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
}

beforeEach(() => {
  useDesignerStore.setState({
    templateId: null,
    history: null,
    saved: null,
    diagnostics: [],
    status: "idle",
    error: null,
  });
  useSessionStore.getState().update({ tenant: "acme", adminToken: "secret" });
});
afterEach(() => vi.unstubAllGlobals());

describe("designer store", () => {
  test("loads, applies changes with undo/redo, saves through PUT with the admin token", async () => {
    serve((call) =>
      call.method === "GET"
        ? { status: 200, body: { id: "mini-market", file: "mini-market.json", template: minimal, diagnostics: [] } }
        : {
            status: 200,
            body: { saved: true, file: "mini-market.json", created: false, diagnostics: [], compatibility: [] },
          },
    );
    const store = useDesignerStore.getState();
    await store.load("mini-market");
    expect(useDesignerStore.getState().status).toBe("ready");
    useDesignerStore.getState().apply({ type: "addEntity", name: "Venue" });
    useDesignerStore.getState().apply({ type: "addField", entity: "Venue", name: "name", fieldType: "text" });
    expect(isDirty(useDesignerStore.getState())).toBe(true);
    useDesignerStore.getState().undo();
    expect(Object.keys(useDesignerStore.getState().history!.present.entities.Venue.schema.properties)).toEqual([]);
    useDesignerStore.getState().redo();
    expect(await useDesignerStore.getState().save()).toBe(true);
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url).toBe("/studio/api/templates/mini-market");
    expect(put.headers.authorization).toBe("Bearer secret");
    expect((put.body as RawTemplate).entities.Venue.schema.properties.name).toBeDefined();
    expect(isDirty(useDesignerStore.getState())).toBe(false);
  });

  test("a refused save keeps the draft and shows the engine's diagnostics", async () => {
    const diagnostic = {
      code: "ENG_UNKNOWN_RELATION_TARGET",
      severity: "error",
      pointer: "/entities/Listing/relations/category/to",
      message: "nope",
    };
    serve((call) =>
      call.method === "GET"
        ? { status: 200, body: { id: "mini-market", file: "f", template: minimal, diagnostics: [] } }
        : {
            status: 422,
            body: {
              status: 422,
              title: "The template has errors",
              detail: "1 error(s): nothing was saved.",
              diagnostics: [diagnostic],
            },
          },
    );
    await useDesignerStore.getState().load("mini-market");
    useDesignerStore.getState().apply({ type: "removeEntity", name: "Category" });
    expect(await useDesignerStore.getState().save()).toBe(false);
    const state = useDesignerStore.getState();
    expect(state.diagnostics).toEqual([diagnostic]);
    expect(state.error).toMatch(/nothing was saved/);
    expect(isDirty(state)).toBe(true);
  });
});

describe("workflow store", () => {
  test("edits are undoable; Delete removes the selection and its edges in one step", () => {
    const store = useWorkflowStore.getState();
    store.open("t/wf", { id: "wf", nodes: [{ id: "start", type: "trigger" }], edges: [] });
    useWorkflowStore
      .getState()
      .apply({ type: "addNode", node: { id: "end_1", type: "end", position: { x: 1, y: 1 } } });
    useWorkflowStore.getState().apply({ type: "connect", source: "start", target: "end_1", branch: null });
    useWorkflowStore.getState().select(["end_1"], []);
    useWorkflowStore.getState().removeSelection();
    expect(useWorkflowStore.getState().history.present).toMatchObject({ nodes: [{ id: "start" }], edges: [] });
    useWorkflowStore.getState().undo();
    expect(useWorkflowStore.getState().history.present.edges).toHaveLength(1);
    expect(useWorkflowStore.getState().toWorkflow()).toMatchObject({
      id: "wf",
      edges: [{ source: "start", target: "end_1" }],
    });
  });

  test("a drag (many moves, one key) is a single undo step", () => {
    useWorkflowStore
      .getState()
      .open("t/wf2", { id: "wf", nodes: [{ id: "start", type: "trigger", position: { x: 0, y: 0 } }], edges: [] });
    for (let x = 1; x <= 10; x++)
      useWorkflowStore.getState().apply({ type: "moveNode", id: "start", position: { x, y: 0 } }, "drag:1:start");
    useWorkflowStore.getState().undo();
    expect(useWorkflowStore.getState().history.present.nodes[0].position).toEqual({ x: 0, y: 0 });
  });
});

test("list store keeps each list's state between visits", () => {
  const { ensure, dispatch } = useListStore.getState();
  ensure("t/jobs", () => initialListState(["title"]));
  dispatch("t/jobs", { type: "sort", field: "title" });
  expect(ensure("t/jobs", () => initialListState(["other"])).sort).toEqual({ field: "title", direction: "asc" });
  dispatch("t/unknown", { type: "sort", field: "x" });
  expect(useListStore.getState().lists["t/unknown"]).toBeUndefined();
});
