/**
 * The generated access matrix: for every shipped template, every role (built-ins, the
 * template's roles, tier and verification variants, anonymous, super admin) × every entity ×
 * list / get / create / update / delete × every field with a rule, over HTTP on PostgreSQL.
 * Expectations come from authz-reference.ts (an independent reading of the registry), never
 * from runtime/src/authz: the two must agree on every status code, every listed id and every
 * visible or hidden field.
 *
 * Statuses: a decision no row could pass is 401 (anonymous) / 403; a row outside the rule is
 * 404 (not revealed); a row the caller can read but not change is 403; a forbidden body field
 * is 403 with `/body/<field>`; a reference to a record the caller cannot read is 422.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import type { AccessRule, EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { createEntityStores, type EntityStores } from "../src/crud/index.ts";
import {
  allTemplates,
  caller,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  mint,
  startAuthzApp,
  type AuthzEnv,
  type Call,
} from "./authz-support.ts";
import { Reference, type RefPrincipal, type RefRow, type Tri } from "./authz-reference.ts";
import { creationOrder, entityIr } from "./crud-support.ts";

interface Principal extends RefPrincipal {
  label: string;
  call: Call;
  /** The account its records are made in (its own account, or a neutral one). */
  homeAccount: string;
}

interface Row extends RefRow {
  id: string;
  entity: EntityRegistry;
  owner: Principal;
  deleted: boolean;
}

let env: AuthzEnv;
let stores: EntityStores;
let cases = 0;
/** What the checks covered: expected outcomes by kind (printed, so a trivially uniform matrix would show). */
const tally = new Map<string, number>();
const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
/** Every row of every template's tenant, for the rules' relation paths. */
const world: Row[] = [];
const reference = new Reference(allTemplates, () => world);
const SIMPLE = new Set(["string", "enum", "boolean", "integer", "number"]);

/** Every rule of a template (entity and field rules, nested `any`/`all`/`not` included). */
function rulesOf(template: TemplateRegistry): AccessRule[] {
  const out: AccessRule[] = [];
  const walk = (rule: AccessRule | null | undefined) => {
    if (!rule) return;
    out.push(rule);
    rule.any?.forEach(walk);
    rule.all?.forEach(walk);
    walk(rule.not);
  };
  for (const entity of template.entities) {
    Object.values(entity.access).forEach(walk);
    for (const field of entity.fields) {
      walk(field.access?.read);
      walk(field.access?.write);
    }
  }
  return out;
}

/** Membership tiers the template's rules name, in order of appearance (the first is the default tier of principals). */
const tiersOf = (template: TemplateRegistry) => [...new Set(rulesOf(template).flatMap((r) => r.tiers))];

/**
 * Tokens and accounts of every principal of a template, in one tenant per template: the
 * built-in roles and the template's, each verified and (when the template's rules name tiers)
 * in the first tier; plus variants of the first user-tier template role the rules name: without
 * verification when a rule requires it, and in the last tier and in none when rules name tiers.
 */
async function principalsFor(template: TemplateRegistry, tenantId: string, slug: string): Promise<Principal[]> {
  const tiers = tiersOf(template);
  const rules = rulesOf(template);
  const neutral = await createAccount(env.db, tenantId, "household", "Neutral");
  const out: Principal[] = [];
  const add = async (
    label: string,
    role: string | null,
    options: { tier?: string | null; verified?: boolean } = {},
  ) => {
    const tier = options.tier === undefined ? (tiers[0] ?? null) : options.tier;
    const verified = options.verified ?? true;
    if (role === null) {
      out.push({
        label,
        userId: null,
        admin: false,
        grants: [],
        verified: false,
        tier: null,
        call: caller(env, slug, null),
        homeAccount: neutral,
      });
      return;
    }
    const tierOf =
      template.roles.find((r) => r.name === role)?.tier ??
      (role === "tenant-admin" || role === "moderator" ? "tenant" : role.startsWith("account-") ? "account" : "user");
    const account = tierOf === "tenant" ? null : await createAccount(env.db, tenantId, "household", label);
    const user = await createUser(env, tenantId, slug, {
      roles: [[role, account]],
      ...(tier ? { tier } : {}),
      verified,
    });
    out.push({
      label,
      userId: user.id,
      admin: role === "tenant-admin",
      grants: [{ role, accountId: account }],
      verified,
      tier,
      call: caller(env, slug, user),
      homeAccount: account ?? neutral,
    });
  };
  await add("anonymous", null);
  for (const role of ["tenant-admin", "moderator", "account-owner", "account-member", "user"]) await add(role, role);
  for (const role of template.roles) await add(role.name, role.name);
  const named = new Set(rules.flatMap((r) => r.roles.map((role) => role.replace(/:\*$/, ""))));
  const variant = template.roles.find((r) => r.tier === "user" && named.has(r.name));
  if (variant) {
    if (tiers.length > 1) await add(`${variant.name} (${tiers.at(-1)})`, variant.name, { tier: tiers.at(-1) });
    if (tiers.length > 0) await add(`${variant.name} (no tier)`, variant.name, { tier: null });
    if (rules.some((r) => r.requireVerified))
      await add(`${variant.name} (unverified)`, variant.name, { verified: false });
  }
  // A super admin acts in any tenant with a platform token.
  const { rows } = await env.db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name", "platformRole", "emailVerifiedAt") VALUES (NULL, $1, 'Root', 'super-admin', now()) RETURNING "id"`,
    [`root-${slug}@authz.test`],
  );
  const token = await mint(env, null, rows[0].id, {}, true);
  out.push({
    label: "super-admin",
    userId: rows[0].id,
    admin: true,
    grants: [],
    verified: true,
    tier: null,
    call: caller(env, slug, { token }),
    homeAccount: neutral,
  });
  return out;
}

