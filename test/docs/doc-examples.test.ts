/**
 * The doc-test's own rules (test/docs/support/doc-examples.ts): what counts as an example, that
 * an example without an expected response is refused, and how abridged responses match.
 */
import { describe, expect, test } from "vitest";
import {
  buildScript,
  jsonMismatches,
  parseDocExamples,
  parseHeaderDump,
  responseMismatches,
} from "./support/doc-examples.ts";

const fence = "```";
const doc = (...parts: string[]) => parts.join("\n");
const SETUP = doc(`${fence}sh setup`, "PORT=3000 # the port", "MONO=http://localhost:$PORT", fence);

describe("parseDocExamples", () => {
  test("pairs each sh example with its http response, heading and check comments", () => {
    const parsed = parseDocExamples(
      doc(
        "# API",
        SETUP,
        "## Lists",
        `${fence}sh`,
        'curl -s "$MONO/things"',
        fence,
        "",
        `${fence}http`,
        "HTTP/1.1 200 OK",
        "Content-Type: application/json; charset=utf-8",
        "",
        '{ "data": ["…"] }',
        fence,
        "<!-- check: .data | length > 0 -->",
        "",
        `${fence}json`,
        "{}",
        fence,
      ),
    );
    expect(parsed.setup).toEqual([
      ["PORT", "3000"],
      ["MONO", "http://localhost:$PORT"],
    ]);
    expect(parsed.examples).toEqual([
      {
        line: 7,
        heading: "Lists",
        code: 'curl -s "$MONO/things"',
        expected: {
          status: 200,
          headers: [["content-type", "application/json; charset=utf-8"]],
          body: { json: { data: ["…"] } },
        },
        checks: [".data | length > 0"],
      },
    ]);
  });

  test("refuses an example without a response, a response without an example, and a setup block that runs commands", () => {
    const example = doc(`${fence}sh`, "curl -s x", fence);
    const response = doc(`${fence}http`, "HTTP/1.1 204 No Content", fence);
    expect(() => parseDocExamples(doc(SETUP, example))).toThrow(/not followed by an http block/);
    expect(() => parseDocExamples(doc(SETUP, example, `${fence}sh`, "curl -s y", fence, response))).toThrow(
      /line \d+: the example is not followed/,
    );
    expect(() => parseDocExamples(doc(SETUP, response))).toThrow(/without an sh example/);
    expect(() => parseDocExamples(doc(SETUP, `${fence}sh`, "echo hi", fence, response))).toThrow(/without a curl/);
    expect(() => parseDocExamples(doc(`${fence}sh setup`, "rm -rf /tmp/x", fence))).toThrow(/only assigns variables/);
    expect(() => parseDocExamples(doc(example, response))).toThrow(/no sh setup block/);
    expect(() => parseDocExamples(doc(SETUP, example, `${fence}http`, "200 OK", fence))).toThrow(/status line/);
  });
});

describe("jsonMismatches (abridged responses)", () => {
  test("… is any value or any characters; objects are subsets", () => {
    expect(jsonMismatches({ id: "…", token: "eyJ…" }, { id: 7, token: "eyJabc", extra: true })).toEqual([]);
    expect(jsonMismatches({ token: "eyJ…" }, { token: "abc" })).toEqual(['/token: expected "eyJ…", got "abc"']);
    expect(jsonMismatches({ id: "…" }, {})).toEqual(["/id: missing"]);
    expect(jsonMismatches({ a: { b: null } }, { a: { b: 0 } })).toEqual(["/a/b: expected null, got 0"]);
    expect(jsonMismatches({ pattern: "a.c" }, { pattern: "abc" })).toEqual(['/pattern: expected "a.c", got "abc"']);
  });

  test('arrays match item by item, with exactly as many items unless the last one is "…"', () => {
    expect(jsonMismatches([1, 2], [1, 2])).toEqual([]);
    expect(jsonMismatches([1], [1, 2])).toEqual(["/: expected 1 items, got 2"]);
    expect(jsonMismatches([1, "…"], [1, 2, 3])).toEqual([]);
    expect(jsonMismatches([1, "…"], [])).toEqual(["/: expected at least 1 items, got 0"]);
    expect(jsonMismatches([{ n: 1 }], [{ n: 2 }])).toEqual(["/0/n: expected 1, got 2"]);
    expect(jsonMismatches([], {})).toEqual(["/: expected an array, got {}"]);
  });
});

describe("responses as curl records them", () => {
  const dump =
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /things/1\r\nContent-Type: application/json\r\n\r\n";

  test("the last header block counts; status, headers and body are compared", () => {
    const response = parseHeaderDump(dump, '{"id": "1"}');
    expect(response.status).toBe(201);
    const expected = { status: 201, headers: [["location", "/things/…"]] as const, body: { json: { id: "…" } } };
    expect(responseMismatches(expected, response)).toEqual([]);
    expect(responseMismatches({ ...expected, status: 200 }, response)).toEqual(["status: expected 200, got 201"]);
    expect(responseMismatches({ ...expected, headers: [["etag", "…"]] }, response)).toEqual([
      'header etag: expected "…", got none',
    ]);
    expect(responseMismatches(expected, parseHeaderDump(dump, "not json"))[0]).toMatch(/^body: expected JSON/);
  });

  test("the script keeps each example's response, replaces the provided setup values and runs examples in order", () => {
    const parsed = parseDocExamples(
      doc(SETUP, `${fence}sh`, 'curl -s "$MONO/a"', fence, `${fence}http`, "HTTP/1.1 200 OK", fence),
    );
    const script = buildScript(parsed, {
      provided: { PORT: "4321" },
      outDir: "/tmp/out",
      curl: "/usr/bin/curl",
      before: { "/a": "echo before" },
    });
    expect(script).toContain("PORT='4321'\nMONO=http://localhost:$PORT\n");
    expect(script).toContain('__N=0\necho before\n{\ncurl -s "$MONO/a"\n}\necho $? > "$__DOC_OUT/0.rc"');
    expect(() => buildScript(parsed, { provided: { TOKEN: "x" }, outDir: "/tmp", curl: "curl" })).toThrow(
      /does not set TOKEN/,
    );
  });
});
