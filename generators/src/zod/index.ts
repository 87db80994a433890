import { perTemplatePlugin } from "../plugin.ts";
import { emitZodFile } from "./emit-zod-file.ts";

/** `<template>/zod.ts`: the Zod validators, derived from the same record schemas as Ajv's. */
export const zodPlugin = perTemplatePlugin({ name: "@core/zod", statusText: "Zod validators" }, (t) => ({
  [`${t.id}/zod.ts`]: emitZodFile(t),
}));
