import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TSX = ["--import", "tsx"];

export interface Child {
  readonly process: ChildProcess;
  output(): string;
  /** Resolves with the first line matching `pattern` (already printed or still to come). */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function child(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    waiters.splice(0).forEach((w) => w());
  };
  proc.stdout!.on("data", onData);
  proc.stderr!.on("data", onData);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return {
    process: proc,
    output: () => out,
    async line(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`no ${pattern} in:\n${out}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    async kill(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SmtpSink extends Child {
  readonly port: number;
  readonly dir: string;
  /** Every accepted email, parsed by mailparser, in arrival order. */
  mails(): Promise<ParsedMail[]>;
  count(): number;
}

/** The SMTP server process (runtime/test/support/smtp-sink-process.ts). */
export async function startSmtpSink(
  options: { port?: number; holdAt?: number; holdMs?: number; dir?: string } = {},
): Promise<SmtpSink> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "mono-smtp-"));
  const c = child([...TSX, "runtime/test/support/smtp-sink-process.ts"], {
    SINK_DIR: dir,
    SINK_PORT: String(options.port ?? 0),
    ...(options.holdAt ? { SINK_HOLD_AT: String(options.holdAt) } : {}),
    ...(options.holdMs ? { SINK_HOLD_MS: String(options.holdMs) } : {}),
  });
  const port = Number((await c.line(/listening (\d+)/))[1]);
  const files = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".eml"))
      .sort();
  return {
    ...c,
    port,
    dir,
    count: () => files().length,
    mails: () => Promise.all(files().map((f) => simpleParser(readFileSync(path.join(dir, f))))),
  };
}

/** A send worker in its own process (runtime/src/email/worker-main.ts). */
export async function startWorkerProcess(env: Record<string, string>): Promise<Child> {
  const c = child([...TSX, "runtime/src/email/worker-main.ts"], env);
  // Generous: on a loaded machine a cold `node --import tsx` start has taken more than 30 s.
  await c.line(/mono email worker: started/, 120_000);
  return c;
}

/** A private redis-server on a free port (never the shared one), no persistence. */
export async function startPrivateRedis(port?: number): Promise<Child & { port: number; url: string }> {
  const p = port ?? (await freePort());
  const proc = spawn("redis-server", ["--port", String(p), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!/Ready to accept connections/.test(out)) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`redis-server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    process: proc,
    port: p,
    url: `redis://127.0.0.1:${p}`,
    output: () => out,
    line: async () => {
      throw new Error("not used");
    },
    async kill(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
