/**
 * Translation providers behind one interface: an OpenAI-compatible chat-completions endpoint
 * (the `openai` SDK with a configurable base URL, so llama.cpp or vLLM servers work too) and an
 * Anthropic-compatible Messages endpoint (plain fetch). Both send a batch of segments and must
 * answer one JSON object, checked against ANSWER_SCHEMA: anything else is refused. A 429 waits
 * the `retry-after` it names (bounded) and retries; a request past `timeoutMs` fails.
 */
import OpenAI from "openai";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { GlossaryTerm } from "./checks.ts";

export interface SegmentIn {
  readonly id: string;
  readonly text: string;
}

export interface TranslationRequest {
  readonly sourceLocale: string;
  readonly targetLocale: string;
  readonly segments: readonly SegmentIn[];
  /** Terms occurring in the batch's segments. */
  readonly glossary: readonly GlossaryTerm[];
  /** Similar earlier translations (fuzzy memory matches) the model should stay consistent with. */
  readonly references: readonly { readonly source: string; readonly target: string }[];
}

export interface TranslationAnswer {
  readonly translations: readonly { readonly id: string; readonly text: string; readonly rating: number }[];
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly model: string;
}

export interface TranslationProvider {
  /** `openai` or `anthropic`: recorded in the usage table. */
  readonly name: string;
  readonly model: string;
  /** Cost per million tokens, in the accounting currency (0: free, e.g. a local server). */
  readonly pricing: { readonly input: number; readonly output: number };
  translate(request: TranslationRequest): Promise<TranslationAnswer>;
}

/** Why a provider call failed: `rate_limited` (429 after the retries), `timeout`, `malformed` (answer not the schema), `http`. */
export class TranslationProviderError extends Error {
  constructor(
    readonly reason: "rate_limited" | "timeout" | "malformed" | "http",
    message: string,
  ) {
    super(message);
    this.name = "TranslationProviderError";
  }
}

export const ANSWER_SCHEMA = {
  type: "object",
  required: ["translations"],
  additionalProperties: false,
  properties: {
    translations: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "text", "rating"],
        additionalProperties: false,
        properties: {
          id: { type: "string" },
          text: { type: "string" },
          rating: { type: "number", minimum: 0, maximum: 1 },
        },
      },
    },
  },
} as const;

const validateAnswer = new Ajv2020({ allErrors: false, strict: false }).compile(ANSWER_SCHEMA);

/** The prompt both providers send: instructions (system) and the batch as JSON (user). */
export function buildPrompt(request: TranslationRequest): { system: string; user: string } {
  const system = [
    `Translate each segment from ${request.sourceLocale} to ${request.targetLocale}.`,
    "Keep every Nunjucks placeholder ({{ … }}, {% … %}, {# … #}) and every HTML tag exactly as written.",
    "Follow the glossary: `keep` terms stay as they are, `translate` terms use the given translation.",
    "Stay consistent with the reference translations.",
    'Answer only with JSON: {"translations":[{"id":"<segment id>","text":"<translation>","rating":<your confidence 0..1>}]}, one entry per segment.',
  ].join("\n");
  const user = JSON.stringify({
    segments: request.segments,
    glossary: request.glossary.map((g) => ({ term: g.term, rule: g.rule, translation: g.translation ?? undefined })),
    references: request.references,
  });
  return { system, user };
}

/** Parses and checks a model's answer text: the schema, and exactly the request's segment ids. */
export function parseAnswer(text: string, request: TranslationRequest): TranslationAnswer["translations"] {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/```$/, "")
    .trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new TranslationProviderError("malformed", "the model's answer is not JSON");
  }
  if (!validateAnswer(value))
    throw new TranslationProviderError(
      "malformed",
      `the model's answer does not match the schema: ${validateAnswer.errors?.[0]?.instancePath || "/"} ${validateAnswer.errors?.[0]?.message}`,
    );
  const translations = (value as { translations: { id: string; text: string; rating: number }[] }).translations;
  const want = request.segments.map((s) => s.id).sort();
  const got = translations.map((t) => t.id).sort();
  if (want.length !== got.length || want.some((id, i) => id !== got[i]))
    throw new TranslationProviderError("malformed", "the model's answer does not hold exactly the segments asked for");
  return translations;
}

/** Seconds (or an HTTP date) of a `retry-after` header, `retry-after-ms` first; null when absent. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined): number | null {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get("retry-after");
  if (!value) return null;
  if (Number.isFinite(Number(value))) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export interface RetryOptions {
  /** Tries on 429 (default 3). */
  readonly attempts?: number;
  /** Longest wait honoured; a longer retry-after fails at once (default 30 s). */
  readonly maxWaitMs?: number;
  /** Without a retry-after (default 1 s). */
  readonly defaultWaitMs?: number;
}

class RateLimited extends Error {
  constructor(readonly waitMs: number | null) {
    super("rate limited");
  }
}

async function withRateLimitRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof RateLimited)) throw error;
      const wait = error.waitMs ?? options.defaultWaitMs ?? 1000;
      if (attempt >= attempts || wait > (options.maxWaitMs ?? 30_000))
        throw new TranslationProviderError("rate_limited", `rate limited (retry after ${wait} ms)`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export interface ProviderConfig extends RetryOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  /** Per request (default 60 s). */
  readonly timeoutMs?: number;
  /** OpenAI-compatible only: read the answer as a server-sent event stream. */
  readonly stream?: boolean;
  readonly pricing?: { readonly input: number; readonly output: number };
}

