import fp from "fastify-plugin";
import { InProcessWake } from "../db/database-queue.ts";
import type { GlossaryTerm } from "./checks.ts";
import type { TranslationProvider } from "./providers.ts";
import { ReviewQueue } from "./review-queue.ts";
import { translationWriteHooks, TranslationWorker, type TranslationWorkerOptions } from "./translation-jobs.ts";
import { translationRoutes } from "./translation-routes.ts";
import { TranslationService } from "./translation-service.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** LLM translation: service, review queue, record-content jobs (runtime/src/translation/README.md). */
    translation: {
      service: TranslationService;
      reviews: ReviewQueue;
      worker: TranslationWorker;
      wake: InProcessWake;
    };
  }
}

export interface TranslationOptions {
  /** A provider for every tenant (tests); else each tenant's settings over the environment. */
  provider?: TranslationProvider | null;
  /** Run the record-content worker in this process (default true). */
  worker?: boolean;
  workerOptions?: TranslationWorkerOptions;
  /** Templates' glossaries by template id. */
  glossaries?: Record<string, readonly GlossaryTerm[]>;
  batchSize?: number;
}

/** The service, the tenant admins' routes and (unless `worker: false`) the in-process worker. */
export const translationPlugin = fp(
  async (app, options: TranslationOptions) => {
    const service = new TranslationService(app.db, {
      provider: options.provider,
      glossaries: options.glossaries,
      batchSize: options.batchSize,
    });
    const templates = () => app.registry.templates;
    const reviews = new ReviewQueue(service, templates);
    const wake = new InProcessWake();
    const worker = new TranslationWorker(app.db, templates, service, wake, options.workerOptions);
    app.decorate("translation", { service, reviews, worker, wake });
    await app.register(translationRoutes, { service, reviews });
    if (options.worker !== false) {
      app.addHook("onReady", async () => worker.start());
      app.addHook("onClose", async () => worker.stop());
    }
  },
  { name: "mono-translation" },
);

export { translationWriteHooks };
