import type { GeneratorPlugin } from "../plugin.ts";
import { emitZodFile } from "./emit-zod-file.ts";

/** `<template>/zod.ts`: the Zod validators, derived from the same record schemas as Ajv's. */
export const zodPlugin: GeneratorPlugin = {
  name: "@core/zod",
  statusText: "Zod validators",
  build: ({ app }) => Object.fromEntries(app.templates.map((t) => [`${t.id}/zod.ts`, emitZodFile(t)])),
};