/** Any OpenAI-compatible chat-completions server (OpenAI, llama.cpp, vLLM, …). */
export class OpenAICompatibleProvider implements TranslationProvider {
  readonly name = "openai";
  readonly model: string;
  readonly pricing: { input: number; output: number };
  private readonly client: OpenAI;

  constructor(private readonly config: ProviderConfig) {
    this.model = config.model;
    this.pricing = { input: config.pricing?.input ?? 0, output: config.pricing?.output ?? 0 };
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      apiKey: config.apiKey || "none",
      maxRetries: 0,
      timeout: config.timeoutMs ?? 60_000,
    });
  }

  translate(request: TranslationRequest): Promise<TranslationAnswer> {
    return withRateLimitRetries(() => this.once(request), this.config);
  }

  private async once(request: TranslationRequest): Promise<TranslationAnswer> {
    const { system, user } = buildPrompt(request);
    const messages = [
      { role: "system" as const, content: system },
      { role: "user" as const, content: user },
    ];
    try {
      let text = "";
      let usage = { inputTokens: 0, outputTokens: 0 };
      if (this.config.stream) {
        const stream = await this.client.chat.completions.create({
          model: this.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? "";
          if (chunk.usage)
            usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
        }
      } else {
        const completion = await this.client.chat.completions.create({
          model: this.model,
          messages,
          response_format: { type: "json_object" },
        });
        text = completion.choices[0]?.message?.content ?? "";
        usage = {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        };
      }
      return { translations: parseAnswer(text, request), usage, model: this.model };
    } catch (error) {
      if (error instanceof OpenAI.RateLimitError) throw new RateLimited(retryAfterMs(error.headers));
      if (error instanceof OpenAI.APIConnectionTimeoutError)
        throw new TranslationProviderError("timeout", `no answer within ${this.config.timeoutMs ?? 60_000} ms`);
      if (error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError))
        throw new TranslationProviderError("http", `the provider answered ${error.status}`);
      throw error;
    }
  }
}

/** An Anthropic-compatible Messages endpoint (`POST {baseUrl}/v1/messages`), through fetch. */
export class AnthropicCompatibleProvider implements TranslationProvider {
  readonly name = "anthropic";
  readonly model: string;
  readonly pricing: { input: number; output: number };

  constructor(private readonly config: ProviderConfig) {
    this.model = config.model;
    this.pricing = { input: config.pricing?.input ?? 0, output: config.pricing?.output ?? 0 };
  }

  translate(request: TranslationRequest): Promise<TranslationAnswer> {
    return withRateLimitRetries(() => this.once(request), this.config);
  }

  private async once(request: TranslationRequest): Promise<TranslationAnswer> {
    const { system, user } = buildPrompt(request);
    const timeoutMs = this.config.timeoutMs ?? 60_000;
    let res: Response;
    try {
      res = await fetch(`${this.config.baseUrl.replace(/\/$/, "")}/v1/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": this.config.apiKey,
          "anthropic-version": "2023-06-01",
        },
        body: JSON.stringify({
          model: this.model,
          max_tokens: 4096,
          system,
          messages: [{ role: "user", content: user }],
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === "TimeoutError")
        throw new TranslationProviderError("timeout", `no answer within ${timeoutMs} ms`);
      throw error;
    }
    if (res.status === 429) throw new RateLimited(retryAfterMs(res.headers));
    if (!res.ok) throw new TranslationProviderError("http", `the provider answered ${res.status}`);
    let body: {
      content?: { type: string; text?: string }[];
      usage?: { input_tokens?: number; output_tokens?: number };
    };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new TranslationProviderError("malformed", "the provider's answer is not JSON");
    }
    const text = (body.content ?? [])
      .filter((c) => c.type === "text")
      .map((c) => c.text ?? "")
      .join("");
    return {
      translations: parseAnswer(text, request),
      usage: { inputTokens: body.usage?.input_tokens ?? 0, outputTokens: body.usage?.output_tokens ?? 0 },
      model: this.model,
    };
  }
}

/**
 * The tenant's translation settings (`tenant.settings.translation`), each over the environment
 * (`OPENAI_BASE_URL`, `OPENAI_API_KEY`, `MONO_TRANSLATION_MODEL`, `MONO_TRANSLATION_PROVIDER`).
 */
export interface TranslationSettings {
  readonly provider?: "openai" | "anthropic";
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly model?: string;
  /** Segments scoring below it wait in the review queue (default 0.7). */
  readonly reviewThreshold?: number;
  readonly pricing?: { readonly input: number; readonly output: number };
  readonly timeoutMs?: number;
  readonly stream?: boolean;
}

/** The provider `settings` and `env` select; null when none is configured (translation off). */
export function providerFor(
  settings: TranslationSettings,
  env: Record<string, string | undefined> = process.env,
  retries: RetryOptions = {},
): TranslationProvider | null {
  const kind = settings.provider ?? (env.MONO_TRANSLATION_PROVIDER as "openai" | "anthropic" | undefined) ?? "openai";
  const baseUrl = settings.baseUrl ?? (kind === "anthropic" ? env.ANTHROPIC_BASE_URL : env.OPENAI_BASE_URL);
  if (!baseUrl) return null;
  const config: ProviderConfig = {
    ...retries,
    baseUrl,
    apiKey: settings.apiKey ?? (kind === "anthropic" ? env.ANTHROPIC_API_KEY : env.OPENAI_API_KEY) ?? "",
    model: settings.model ?? env.MONO_TRANSLATION_MODEL ?? "gpt-4o-mini",
    timeoutMs: settings.timeoutMs,
    stream: settings.stream,
    pricing: settings.pricing,
  };
  return kind === "anthropic" ? new AnthropicCompatibleProvider(config) : new OpenAICompatibleProvider(config);
}