/**
 * Values that make each `where` of the entity's rules (nested `any`/`all`/`not` rules
 * included) true (variant 0) or false (variant 1). Only conditions on the entity's own fields
 * are steered; conditions through relations (`property.status`, `booking: "$me"`) and
 * composed conditions are left to the sample data and the reference evaluator.
 */
function whereVariant(
  entity: EntityRegistry,
  tiers: readonly string[],
  variant: number,
  owner: Principal,
  other: Principal,
): Record<string, unknown> {
  const rules: AccessRule[] = [];
  const walk = (rule: AccessRule | null | undefined) => {
    if (!rule) return;
    if (rule.where) rules.push(rule);
    rule.any?.forEach(walk);
    rule.all?.forEach(walk);
    walk(rule.not);
  };
  Object.values(entity.access).forEach(walk);
  for (const f of entity.fields) {
    walk(f.access?.read);
    walk(f.access?.write);
  }
  const out: Record<string, unknown> = {};
  for (const rule of rules) {
    for (const [name, condition] of Object.entries(rule.where!)) {
      const field = entity.fields.find((f) => f.name === name);
      if (!field || field.readOnly || field.computed) continue;
      const spec =
        condition !== null && typeof condition === "object" && !Array.isArray(condition)
          ? (condition as Record<string, unknown>)
          : Array.isArray(condition)
            ? { in: condition }
            : { eq: condition };
      const [op, raw] = Object.entries(spec)[0];
      // Enum values (of the field, or of an enum array's items).
      const values: readonly unknown[] = field.enumValues ?? [];
      if (op === "eq") out[name] = variant === 0 ? raw : values.find((v) => v !== raw);
      else if (op === "in")
        out[name] = variant === 0 ? (raw as unknown[])[0] : values.find((v) => !(raw as unknown[]).includes(v));
      else if (op === "has" && raw === "$user.id") out[name] = [variant === 0 ? owner.userId : other.userId];
      else if (op === "has" && raw === "$user.tier") out[name] = variant === 0 ? tiers.slice(0, 1) : tiers.slice(-1);
      else if (op === "has") out[name] = variant === 0 ? [raw] : values.filter((v) => v !== raw).slice(0, 1);
    }
  }
  return out;
}

const key = (p: Principal) => (p.userId === null ? "anonymous" : p.label);

