/**
 * A STAND-IN for a language model: a local HTTP server speaking the OpenAI chat-completions and
 * Anthropic Messages shapes, started by the test (no real model can run here). By default it
 * "translates" each segment to `<locale>:<text>` (placeholders and markup kept) with rating 0.95;
 * `script` overrides the next answers (429s, delays, malformed bodies, dropped placeholders). It
 * counts requests and keeps their bodies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubSegment {
  id: string;
  text: string;
}
export interface StubRequest {
  path: string;
  body: Record<string, unknown>;
  segments: StubSegment[];
  targetLocale: string;
  references: { source: string; target: string }[];
}
export type StubAction =
  | { kind: "translate"; rating?: number; transform?: (text: string, locale: string) => string }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: string }
  | { kind: "delay"; ms: number }
  | { kind: "raw"; content: string };

export interface ModelStub {
  url: string;
  /** Requests received, in order. */
  requests: StubRequest[];
  /** Actions for the next requests (first first); empty: translate. */
  script: StubAction[];
  /** Rating of a segment by its text (default 0.95). */
  rate: (text: string) => number;
  close(): Promise<void>;
}

export const stubTranslate = (text: string, locale: string) => `${locale}:${text}`;

function parseRequest(path: string, body: Record<string, unknown>): StubRequest {
  const messages = (body.messages as { role: string; content: string }[]) ?? [];
  const system =
    typeof body.system === "string" ? body.system : (messages.find((m) => m.role === "system")?.content ?? "");
  const user = messages.find((m) => m.role === "user")?.content ?? "{}";
  const payload = JSON.parse(user) as { segments: StubSegment[]; references?: { source: string; target: string }[] };
  const targetLocale = /to ([A-Za-z-]+)\./.exec(system)?.[1] ?? "xx";
  return { path, body, segments: payload.segments, targetLocale, references: payload.references ?? [] };
}

export async function startModelStub(): Promise<ModelStub> {
  const sockets = new Set<import("node:net").Socket>();
  const stub: ModelStub = {
    url: "",
    requests: [],
    script: [],
    rate: () => 0.95,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const answer = (req: StubRequest, action: Extract<StubAction, { kind: "translate" }>) =>
    JSON.stringify({
      translations: req.segments.map((s) => ({
        id: s.id,
        text: (action.transform ?? stubTranslate)(s.text, req.targetLocale),
        rating: action.rating ?? stub.rate(s.text),
      })),
    });
  const reply = (res: ServerResponse, req: StubRequest, content: string) => {
    const usage = { prompt_tokens: 100, completion_tokens: 20 * req.segments.length };
    if (req.path.endsWith("/messages")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "msg_stub",
          type: "message",
          role: "assistant",
          content: [{ type: "text", text: content }],
          usage: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens },
        }),
      );
    } else if (req.body.stream) {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta: object, extra: object = {}) =>
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "stub", choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
      // Split the answer into several chunks, as a real stream does.
      const parts = content.match(/[\s\S]{1,7}/g) ?? [];
      for (const p of parts) res.write(chunk({ content: p }));
      res.write(
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "stub", choices: [], usage: { ...usage, total_tokens: 0 } })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "chatcmpl-stub",
          object: "chat.completion",
          created: 0,
          model: String(req.body.model),
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
    }
  };
  const server = createServer((request: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    request.on("data", (c) => (raw += c));
    request.on("end", async () => {
      const req = parseRequest(request.url ?? "", JSON.parse(raw) as Record<string, unknown>);
      stub.requests.push(req);
      let action: StubAction = stub.script.shift() ?? { kind: "translate" };
      if (action.kind === "delay") {
        const ms = action.ms;
        await new Promise((r) => setTimeout(r, ms));
        if (res.destroyed) return;
        action = { kind: "translate" };
      }
      if (action.kind === "status") {
        res.writeHead(action.status, { "content-type": "application/json", ...action.headers });
        res.end(action.body ?? JSON.stringify({ error: { message: "stub status", type: "stub" } }));
      } else if (action.kind === "raw") reply(res, req, action.content);
      else reply(res, req, answer(req, action));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
