/**
 * The translation providers and `mono translate` against a local model STAND-IN (an HTTP stub
 * started here: no real model can run in this environment; runtime/test/translation-support.ts):
 * success, streaming, 429 with retry-after honoured, timeouts, malformed answers refused, a
 * dropped placeholder rejected, the Anthropic-compatible shape, and the CLI writing a template's
 * missing strings (diff-friendly) with CI exit codes.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { main } from "../../bin/cli/main.ts";
import {
  AnthropicCompatibleProvider,
  OpenAICompatibleProvider,
  TranslationProviderError,
  providerFor,
  type TranslationRequest,
} from "../src/translation/providers.ts";
import { formatTemplate } from "../src/translation/template-strings.ts";
import { startModelStub, type ModelStub } from "./translation-support.ts";

let stub: ModelStub;
beforeAll(async () => {
  stub = await startModelStub();
});
afterAll(async () => {
  await stub?.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.script.length = 0;
  stub.rate = () => 0.95;
});

const request = (texts: string[]): TranslationRequest => ({
  sourceLocale: "en",
  targetLocale: "de",
  segments: texts.map((text, i) => ({ id: `s${i + 1}`, text })),
  glossary: [],
  references: [],
});
const openai = (extra: Partial<ConstructorParameters<typeof OpenAICompatibleProvider>[0]> = {}) =>
  new OpenAICompatibleProvider({ baseUrl: `${stub.url}/v1`, apiKey: "test", model: "stub-model", ...extra });

describe("OpenAI-compatible provider (the openai SDK, base URL of the stand-in)", () => {
  test("a batch in one request: texts, ratings, token usage", async () => {
    const answer = await openai().translate(request(["Hello {{ name }}", "<b>Bold</b> move"]));
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].segments.map((s) => s.text)).toEqual(["Hello {{ name }}", "<b>Bold</b> move"]);
    expect(stub.requests[0].body.model).toBe("stub-model");
    expect(answer.translations).toEqual([
      { id: "s1", text: "de:Hello {{ name }}", rating: 0.95 },
      { id: "s2", text: "de:<b>Bold</b> move", rating: 0.95 },
    ]);
    expect(answer.usage).toEqual({ inputTokens: 100, outputTokens: 40 });
  });

  test("streaming: the answer assembled from server-sent chunks, usage from the last", async () => {
    const answer = await openai({ stream: true }).translate(request(["One", "Two"]));
    expect(stub.requests[0].body.stream).toBe(true);
    expect(answer.translations.map((t) => t.text)).toEqual(["de:One", "de:Two"]);
    expect(answer.usage).toEqual({ inputTokens: 100, outputTokens: 40 });
  });

  test("429 with retry-after: waits that long, then succeeds", async () => {
    stub.script.push({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const started = Date.now();
    const answer = await openai().translate(request(["Again"]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(stub.requests).toHaveLength(2);
    expect(answer.translations[0].text).toBe("de:Again");
  });

  test("429 whose retry-after exceeds the longest wait: refused at once as rate_limited", async () => {
    stub.script.push({ kind: "status", status: 429, headers: { "retry-after": "120" } });
    const error = await openai({ maxWaitMs: 5000 })
      .translate(request(["Later"]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslationProviderError);
    expect((error as TranslationProviderError).reason).toBe("rate_limited");
    expect(stub.requests).toHaveLength(1);
  });

  test("a model slower than the timeout: timeout", async () => {
    stub.script.push({ kind: "delay", ms: 3000 });
    const started = Date.now();
    const error = await openai({ timeoutMs: 300 })
      .translate(request(["Slow"]))
      .catch((e: unknown) => e);
    expect((error as TranslationProviderError).reason).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test.each([
    ["not JSON", "Sure! Here is your translation: Hallo"],
    ["wrong shape", JSON.stringify({ translations: [{ id: "s1", text: 5, rating: 1 }] })],
    ["rating out of range", JSON.stringify({ translations: [{ id: "s1", text: "Hallo", rating: 7 }] })],
    ["a segment missing", JSON.stringify({ translations: [] })],
    ["an unknown segment", JSON.stringify({ translations: [{ id: "s9", text: "Hallo", rating: 1 }] })],
  ])("malformed answer (%s): refused as malformed", async (_name, content) => {
    stub.script.push({ kind: "raw", content });
    const error = await openai()
      .translate(request(["Hello"]))
      .catch((e: unknown) => e);
    expect((error as TranslationProviderError).reason).toBe("malformed");
  });

  test("a JSON answer in a code fence is accepted", async () => {
    stub.script.push({
      kind: "raw",
      content: '```json\n{"translations":[{"id":"s1","text":"Hallo","rating":0.9}]}\n```',
    });
    expect((await openai().translate(request(["Hello"]))).translations[0].text).toBe("Hallo");
  });
});

describe("Anthropic-compatible provider (Messages endpoint through fetch)", () => {
  const anthropic = () => new AnthropicCompatibleProvider({ baseUrl: stub.url, apiKey: "k", model: "stub-claude" });

  test("same interface: a batch, its texts and usage", async () => {
    const answer = await anthropic().translate(request(["Hi {{ who }}"]));
    expect(stub.requests[0].path).toBe("/v1/messages");
    expect(stub.requests[0].body.model).toBe("stub-claude");
    expect(answer.translations[0].text).toBe("de:Hi {{ who }}");
    expect(answer.usage).toEqual({ inputTokens: 100, outputTokens: 20 });
  });

  test("429 with retry-after honoured, malformed answer refused", async () => {
    stub.script.push({ kind: "status", status: 429, headers: { "retry-after": "1" } });
    const started = Date.now();
    await anthropic().translate(request(["Hi"]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    stub.script.push({ kind: "raw", content: "{not json" });
    expect(
      (
        (await anthropic()
          .translate(request(["Hi"]))
          .catch((e: unknown) => e)) as TranslationProviderError
      ).reason,
    ).toBe("malformed");
  });

  test("providerFor: tenant settings over the environment pick the shape, base URL and model", () => {
    const env = { OPENAI_BASE_URL: `${stub.url}/v1`, OPENAI_API_KEY: "x", MONO_TRANSLATION_MODEL: "m1" };
    expect(providerFor({}, {})).toBeNull();
    const fromEnv = providerFor({}, env)!;
    expect([fromEnv.name, fromEnv.model]).toEqual(["openai", "m1"]);
    const tenant = providerFor({ provider: "anthropic", baseUrl: stub.url, model: "m2" }, env)!;
    expect([tenant.name, tenant.model]).toEqual(["anthropic", "m2"]);
  });
});

describe("mono translate (template strings)", () => {
  let dir: string;
  const template = {
    id: "cli-lab",
    version: "1.0.0",
    title: { en: "CLI lab" },
    locales: ["en", "de"],
    emails: {
      welcome: {
        subject: { en: "Welcome, {{ name }}", de: "Willkommen, {{ name }}" },
        mjml: { en: "<mjml><mj-body><mj-text>Hello <b>{{ name }}</b></mj-text></mj-body></mjml>" },
      },
    },
    entities: {
      Thing: {
        id: "ent_thing",
        label: { en: "Thing" },
        scope: "tenant",
        schema: {
          type: "object",
          properties: {
            kind: {
              "x-id": "fld_kind",
              enum: ["a", "b"],
              "x-label": { en: "Kind" },
              "x-enumLabels": { a: { en: "First" }, b: { en: "Second" } },
              "x-errorMessages": { enum: { en: "Pick {{ one }} kind" } },
            },
          },
        },
      },
    },
    seed: { Thing: [{ kind: "a", note: { en: "not a label" } }] },
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "mono-translate-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["translate", ...args], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
      env: { OPENAI_BASE_URL: `${stub.url}/v1`, OPENAI_API_KEY: "t", ...env },
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  test("--missing lists per locale and exits 1; translating fills them, keeps the layout, then exit 0", async () => {
    const file = path.join(dir, "template.json");
    await writeFile(file, formatTemplate(template));
    const listed = await run([file, "--missing", "--json"]);
    expect(listed.code).toBe(1);
    const missing = JSON.parse(listed.out) as Record<string, string[]>;
    expect(missing.de).toEqual([
      "/title",
      "/emails/welcome/mjml",
      "/entities/Thing/label",
      "/entities/Thing/schema/properties/kind/x-label",
      "/entities/Thing/schema/properties/kind/x-enumLabels/a",
      "/entities/Thing/schema/properties/kind/x-enumLabels/b",
      "/entities/Thing/schema/properties/kind/x-errorMessages/enum",
    ]);
    expect(stub.requests).toHaveLength(0);

    // One request: the distinct missing texts of `de` in one batch.
    const done = await run([file]);
    expect(done.code).toBe(0);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].segments).toHaveLength(7);
    const text = await readFile(file, "utf8");
    const written = JSON.parse(text);
    expect(text).toBe(formatTemplate(written));
    expect(written.entities.Thing.schema.properties.kind["x-enumLabels"].a).toEqual({ en: "First", de: "de:First" });
    expect(written.emails.welcome.subject.de).toBe("Willkommen, {{ name }}");
    expect(written.seed.Thing[0].note).toEqual({ en: "not a label" });
    expect((await run([file, "--missing"])).code).toBe(0);
    // Nothing missing: a second run makes no request.
    expect((await run([file])).code).toBe(0);
    expect(stub.requests).toHaveLength(1);
  });

  test("--to adds a locale; a dropped placeholder is not written and the run exits 1", async () => {
    const file = path.join(dir, "add-locale.json");
    await writeFile(file, formatTemplate(template));
    stub.script.push({ kind: "translate", transform: (t, l) => `${l}:${t.replace(/\{\{ \w+ \}\}/g, "")}` });
    const res = await run([file, "--to", "fr"]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/\/emails\/welcome\/subject: rejected .*missing \{\{ name \}\}/);
    const written = JSON.parse(await readFile(file, "utf8"));
    expect(written.locales).toEqual(["en", "de", "fr"]);
    expect(written.entities.Thing.label).toEqual({ en: "Thing", fr: "fr:Thing" });
    expect(written.emails.welcome.subject.fr).toBeUndefined();
    // Still missing, listed.
    const again = await run([file, "--missing", "--to", "fr", "--json"]);
    expect(JSON.parse(again.out).fr).toContain("/emails/welcome/subject");
  });

  test("no provider configured: exit 1; a bad flag: exit 2", async () => {
    const file = path.join(dir, "template.json");
    const none = await main(["translate", file, "--to", "it"], { stdout: () => {}, stderr: () => {}, env: {} });
    expect(none).toBe(1);
    expect((await run([file, "--to", "NOT A LOCALE"])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});
