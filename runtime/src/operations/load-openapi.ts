import { readFile } from "node:fs/promises";
import path from "node:path";
import type { OpenApiDocuments } from "./openapi.ts";

/** Reads each template's generated openapi.json (components + entity paths). */
export async function loadOpenApiDocuments(
  generatedDir: string,
  templateIds: readonly string[],
): Promise<OpenApiDocuments> {
  const documents: OpenApiDocuments = {};
  for (const id of templateIds) {
    documents[id] = JSON.parse(await readFile(path.join(generatedDir, id, "openapi.json"), "utf8"));
  }
  return documents;
}
