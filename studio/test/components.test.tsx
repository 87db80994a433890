// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { ReactFlowProvider } from "@xyflow/react";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { buildNavigation, personaById } from "../src/core/personas.ts";
import type { StudioTemplate } from "../src/core/registry-types.ts";
import { MonoForm } from "../src/features/forms/MonoForm.tsx";
import { Sidebar } from "../src/features/shell/Sidebar.tsx";
import { WorkflowCanvas } from "../src/features/workflows/WorkflowCanvas.tsx";
import { useWorkflowStore } from "../src/store/workflow-store.ts";
import { templates } from "../../generated/registry.ts";
import { buildStudioRegistry } from "../../runtime/src/studio/registry-view.ts";

beforeAll(() => {
  // React Flow measures nodes with ResizeObserver, which jsdom lacks.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  globalThis.DOMMatrixReadOnly ??= class {
    m22 = 1;
  } as unknown as typeof DOMMatrixReadOnly;
});
afterEach(cleanup);

describe("MonoForm", () => {
  const schema = {
    type: "object",
    required: ["slug"],
    properties: {
      slug: { type: "string", title: "Slug" },
      phone: { type: "string", format: "phone", title: "Phone" },
      tags: { type: "array", title: "Tags", items: { type: "string" } },
      stars: { type: "integer", title: "Stars", minimum: 1, maximum: 5 },
    },
  };
  const uiSchema = { tags: { "ui:widget": "tags" }, stars: { "ui:widget": "rating" } };

  test("a server error shows on its field", () => {
    render(
      <MonoForm
        id="t"
        schema={schema}
        uiSchema={uiSchema}
        formData={{ slug: "runway" }}
        extraErrors={{ slug: { __errors: ["is already used by another record"] } }}
        onSubmit={() => {}}
      />,
    );
    const input = screen.getByLabelText(/Slug/);
    const group = input.closest(".form-group")!;
    expect(group.textContent).toContain("is already used by another record");
  });

  test("custom widgets render and the phone format is checked (Ajv 2020 validator)", async () => {
    let submitted: unknown = null;
    render(
      <MonoForm
        id="t"
        schema={schema}
        uiSchema={uiSchema}
        formData={{ slug: "a", phone: "12" }}
        onSubmit={(d) => (submitted = d)}
      />,
    );
    expect(screen.getByRole("radiogroup", { name: "Stars" })).toBeTruthy();
    const tagInput = screen.getByPlaceholderText("Type and press Enter");
    fireEvent.change(tagInput, { target: { value: "editorial" } });
    fireEvent.keyDown(tagInput, { key: "Enter" });
    expect(screen.getByRole("button", { name: "Remove editorial" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    // The message is a sentence (not Ajv's 'must match format "phone"'), tied to the field.
    await waitFor(() => expect(document.body.textContent).toContain("Enter a phone number like +4930123456"));
    expect(document.body.textContent).not.toContain("must match");
    await waitFor(() => expect(screen.getByLabelText("Phone").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByLabelText("Phone").getAttribute("aria-describedby")).toBe("t_phone__error");
    expect(submitted).toBeNull();
    fireEvent.change(screen.getByLabelText("Phone"), { target: { value: "+4915112345678" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(submitted).toEqual({ slug: "a", phone: "+4915112345678", tags: ["editorial"] }));
  });
});

test("the sidebar follows the persona: its label and its entries", () => {
  const studio = buildStudioRegistry(templates).templates as StudioTemplate[];
  const renderFor = (id: "tenant-admin" | "agency-owner") => {
    const persona = personaById(id, studio);
    return render(
      <Sidebar
        persona={persona}
        tenantName="Acme"
        sections={buildNavigation(persona, studio, ["modeling-agency"], "en")}
        current={{ name: "home" }}
        open={false}
        onNavigate={() => {}}
      />,
    );
  };
  const admin = renderFor("tenant-admin");
  expect(screen.getByRole("navigation", { name: "Tenant admin navigation" })).toBeTruthy();
  expect(screen.getByRole("link", { name: "Templates" })).toBeTruthy();
  admin.unmount();
  const agencyNav = renderFor("agency-owner");
  // The role's own label from the template.
  expect(screen.getByRole("navigation", { name: "Agency owner navigation" })).toBeTruthy();
  expect(screen.queryByRole("link", { name: "Templates" })).toBeNull();
  expect(screen.getByRole("link", { name: "New job" })).toBeTruthy();
  agencyNav.unmount();
  // A super admin managing the tenant: the platform tools and the tenant's data, in their own colour.
  const superAdmin = personaById("super-admin");
  render(
    <Sidebar
      persona={superAdmin}
      tenantName="Acme"
      sections={buildNavigation(superAdmin, studio, ["modeling-agency"], "en")}
      current={{ name: "list", template: "modeling-agency", entity: "job-categories" }}
      open={false}
      onNavigate={() => {}}
    />,
  );
  const nav = screen.getByRole("navigation", { name: "Super admin navigation" });
  expect(nav.getAttribute("data-persona")).toBe("super-admin");
  expect(nav.querySelector(".managing")?.textContent).toBe("Managing Acme");
  expect(screen.getByRole("link", { name: "Template manager" })).toBeTruthy();
  const jobCategories = screen.getByRole("link", { name: "Job categories" });
  expect(jobCategories.getAttribute("href")).toBe("/studio/admin/modeling-agency/job-categories");
  expect(jobCategories.getAttribute("aria-current")).toBe("page");
});

test("the workflow canvas shows nodes with their problems; Delete removes the selected node", async () => {
  useWorkflowStore.getState().open("t/wf", {
    id: "wf",
    nodes: [
      { id: "start", type: "trigger", position: { x: 0, y: 0 } },
      { id: "check", type: "condition", position: { x: 200, y: 0 } },
    ],
    edges: [{ id: "e1", source: "start", target: "check" }],
  });
  const { checkWorkflowGraph } = await import("../src/core/workflow-checks.ts");
  const Canvas = () => {
    const graph = useWorkflowStore((s) => s.history.present);
    return (
      <div style={{ width: 800, height: 600 }}>
        <WorkflowCanvas graph={graph} issues={checkWorkflowGraph(graph)} locale="en" onReady={() => {}} />
      </div>
    );
  };
  render(
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>,
  );
  await waitFor(() => expect(document.querySelectorAll(".wf-node")).toHaveLength(2));
  expect(document.querySelector(".wf-condition.invalid")!.textContent).toContain('No "true" branch.');
  act(() => useWorkflowStore.getState().select(["check"], []));
  fireEvent.keyDown(document.querySelector(".canvas")!, { key: "Delete" });
  await waitFor(() => expect(document.querySelectorAll(".wf-node")).toHaveLength(1));
  expect(useWorkflowStore.getState().history.present.edges).toEqual([]);
});
