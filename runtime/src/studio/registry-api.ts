import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../http/problem.ts";
import type { DraftTemplates } from "./draft-templates.ts";
import { buildStudioRegistry } from "./registry-view.ts";

export interface RegistryApiOptions {
  /** generated/: the form specs are read from `<template>/forms/<Entity>.json`. */
  generatedDir: string;
  /** Draft templates served from the database: their form specs come from here. */
  drafts: DraftTemplates;
}

/** A JSON body computed once, sent gzipped to clients that accept it. */
interface CachedJson {
  raw: Buffer;
  gzip: Buffer;
}

const cacheJson = (value: unknown): CachedJson => {
  const raw = Buffer.from(JSON.stringify(value));
  return { raw, gzip: gzipSync(raw) };
};

function sendCached(request: FastifyRequest, reply: FastifyReply, body: CachedJson) {
  reply.type("application/json; charset=utf-8").header("cache-control", "no-cache").header("vary", "accept-encoding");
  if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? "")))
    return reply.header("content-encoding", "gzip").send(body.gzip);
  return reply.send(body.raw);
}

/**
 * Read-only views the studio renders from: the template registries the runtime serves (without
 * the record schemas), each entity's generated form spec, and the tenant a request acts for.
 */
export async function registryApi(app: FastifyInstance, options: RegistryApiOptions) {
  // Rebuilt only when the served templates change (a draft saved in a production studio).
  let registry = { revision: -1, body: cacheJson(null) };
  const registryBody = () => {
    if (registry.revision !== app.registry.revision)
      registry = {
        revision: app.registry.revision,
        body: cacheJson(buildStudioRegistry(app.registry.templates)),
      };
    return registry.body;
  };
  const forms = new Map<string, Promise<CachedJson>>();
  const draftForms = new WeakMap<object, CachedJson>();

  app.get("/registry", async (request, reply) => sendCached(request, reply, registryBody()));

  app.get(
    "/forms/:templateId/:entity",
    {
      schema: {
        params: {
          type: "object",
          properties: { templateId: { type: "string", maxLength: 40 }, entity: { type: "string", maxLength: 80 } },
        },
      },
    },
    async (request, reply) => {
      const { templateId, entity } = request.params as { templateId: string; entity: string };
      const template = app.registry.template(templateId);
      // Only names the registry knows reach the file system.
      const known = template?.entities.find((e) => e.name === entity || e.apiName === entity);
      if (!template || !known)
        throw new ApiError("RT_ERR_ENTITY_NOT_FOUND", `No entity "${entity}" in template "${templateId}".`);
      const draftForm = options.drafts.form(template.id, known.name);
      if (draftForm) {
        let cached = draftForms.get(draftForm);
        if (!cached) draftForms.set(draftForm, (cached = cacheJson(draftForm)));
        return sendCached(request, reply, cached);
      }
      const key = `${template.id}/${known.name}`;
      let body = forms.get(key);
      if (!body) {
        body = readFile(path.join(options.generatedDir, template.id, "forms", `${known.name}.json`), "utf8").then(
          (text) => cacheJson(JSON.parse(text)),
        );
        body.catch(() => forms.delete(key));
        forms.set(key, body);
      }
      return sendCached(request, reply, await body);
    },
  );

  app.get("/session", { config: { tenant: true } }, async (request) => {
    const tenant = request.tenant!;
    return {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status },
      templates: [...tenant.templates].map(([id, { version }]) => ({ id, version })),
    };
  });
}
