import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import { entityRecordSchema } from "../ir/entity-schemas.ts";
import type { Labels } from "../ir/types.ts";
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { createValueAjv } from "./value-validator.ts";
import { EMAIL_GLOBALS } from "../contract/email-source.ts";
import { emailTextProblems } from "../email/email-validation.ts";
import type { CheckContext } from "./check-context.ts";

/** Every label object of the template with its pointer, for the locale checks. */
function* labelsOf({ ir, raw }: CheckContext): Generator<[Labels, string]> {
  yield [ir.title, "/title"];
  if (Object.keys(ir.description).length) yield [ir.description, "/description"];
  for (const role of ir.roles) yield [role.label, ptr(role.pointer, "label")];
  const nonEmpty = (labels: Labels) => Object.keys(labels).length > 0;
  for (const entity of ir.entities) {
    const rawEntity = raw.entities[entity.name];
    if (rawEntity.label) yield [rawEntity.label, ptr(entity.pointer, "label")];
    if (rawEntity.pluralLabel) yield [rawEntity.pluralLabel, ptr(entity.pointer, "pluralLabel")];
    if (rawEntity.description) yield [rawEntity.description, ptr(entity.pointer, "description")];
    for (const field of entity.fields) {
      if (nonEmpty(field.label)) yield [field.label, ptr(field.pointer, "x-label")];
      if (nonEmpty(field.description)) yield [field.description, ptr(field.pointer, "x-description")];
      if (nonEmpty(field.ui.help)) yield [field.ui.help, ptr(field.pointer, "x-ui", "help")];
      if (nonEmpty(field.ui.placeholder)) yield [field.ui.placeholder, ptr(field.pointer, "x-ui", "placeholder")];
      if (field.enumLabelsPointer)
        for (const [value, labels] of Object.entries(field.enumLabels))
          yield [labels, ptr(field.enumLabelsPointer, value)];
      for (const [keyword, labels] of Object.entries(field.errorMessages))
        yield [labels, ptr(field.pointer, "x-errorMessages", keyword)];
    }
    for (const relation of entity.relations)
      if (nonEmpty(relation.label)) yield [relation.label, ptr(relation.pointer, "label")];
    for (const [i, group] of entity.ui.groups.entries())
      yield [group.label, ptr(entity.pointer, "ui", "groups", i, "label")];
  }
  for (const workflow of ir.workflows) {
    if (nonEmpty(workflow.label)) yield [workflow.label, ptr(workflow.pointer, "label")];
    for (const node of workflow.nodes) if (nonEmpty(node.label)) yield [node.label, ptr(node.pointer, "label")];
  }
  for (const email of ir.emails) {
    yield [email.subject, ptr(email.pointer, "subject")];
    if (typeof raw.emails?.[email.name]?.mjml === "object") yield [email.mjml, ptr(email.pointer, "mjml")];
  }
}

/** The default locale is declared; labels use declared locales and cover all of them. */
export function checkLocales(ctx: CheckContext): void {
  const { raw, ir, report } = ctx;
  if (raw.defaultLocale && !ir.locales.includes(raw.defaultLocale)) {
    report(
      diagnostic(
        "ENG_LOCALE_DEFAULT_UNKNOWN",
        "/defaultLocale",
        `Default locale "${raw.defaultLocale}" is not in locales.`,
        `Add it to locales, or use one of: ${ir.locales.join(", ")}.`,
      ),
    );
  }
  for (const [labels, pointer] of labelsOf(ctx)) {
    for (const locale of Object.keys(labels)) {
      if (!ir.locales.includes(locale)) {
        report(
          diagnostic(
            "ENG_LOCALE_UNKNOWN",
            ptr(pointer, locale),
            `Locale "${locale}" is not declared in locales.`,
            `Declared: ${ir.locales.join(", ")}.`,
          ),
        );
      }
    }
    const missing = ir.locales.filter((l) => !(l in labels));
    if (missing.length) {
      report(
        diagnostic(
          "ENG_LOCALE_MISSING",
          pointer,
          `No ${missing.join(", ")} translation.`,
          "The default locale's text is shown instead.",
        ),
      );
    }
  }
}

