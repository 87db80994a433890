import { expect, test } from "vitest";
import { deliveriesQuery } from "../src/api/email-api.ts";
import { editorErrors, editorLocales, editorSource } from "../src/core/email-editor.ts";
import type { EmailDefinition } from "../src/core/email-types.ts";
import { parseRoute, routeHref, type Route } from "../src/core/router.ts";

const definition: EmailDefinition = {
  key: "quote-ready",
  level: "template",
  templateId: "home-fixers",
  locales: ["en", "fr"],
  variables: ["quote.total", "name"],
  subject: { en: "Your quote", fr: "Votre devis" },
  mjml: { en: "<mjml>en</mjml>", fr: "<mjml>fr</mjml>" },
  overrides: [
    { key: "quote-ready", locale: "fr", subject: "Devis prêt", mjml: "<mjml>ov</mjml>", version: 3, updatedAt: "" },
  ],
};

test("the editor shows the tenant's override of a locale, else the email's own text, else its first locale's", () => {
  expect(editorSource(definition, "fr")).toMatchObject({ subject: "Devis prêt", mjml: "<mjml>ov</mjml>" });
  expect(editorSource(definition, "fr").override?.version).toBe(3);
  expect(editorSource(definition, "en")).toEqual({ subject: "Your quote", mjml: "<mjml>en</mjml>", override: null });
  expect(editorSource(definition, "nl")).toEqual({ subject: "Your quote", mjml: "<mjml>en</mjml>", override: null });
  expect(editorLocales(definition, ["en", "nl"])).toEqual(["en", "fr", "nl"]);
});

test("API errors land on their editor field by pointer; the rest stays general", () => {
  const errors = editorErrors({
    status: 400,
    detail: "The email template does not validate.",
    errors: [
      { pointer: "/body/mjml", message: "uses undeclared variable x" },
      { pointer: "/body/subject", message: "unexpected end of tag" },
      { pointer: "/query/x", message: "odd" },
    ],
  });
  expect(errors.fields).toEqual({ mjml: ["uses undeclared variable x"], subject: ["unexpected end of tag"] });
  expect(errors.general).toEqual(["odd"]);
  expect(errors.all.map((e) => e.pointer)).toEqual(["/body/mjml", "/body/subject", "/query/x"]);
  expect(editorErrors({ status: 404, detail: "No such email" }).general).toEqual(["No such email"]);
});

test("the delivery log query names only the filters given", () => {
  expect(decodeURIComponent(deliveriesQuery({ status: "sent", recipient: " a@b.c ", template: "" }))).toBe(
    "filter[status]=sent&filter[recipient]=a@b.c&limit=50",
  );
  expect(deliveriesQuery({}, { limit: 10, cursor: "abc" })).toBe("limit=10&cursor=abc");
});

test("the email routes round-trip", () => {
  const routes: Route[] = [
    { name: "email-templates" },
    { name: "email-templates", key: "quote-ready" },
    { name: "email-deliveries" },
    { name: "email-outbox" },
  ];
  for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
  expect(routeHref({ name: "email-outbox" })).toBe("/studio/email/outbox");
  expect(parseRoute("/studio/email/outbox/x").name).toBe("not-found");
  expect(parseRoute("/studio/email/templates/a/b").name).toBe("not-found");
});
