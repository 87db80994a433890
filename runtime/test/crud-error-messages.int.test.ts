/**
 * Words for people: a template's `x-errorMessages` become the `message` of the 400 problem's
 * field error when the request's Accept-Language names one of the message's locales; any other
 * request keeps the runtime's default message. The entity is picked generically from the
 * shipped registry (a writable, required string field with a maxLength), and given messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityRegistry, FieldRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { allTemplates, client, createTenant, setupPostgres, url, type CrudEnv, type Inject } from "./crud-support.ts";

const MESSAGES = {
  required: { en: "Please fill this in", de: "Bitte ausfüllen" },
  maxLength: { en: "Too long for this field", de: "Zu lang für dieses Feld" },
};

function pick(registry: TemplateRegistry[]): {
  template: TemplateRegistry;
  entity: EntityRegistry;
  field: FieldRegistry;
} {
  for (const template of registry)
    for (const entity of template.entities) {
      if (entity.draft) continue;
      const field = entity.fields.find(
        (f) => f.kind === "string" && f.required && !f.readOnly && typeof f.maxLength === "number" && !f.format,
      );
      if (field) return { template, entity, field };
    }
  throw new Error("no entity with a required, bounded string field");
}

let env: CrudEnv;
let call: Inject;
let target: ReturnType<typeof pick>;
let path: string;

beforeAll(async () => {
  const registry = structuredClone(allTemplates) as TemplateRegistry[];
  target = pick(registry);
  (target.field as { errorMessages?: unknown }).errorMessages = MESSAGES;
  env = await setupPostgres(registry);
  const tenant = await createTenant(env.db, "messages");
  call = client(env.app, tenant);
  path = url(`${target.template.id}:${target.entity.apiName}`);
});
afterAll(() => env?.close());

type Problem = { status: number; code: string; errors: { pointer: string; message: string }[] };

const post = async (payload: unknown, language?: string): Promise<Problem> => {
  const response = await call({
    method: "POST",
    url: path,
    payload,
    headers: language ? { "accept-language": language } : {},
  });
  expect(response.statusCode, response.body).toBe(400);
  expect(response.body).not.toContain('"messages"');
  return response.json();
};

const messageAt = (problem: Problem, pointer: string) => problem.errors.find((e) => e.pointer === pointer)?.message;

describe("localized 400 messages from the template", () => {
  it("a missing field: the message in the Accept-Language locale (weights and regions honoured)", async () => {
    const pointer = `/body/${target.field.name}`;
    expect(messageAt(await post({}, "de-CH, en;q=0.5"), pointer)).toBe(MESSAGES.required.de);
    expect(messageAt(await post({}, "fr;q=1, en;q=0.8, de;q=0.2"), pointer)).toBe(MESSAGES.required.en);
  });

  it("no match, a wildcard or no header: the default message", async () => {
    const pointer = `/body/${target.field.name}`;
    for (const language of ["fr", "*", undefined])
      expect(messageAt(await post({}, language), pointer)).toBe("is required");
  });

  it("the rule that failed picks the message; other fields keep theirs", async () => {
    const pointer = `/body/${target.field.name}`;
    const tooLong = "x".repeat(target.field.maxLength! + 1);
    const problem = await post({ [target.field.name]: tooLong, notAField: 1 }, "de");
    expect(problem.code).toBe("RT_ERR_VALIDATION");
    expect(messageAt(problem, pointer)).toBe(MESSAGES.maxLength.de);
    expect(messageAt(problem, "/body/notAField")).toBe("is not a known field");
    const english = await post({ [target.field.name]: tooLong }, "en-GB");
    expect(messageAt(english, pointer)).toBe(MESSAGES.maxLength.en);
  });
});