/** Seed records name real entities and satisfy their create schema. */
let seedAjv: Ajv2020 | undefined;
const seedValidators = new Map<string, ValidateFunction>();

/**
 * A create-record validator, cached by schema text: an Ajv compile costs ~10 ms, and most edits
 * (and every recompile in `generate --watch`) leave the seeded entities' schemas as they were.
 */
function seedValidator(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = seedValidators.get(key);
  if (!validate) {
    seedAjv ??= createValueAjv({ useDefaults: true });
    seedValidators.set(key, (validate = seedAjv.compile(schema)));
  }
  return validate;
}

export function checkSeed({ ir, report }: CheckContext): void {
  for (const seed of ir.seed) {
    const entity = ir.entities.find((e) => e.name === seed.entity);
    if (!entity) {
      const guess = closestName(
        seed.entity,
        ir.entities.map((e) => e.name),
      );
      report(
        diagnostic(
          "ENG_SEED_UNKNOWN_ENTITY",
          seed.pointer,
          `Seed data for unknown entity "${seed.entity}".`,
          guess ? `Did you mean "${guess}"?` : undefined,
        ),
      );
      continue;
    }
    const validate = seedValidator(entityRecordSchema(entity, "create"));
    seed.records.forEach((record, i) => {
      if (validate(structuredClone(record))) return;
      for (const error of validate.errors ?? []) {
        const extra = error.params as { additionalProperty?: string; missingProperty?: string };
        const at =
          ptr(seed.pointer, i) + error.instancePath + (extra.additionalProperty ? "/" + extra.additionalProperty : "");
        const what = extra.additionalProperty
          ? `"${extra.additionalProperty}" is not a field of ${entity.name}`
          : extra.missingProperty
            ? `missing required field "${extra.missingProperty}"`
            : `${error.instancePath.slice(1) || "record"} ${error.message}`;
        report(diagnostic("ENG_SEED_INVALID", at, `Seed record ${i} of ${entity.name}: ${what}.`));
      }
    });
  }
}

/**
 * Each email's subject and MJML per locale: Nunjucks syntax (ENG_EMAIL_SYNTAX), MJML strict
 * validation after the layout and components are resolved (ENG_EMAIL_MJML_INVALID), and
 * variables used without being declared (ENG_EMAIL_UNDECLARED_VARIABLE), each at the pointer of
 * the text in question.
 */
export function checkEmails({ ir, raw, report }: CheckContext): void {
  for (const email of ir.emails) {
    const declared = new Set([...email.variables.map((v) => v.split(".")[0]), ...EMAIL_GLOBALS]);
    const mjmlIsText = typeof raw.emails?.[email.name]?.mjml === "string";
    const parts: [string, "subject" | "mjml", string][] = [
      ...Object.entries(email.subject).map(([l, t]): [string, "subject", string] => [
        ptr(email.pointer, "subject", l),
        "subject",
        t,
      ]),
      ...(mjmlIsText
        ? [[ptr(email.pointer, "mjml"), "mjml", Object.values(email.mjml)[0] ?? ""] as [string, "mjml", string]]
        : Object.entries(email.mjml).map(([l, t]): [string, "mjml", string] => [
            ptr(email.pointer, "mjml", l),
            "mjml",
            t,
          ])),
    ];
    const undeclared = new Set<string>();
    for (const [pointer, part, text] of parts) {
      for (const problem of emailTextProblems(text, part, declared)) {
        if (problem.kind === "syntax")
          report(diagnostic("ENG_EMAIL_SYNTAX", pointer, `Email "${email.name}": ${problem.message}.`));
        else if (problem.kind === "mjml")
          report(
            diagnostic(
              "ENG_EMAIL_MJML_INVALID",
              pointer,
              `Email "${email.name}": ${problem.message}${problem.line ? ` (line ${problem.line})` : ""}.`,
              "See https://documentation.mjml.io for the elements and attributes MJML accepts.",
            ),
          );
        else if (!undeclared.has(problem.name)) {
          undeclared.add(problem.name);
          report(
            diagnostic(
              "ENG_EMAIL_UNDECLARED_VARIABLE",
              pointer,
              `Email "${email.name}" uses "${problem.name}" without declaring it.`,
              `Add "${problem.name}" to variables.`,
            ),
          );
        }
      }
    }
  }
}
