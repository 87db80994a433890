// @vitest-environment jsdom
/**
 * Words for people in the studio: a template's enum labels show as the form's options and as
 * list cells in the user's locale, and its validation messages replace the studio's own. The
 * form spec and registry are generated from the engine's minimal fixture, as `generate` would.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { compileTemplateValue } from "../../engine/src/index.ts";
import { buildEntityForm } from "../../generators/src/forms/build-entity-form.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { buildStudioRegistry } from "../../runtime/src/studio/registry-view.ts";
import { entityColumns } from "../src/core/entity-columns.ts";
import { localizeUiSchema, type FormLocaleLabels } from "../src/core/form-locale.ts";
import type { EntityRecord, StudioTemplate } from "../src/core/registry-types.ts";
import { templateMessage } from "../src/core/template-messages.ts";
import { RecordTable } from "../src/features/admin/RecordTable.tsx";
import { MonoForm } from "../src/features/forms/MonoForm.tsx";

const fixture = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "..", "..", "engine", "test", "fixtures", "minimal.json"), "utf8"),
);
const compiled = compileTemplateValue(fixture, "minimal.json");
if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
const template = compiled.ir;
const listing = template.entities.find((e) => e.name === "Listing")!;
const spec = buildEntityForm(template, listing);
const labels = (locale: string) => spec.labels[locale] as unknown as FormLocaleLabels;

afterEach(cleanup);

describe("the create form", () => {
  const renderForm = (locale: string, onSubmit: (d: unknown) => void = () => {}) =>
    render(
      <MonoForm
        id="listing"
        schema={spec.create.schema as Record<string, unknown>}
        uiSchema={localizeUiSchema(spec.create.uiSchema as Record<string, unknown>, labels(locale))}
        formData={{}}
        onSubmit={onSubmit}
      />,
    );

  test("enum options read as the template's labels in the user's locale", () => {
    renderForm("de");
    const status = screen.getByLabelText(/Status/) as HTMLSelectElement;
    const options = within(status)
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(options).toEqual(expect.arrayContaining(["Entwurf", "Veröffentlicht", "Archiviert"]));
    expect(options).not.toContain("published");
    // The value sent is still the value.
    expect(within(status).getByRole("option", { name: "Veröffentlicht" }).getAttribute("value")).not.toBe(
      "Veröffentlicht",
    );
    cleanup();
    renderForm("en");
    expect(within(screen.getByLabelText(/Status/)).getByRole("option", { name: "Published" })).toBeTruthy();
  });

  test("a rule the template words shows the template's message, in the locale; others keep the studio's", async () => {
    let submitted: unknown = null;
    renderForm("de", (d) => (submitted = d));
    fireEvent.change(screen.getByLabelText(/Titel/), { target: { value: "ab" } });
    fireEvent.change(screen.getByLabelText(/Kontakt|Contact/), { target: { value: "not-an-email" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const title = screen.getByLabelText(/Titel/).closest(".form-group")!;
    await waitFor(() => expect(title.textContent).toContain("Bitte mindestens 3 Buchstaben"));
    expect(title.textContent).not.toMatch(/must NOT have fewer than 3 characters/);
    // The contact field has no template message: the default one stays.
    const contact = screen.getByLabelText(/Kontakt|Contact/).closest(".form-group")!;
    expect(contact.textContent).toMatch(/email/);
    expect(submitted).toBeNull();
  });

  test("templateMessage only answers for the rule and the field the template names", () => {
    const ui = localizeUiSchema(spec.create.uiSchema as Record<string, unknown>, labels("en"));
    expect(templateMessage({ property: ".title", name: "minLength" }, ui)).toBe("At least 3 letters, please");
    expect(templateMessage({ property: ".title", name: "maxLength" }, ui)).toBeUndefined();
    expect(templateMessage({ property: ".contact", name: "minLength" }, ui)).toBeUndefined();
    // RJSF names a missing top-level key without the dot.
    expect(templateMessage({ property: "title", name: "minLength" }, ui)).toBe("At least 3 letters, please");
    // A nested missing key is not the field's own `required`.
    expect(templateMessage({ property: ".title.x", name: "required" }, ui)).toBeUndefined();
  });
});

test("list cells show the value's label in the user's locale, unlabelled values as they are", () => {
  const studio = buildStudioRegistry([buildTemplateRegistry(template)]).templates[0] as StudioTemplate;
  const entity = studio.entities.find((e) => e.name === "Listing")!;
  const columns = entityColumns(entity, "de").filter((c) => c.key === "status" || c.key === "title");
  const records = [
    { id: "00000000-0000-4000-8000-000000000001", title: "Boots", status: "published" },
    { id: "00000000-0000-4000-8000-000000000002", title: "Bag", status: "unknown-value" },
  ] as unknown as EntityRecord[];
  render(
    <RecordTable
      templateId={template.id}
      apiName={entity.apiName}
      caption="Listings"
      columns={columns}
      records={records}
      sort={null}
      selected={[]}
      titleField="title"
      locale="de"
      canEdit={false}
      onSort={() => {}}
      onSelect={() => {}}
      onSelectAll={() => {}}
    />,
  );
  const rows = screen.getAllByRole("row").slice(1);
  expect(rows[0].textContent).toContain("Veröffentlicht");
  expect(rows[0].textContent).not.toContain("published");
  expect(rows[1].textContent).toContain("unknown-value");
});
