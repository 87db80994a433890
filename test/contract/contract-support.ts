/**
 * Shared by the contract tests: validates live answers with Ajv 2020 against the response an
 * OpenAPI document declares for that path, method and status, counting what it checked.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export interface ContractCounts {
  operations: number;
  validated: number;
  mismatches: string[];
}

export const newCounts = (): ContractCounts => ({ operations: 0, validated: 0, mismatches: [] });

type Doc = { components: object; paths: Record<string, Record<string, any>> };

const escape = (part: string) => part.replace(/~/g, "~0").replace(/\//g, "~1");

/** A checker of live answers against `doc`; mismatches are collected in `counts`. */
export function validatorOf(doc: Doc, counts: ContractCounts) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const id = `https://mono.test/doc-${Math.random().toString(36).slice(2)}.json`;
  ajv.addSchema({ $id: id, components: doc.components, paths: doc.paths });
  return (pathKey: string, method: string, status: number, res: { type: string; body: unknown }) => {
    counts.validated++;
    const where = `${method.toUpperCase()} ${pathKey} ${status}`;
    let response = doc.paths[pathKey]?.[method]?.responses?.[String(status)];
    if (!response) {
      counts.mismatches.push(`${where}: status not documented`);
      return;
    }
    let ref = `#/paths/${[pathKey, method, "responses", String(status)].map(escape).join("/")}`;
    if (response.$ref) {
      ref = response.$ref;

      response = ref
        .split("/")
        .slice(1)
        .reduce((node: any, key: string) => node[key], doc);
    }
    const mediaType = res.type.split(";")[0];
    if (!response.content) {
      if (res.body !== "" && res.body !== null) counts.mismatches.push(`${where}: a body where none is documented`);
      return;
    }
    if (!response.content[mediaType]) {
      counts.mismatches.push(`${where}: ${mediaType || "no content type"} not documented`);
      return;
    }
    const validate = ajv.getSchema(`${id}${ref}/content/${escape(mediaType)}/schema`)!;
    if (!validate(res.body)) counts.mismatches.push(`${where}: ${JSON.stringify(validate.errors).slice(0, 600)}`);
  };
}