describe.each(allTemplates.map((t) => [t.id, t] as const))("access matrix: %s", (templateId, template) => {
  let principals: Principal[] = [];
  const rows: Row[] = [];
  let tenantId = "";
  const slug = `matrix-${templateId}`;
  const order = creationOrder(template);
  let mismatches: string[] = [];

  const decision = (p: Principal, entity: EntityRegistry, action: "read" | "update" | "delete", row: Row | null): Tri =>
    reference.entity(entity, action, p, row);
  const readable = (p: Principal, row: Row) => !row.deleted && decision(p, row.entity, "read", row) === "T";
  const check = (ok: boolean, what: string) => {
    cases++;
    if (!ok) mismatches.push(what);
  };
  const denialStatus = (p: Principal) => (p.userId === null ? 401 : 403);

  beforeAll(async () => {
    env ??= await startAuthzApp();
    stores ??= createEntityStores(env.db, allTemplates);
    tenantId = await createTenant(env.db, slug, [templateId]);
    principals = await principalsFor(template, tenantId, slug);
    const owners = principals.filter((p) => p.userId !== null && p.label !== "super-admin");
    // Two rows per entity and owner: one that passes the rules' `where`s and one that does not.
    for (const entity of order) {
      const ir = await entityIr(templateId, entity.name);
      let seed = 1;
      for (const [i, owner] of owners.entries()) {
        for (const variant of [0, 1]) {
          const other = owners[(i + 1) % owners.length];
          for (let attempt = 0; attempt < 20; attempt++) {
            const body: Record<string, unknown> = {
              ...sampleCreateBody(ir, seed++),
              ...whereVariant(entity, tiersOf(template), variant, owner, other),
            };
            for (const relation of entity.relations) {
              const parents = rows.filter((r) => r.entity.name === relation.target);
              if (relation.foreignKey && parents.length)
                body[relation.foreignKey] = parents[(seed + i) % parents.length].id;
            }
            const accountId = entity.scope === "account" ? owner.homeAccount : null;
            try {
              const created = await stores.create(tenantId, templateId, entity.name, body, {
                userId: owner.userId!,
                accountId: owner.homeAccount,
                createdBy: owner.userId!,
              });
              const row: Row = {
                id: created.id as string,
                entity,
                owner,
                deleted: false,
                values: created,
                userId: entity.scope === "user" ? owner.userId : null,
                accountId,
                createdBy: owner.userId,
              };
              rows.push(row);
              world.push(row);
              break;
            } catch (error) {
              const status = (error as { status?: number }).status;
              if (status !== 409)
                throw new Error(
                  `seeding ${entity.name}: ${JSON.stringify((error as { errors?: unknown }).errors ?? String(error))}`,
                  { cause: error },
                );
            }
          }
        }
      }
    }
  }, 180_000);

  /** Each test reports every disagreement at once. */
  const verdict = () => {
    const found = mismatches;
    mismatches = [];
    expect(found, `${found.length} disagreements:\n${found.slice(0, 60).join("\n")}`).toEqual([]);
  };

  it("lists, gets and field visibility agree with the reference for every role and entity", async () => {
    for (const p of principals) {
      for (const entity of template.entities) {
        const what = `${key(p)} ${entity.name}`;
        const listed = await p.call("GET", entityUrl(templateId, entity.apiName, "?limit=100"));
        const all = rows.filter((r) => r.entity === entity && !r.deleted);
        if (decision(p, entity, "read", null) === "F") {
          count(`list ${denialStatus(p)}`);
          check(
            listed.statusCode === denialStatus(p),
            `${what} list: ${listed.statusCode}, expected ${denialStatus(p)}`,
          );
          const one = await p.call("GET", entityUrl(templateId, entity.apiName, `/${all[0].id}`));
          check(one.statusCode === denialStatus(p), `${what} get: ${one.statusCode}, expected ${denialStatus(p)}`);
          continue;
        }
        check(listed.statusCode === 200, `${what} list: ${listed.statusCode} ${listed.body.slice(0, 200)}`);
        if (listed.statusCode !== 200) continue;
        const expected = all
          .filter((r) => readable(p, r))
          .map((r) => r.id)
          .sort();
        count(
          expected.length === all.length ? "list: every row" : expected.length ? "list: some rows" : "list: no row",
        );
        const got = (listed.json().data as { id: string }[]).map((r) => r.id).sort();
        check(
          JSON.stringify(got) === JSON.stringify(expected),
          `${what} list ids: got ${got.length}, expected ${expected.length}`,
        );
        for (const record of listed.json().data as Record<string, unknown>[]) {
          const row = all.find((r) => r.id === record.id);
          if (!row) continue;
          for (const field of entity.fields.filter((f) => f.access?.read)) {
            const visible = reference.field(entity, field.name, "read", p, row) === "T";
            count(visible ? "field shown" : "field hidden");
            check(
              field.name in record === visible,
              `${what} list field ${field.name}: ${field.name in record ? "shown" : "hidden"}, expected ${visible ? "shown" : "hidden"}`,
            );
          }
        }
        // One row it may read and one it may not (when there is one): 200 with the same fields, or 404.
        const samples = [all.find((r) => readable(p, r)), all.find((r) => !readable(p, r))].filter(
          (r): r is Row => r !== undefined,
        );
        for (const row of samples) {
          const got1 = await p.call("GET", entityUrl(templateId, entity.apiName, `/${row.id}`));
          const visible = readable(p, row);
          check(
            got1.statusCode === (visible ? 200 : 404),
            `${what} get ${visible ? "readable" : "unreadable"} row: ${got1.statusCode}`,
          );
          if (visible && got1.statusCode === 200) {
            const record = got1.json();
            for (const field of entity.fields.filter((f) => f.access?.read)) {
              check(
                field.name in record === (reference.field(entity, field.name, "read", p, row) === "T"),
                `${what} get field ${field.name}`,
              );
            }
          }
        }
      }
    }
    verdict();
  });

  it("creates agree with the reference (entity rule, field write rules, readable references)", async () => {
    let seed = 5000;
    for (const p of principals) {
      for (const entity of order) {
        const what = `${key(p)} create ${entity.name}`;
        const ir = await entityIr(templateId, entity.name);
        const chosenAccount = p.userId === null || p.label === "super-admin" ? null : p.grants[0].accountId;
        const body: Record<string, unknown> = sampleCreateBody(ir, seed++);
        // The new row holds the body and, for fields it leaves out, their defaults (a status the workflow sets first).
        const defaults = Object.fromEntries(
          entity.fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]),
        );
        const target = {
          create: true as const,
          accountId: chosenAccount,
          // Read when the reference decides: the body gains its foreign keys below.
          get values() {
            return { ...defaults, ...body };
          },
        };
        const refs: Row[] = [];
        for (const relation of entity.relations.filter((r) => r.foreignKey)) {
          const parents = rows.filter((r) => r.entity.name === relation.target && !r.deleted);
          const parent = parents.find((r) => readable(p, r)) ?? parents[0];
          if (parent) {
            body[relation.foreignKey!] = parent.id;
            refs.push(parent);
          }
        }
        // Decided before any value is read (401/403), or by the new values (403).
        const allowed = reference.entity(entity, "create", p, { create: true, accountId: chosenAccount });
        const response = await p.call("POST", entityUrl(templateId, entity.apiName), body);
        if (allowed === "F") {
          check(
            response.statusCode === denialStatus(p),
            `${what}: ${response.statusCode}, expected ${denialStatus(p)}`,
          );
          continue;
        }
        const forbidden = entity.fields
          .filter(
            (f) =>
              f.access?.write &&
              body[f.name] !== undefined &&
              reference.field(entity, f.name, "write", p, target) !== "T",
          )
          .map((f) => `/body/${f.name}`);
        if (forbidden.length) {
          const pointers =
            response.statusCode === 403
              ? (response.json().errors as { pointer: string }[]).map((e) => e.pointer).sort()
              : [];
          check(
            response.statusCode === 403 && JSON.stringify(pointers) === JSON.stringify(forbidden.sort()),
            `${what}: ${response.statusCode} ${pointers}, expected 403 ${forbidden}`,
          );
          for (const pointer of forbidden) delete body[pointer.slice(6)];
        }
        const required = (entity.schemas.create as { required?: string[] }).required ?? [];
        const lostRequired = forbidden.some((f) => required.includes(f.slice(6)));
        const retry = forbidden.length ? await p.call("POST", entityUrl(templateId, entity.apiName), body) : response;
        const expected = lostRequired
          ? 400
          : entity.scope === "account" && !chosenAccount
            ? 400
            : entity.scope === "user" && p.label === "super-admin"
              ? 422
              : reference.entity(entity, "create", p, target) === "F"
                ? 403
                : refs.some((r) => !readable(p, r))
                  ? 422
                  : 201;
        // A unique collision (409) only happens once authorization and references passed.
        count(`create ${expected}`);
        check(
          retry.statusCode === expected || (expected === 201 && retry.statusCode === 409),
          `${what}: ${retry.statusCode} ${retry.body.slice(0, 160)}, expected ${expected}`,
        );
      }
    }
    verdict();
  });

  it("updates agree with the reference (row rules, field write rules)", async () => {
    for (const p of principals) {
      for (const entity of template.entities) {
        const what = `${key(p)} update ${entity.name}`;
        const candidates = rows.filter((r) => r.entity === entity && !r.deleted);
        const mine = candidates.find((r) => r.owner === p) ?? candidates[0];
        const foreign =
          candidates.find((r) => r.owner !== p && !readable(p, r)) ?? candidates.find((r) => r.owner !== p)!;
        for (const row of [mine, foreign]) {
          const response = await p.call("PATCH", entityUrl(templateId, entity.apiName, `/${row.id}`), {});
          count(`update ${expectedWrite(p, entity, "update", row)}`);
          check(
            response.statusCode === expectedWrite(p, entity, "update", row),
            `${what} (${row === mine ? "own" : "foreign"} row): ${response.statusCode}, expected ${expectedWrite(p, entity, "update", row)}`,
          );
        }
        for (const field of entity.fields.filter((f) => f.access?.write && SIMPLE.has(f.kind) && !f.readOnly)) {
          const value = mine.values[field.name];
          if (value === null || value === undefined) continue;
          const response = await p.call("PATCH", entityUrl(templateId, entity.apiName, `/${mine.id}`), {
            [field.name]: value,
          });
          const entityStatus = expectedWrite(p, entity, "update", mine);
          const fieldRule = reference.field(entity, field.name, "write", p, mine);
          const staticField = reference.field(entity, field.name, "write", p, null);
          const expected =
            decision(p, entity, "update", null) === "F"
              ? denialStatus(p)
              : staticField === "F"
                ? 403
                : entityStatus !== 200
                  ? entityStatus
                  : fieldRule === "T"
                    ? 200
                    : 403;
          check(
            response.statusCode === expected,
            `${what}.${field.name}: ${response.statusCode} ${response.body.slice(0, 120)}, expected ${expected}`,
          );
          const fieldRefusal =
            decision(p, entity, "update", null) !== "F" &&
            (staticField === "F" || (entityStatus === 200 && fieldRule !== "T"));
          if (fieldRefusal && response.statusCode === 403) {
            check(
              JSON.stringify(response.json().errors) ===
                JSON.stringify([{ pointer: `/body/${field.name}`, message: "may not be written by you" }]),
              `${what}.${field.name}: pointer`,
            );
          }
        }
      }
    }
    verdict();
  });

  it("deletes agree with the reference (and a refused delete leaves the row)", async () => {
    for (const p of principals) {
      for (const entity of [...order].reverse()) {
        const what = `${key(p)} delete ${entity.name}`;
        for (const own of [true, false]) {
          const row = await liveRow(entity, (r) => (own ? r.owner === p : r.owner !== p));
          if (!row) continue;
          const expected = expectedWrite(p, entity, "delete", row);
          count(`delete ${expected}`);
          const response = await p.call("DELETE", entityUrl(templateId, entity.apiName, `/${row.id}`));
          // A hard delete of a row others still reference (onDelete: restrict) is a 409 after the rule passed.
          const ok =
            response.statusCode === (expected === 200 ? 204 : expected) ||
            (expected === 200 && response.statusCode === 409);
          check(
            ok,
            `${what} (${own ? "own" : "foreign"}): ${response.statusCode}, expected ${expected === 200 ? 204 : expected}`,
          );
          const still =
            (
              await env.db.query(
                `SELECT 1 FROM "${entity.table}" WHERE "id" = $1 AND ${entity.softDelete ? `"deletedAt" IS NULL` : "TRUE"}`,
                [row.id],
              )
            ).rows.length === 1;
          if (response.statusCode === 204) row.deleted = true;
          check(
            still === (response.statusCode !== 204),
            `${what}: the row ${still ? "remains" : "is gone"} after ${response.statusCode}`,
          );
        }
      }
    }
    verdict();
  });

  function expectedWrite(p: Principal, entity: EntityRegistry, action: "update" | "delete", row: Row): number {
    if (decision(p, entity, action, null) === "F") return denialStatus(p);
    if (row.deleted) return 404;
    // An update must also leave the record where its rule admits it (the rows here keep their values).
    if (decision(p, entity, action, row) === "T")
      return action === "update" && reference.entity(entity, "updated", p, row) !== "T" ? 403 : 200;
    return readable(p, row) ? 403 : 404;
  }

  /** A row still in the database (cascades may have taken some). */
  async function liveRow(entity: EntityRegistry, which: (r: Row) => boolean): Promise<Row | undefined> {
    for (const row of rows.filter((r) => r.entity === entity && !r.deleted && which(r))) {
      const { rows: found } = await env.db.query(
        `SELECT 1 FROM "${entity.table}" WHERE "id" = $1 AND ${entity.softDelete ? `"deletedAt" IS NULL` : "TRUE"}`,
        [row.id],
      );
      if (found.length) return row;
      row.deleted = true;
    }
    return undefined;
  }
});

afterAll(async () => {
  console.log(
    `access matrix: ${cases} checks; ${[...tally]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(", ")}`,
  );
  await env?.close();
});
