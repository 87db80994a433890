import { randomBytes } from "node:crypto";
import type { AccessRule, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { SqlSession } from "../db/database.ts";
import { addMembership, insertUser } from "../identity/user-store.ts";

/** One demo sign-in: who may do what in a demo tenant. */
export interface DemoPerson {
  readonly role: string;
  readonly email: string;
  readonly password: string;
  readonly userId: string;
  /** The account the role is held in (account-tier roles), else null. */
  readonly accountId: string | null;
}

/** Everyone a demo tenant gets: its people and the accounts they act in. */
export interface DemoCast {
  readonly people: readonly DemoPerson[];
  readonly accounts: readonly string[];
}

export type HashPassword = (password: string) => Promise<string>;

/** The roles a demo tenant gets a user for: the tenant admin, then every role of the template. */
export function demoRoles(template: TemplateRegistry): { name: string; tier: string }[] {
  return [{ name: "tenant-admin", tier: "tenant" }, ...template.roles.map((r) => ({ name: r.name, tier: r.tier }))];
}

/**
 * Account-tier roles that inherit from one another share an account (an owner and the staff
 * below them); the others get one each. Keyed by the group's most derived role.
 */
export function accountGroups(template: TemplateRegistry): Map<string, string[]> {
  const accountRoles = template.roles.filter((r) => r.tier === "account");
  const names = new Set(accountRoles.map((r) => r.name));
  const parent = new Map(accountRoles.map((r) => [r.name, r.name]));
  const find = (n: string): string => (parent.get(n) === n ? n : find(parent.get(n)!));
  for (const role of accountRoles)
    for (const inherited of role.inherits) if (names.has(inherited)) parent.set(find(inherited), find(role.name));
  const groups = new Map<string, string[]>();
  for (const role of accountRoles) groups.set(find(role.name), [...(groups.get(find(role.name)) ?? []), role.name]);
  return groups;
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A password for a demo user: 18 random letters and digits (easy to copy), generated once. */
export const demoPassword = () => [...randomBytes(18)].map((b) => ALPHABET[b % ALPHABET.length]).join("");

/**
 * Creates, inside the caller's transaction, one verified user per demo role with its
 * membership, and the accounts the account-tier roles need (plus one account when the
 * template has account-scoped entities but no account roles, so those records have an owner).
 * Users of roles that rules gate by membership tier get the first tier such a rule names.
 */
export async function createCast(
  tx: SqlSession,
  tenantId: string,
  slug: string,
  template: TemplateRegistry,
  hash: HashPassword,
  accountName: (n: number) => string,
): Promise<DemoCast> {
  const groups = accountGroups(template);
  const accountOf = new Map<string, string>();
  const accounts: string[] = [];
  const newAccount = async (kind: string) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, $2, $3) RETURNING "id"`,
      [tenantId, kind.slice(0, 40), accountName(accounts.length).slice(0, 200)],
    );
    accounts.push(rows[0].id);
    return rows[0].id;
  };
  for (const [head, members] of groups) {
    const id = await newAccount(head);
    for (const member of members) accountOf.set(member, id);
  }
  if (!accounts.length && template.entities.some((e) => e.scope === "account")) await newAccount("account");

  const tiers = tiersByRole(template);
  const people: DemoPerson[] = [];
  for (const role of demoRoles(template)) {
    const email = `${role.name}@${slug}.example`;
    const password = demoPassword();
    // Seeded, not signed up: the demo cast takes no seats of a plan.
    const user = await insertUser(
      tx,
      { tenantId, email, name: `Demo ${role.name}`, passwordHash: await hash(password), verified: true },
      { seats: false },
    );
    const accountId = accountOf.get(role.name) ?? null;
    await addMembership(tx, tenantId, user.id, accountId, role.name);
    const tier = tiers.get(role.name);
    if (tier)
      await tx.query(
        `UPDATE "user" SET "profile" = jsonb_set("profile", '{tier}', to_jsonb($2::text)) WHERE "id" = $1`,
        [user.id, tier],
      );
    people.push({ role: role.name, email, password, userId: user.id, accountId });
  }
  return { people, accounts };
}

/** For each role named in a tier-gated rule, the first tier that rule admits. */
function tiersByRole(template: TemplateRegistry): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (rule: AccessRule | null) => {
    if (!rule?.tiers.length) return;
    for (const role of rule.roles) {
      const name = role.replace(/:\*$/, "");
      if (!out.has(name)) out.set(name, rule.tiers[0]);
    }
  };
  for (const entity of template.entities) {
    for (const action of ["read", "create", "update", "delete"] as const) visit(entity.access[action]);
    for (const field of entity.fields) {
      visit(field.access?.read ?? null);
      visit(field.access?.write ?? null);
    }
  }
  return out;
}
