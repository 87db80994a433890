import { readFileSync } from "node:fs";
import path from "node:path";
import { assembleApp, compileTemplateText, type AppIR } from "../../../engine/src/index.ts";

/** The mini-market fixture compiled into an app IR, as every generator test starts. */
export function fixtureApp(name = "minimal.json"): AppIR {
  const file = path.join(import.meta.dirname, "..", "..", "..", "engine", "test", "fixtures", name);
  const result = compileTemplateText(readFileSync(file, "utf8"), name);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  const app = assembleApp([result.ir]);
  if (!app.ok) throw new Error(JSON.stringify(app.diagnostics, null, 2));
  return app.app;
}
