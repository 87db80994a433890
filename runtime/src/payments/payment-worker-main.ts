/**
 * A payments worker on its own (`node --import tsx runtime/src/payments/payment-worker-main.ts`):
 * runs the escrow steps (capture, release, refund) servers queued, from the same database,
 * polling every MONO_PAYMENTS_POLL_MS (250). Several may run at once (claims skip locked steps);
 * SIGTERM stops one after its step in flight. The provider comes from the environment as in the
 * server (payments-plugin.ts `paymentProviderFromEnv`); servers then run with `payments.worker: false`.
 *
 * Test seam: MONO_PAYMENTS_HOLD_AFTER=<action> makes the worker print `held <paymentId>` and
 * hang after the provider answered a step of that action, before the step commits (the kill
 * test SIGKILLs it there). It prints `ready` once polling.
 */
import { createPostgresDatabase } from "../db/database.ts";
import { paymentProviderFromEnv } from "./payments-plugin.ts";
import { PaymentService, type AfterProviderHook } from "./payment-service.ts";

const env = process.env;
if (!env.DATABASE_URL) {
  console.error("mono payments worker: DATABASE_URL is required");
  process.exit(1);
}
const db = createPostgresDatabase(env.DATABASE_URL, { max: 4 });
const hold = env.MONO_PAYMENTS_HOLD_AFTER;
const hook: AfterProviderHook | null = hold
  ? async (step) => {
      if (step.action !== hold) return;
      process.stdout.write(`held ${step.paymentId}\n`);
      await new Promise(() => {});
    }
  : null;
const service = new PaymentService(db, paymentProviderFromEnv(db, env), hook);
const pollMs = Number(env.MONO_PAYMENTS_POLL_MS ?? 250);
let stopping = false;
let current: Promise<unknown> = Promise.resolve();
const stop = async () => {
  stopping = true;
  await current;
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.stdout.write("ready\n");
while (!stopping) {
  try {
    current = service.drain();
    await current;
  } catch (e) {
    console.error("mono payments worker:", e);
  }
  if (!stopping) await new Promise((resolve) => setTimeout(resolve, pollMs));
}
