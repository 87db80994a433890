import type { TenantContext } from "../context.ts";
import type { Database, SqlSession } from "../db/database.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import type { EmailSource } from "./email-renderer.ts";
import { SYSTEM_EMAILS } from "./system-emails.ts";

/** Where a template's text came from: the most specific level that has it wins. */
export type EmailLevel = "tenant" | "template" | "platform";

/** An email template as one tenant sees it, in one locale. */
export interface ResolvedEmail {
  readonly key: string;
  readonly locale: string;
  readonly level: EmailLevel;
  readonly source: EmailSource;
  /** The variables the template (or platform) declares; tenant overrides may use only these. */
  readonly variables: readonly string[];
  /** The installed template that defines it (template level, or the one a tenant override replaces). */
  readonly templateId: string | null;
}

/** What can be overridden: one entry per email key a tenant has. */
export interface EmailDefinition {
  readonly key: string;
  readonly level: "template" | "platform";
  readonly templateId: string | null;
  readonly locales: readonly string[];
  readonly variables: readonly string[];
  readonly subject: Readonly<Record<string, string>>;
  readonly mjml: Readonly<Record<string, string>>;
}

export interface EmailOverride {
  readonly key: string;
  readonly locale: string;
  readonly subject: string;
  readonly mjml: string;
  readonly version: number;
  readonly updatedAt: string;
}

/**
 * The three levels: the platform's system emails, the emails of the templates a tenant installed,
 * and the tenant's overrides (per key and locale, in `email_template_override`). For a locale the
 * tenant has no text in, the installed template's default locale, then English, stand in.
 */
export class EmailCatalogue {
  constructor(
    private readonly db: Database,
    private readonly registry: RuntimeRegistry,
  ) {}

  /** Every email key the tenant (or, for null, the platform) can send. Template emails shadow system ones. */
  definitions(tenant: TenantContext | null): EmailDefinition[] {
    const out = new Map<string, EmailDefinition>();
    for (const [key, e] of Object.entries(SYSTEM_EMAILS))
      out.set(key, {
        key,
        level: "platform",
        templateId: null,
        locales: Object.keys(e.mjml),
        variables: e.variables,
        subject: e.subject,
        mjml: e.mjml,
      });
    for (const id of tenant ? [...tenant.templates.keys()].sort() : []) {
      const template = this.registry.template(id);
      for (const e of template?.emails ?? [])
        out.set(e.name, {
          key: e.name,
          level: "template",
          templateId: id,
          locales: Object.keys(e.mjml),
          variables: e.variables,
          subject: e.subject,
          mjml: e.mjml,
        });
    }
    return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  definition(tenant: TenantContext | null, key: string): EmailDefinition | undefined {
    return this.definitions(tenant).find((d) => d.key === key);
  }

  /** The locales to try, most wanted first. */
  fallbacks(tenant: TenantContext | null, locale: string): string[] {
    const defaults = tenant
      ? [...tenant.templates.keys()].sort().map((id) => this.registry.template(id)?.defaultLocale)
      : [];
    return [...new Set([locale, locale.split("-")[0], ...defaults, "en"].filter((l): l is string => !!l))];
  }

  /**
   * The text to send: per locale (the wanted one, then fallbacks), the most specific level that
   * has it and whose declared variables the sender provides (`provided`; all when omitted). So a
   * template email named like a system email replaces it only where the platform can fill it.
   */
  async resolve(
    tenant: TenantContext | null,
    key: string,
    locale: string,
    provided?: readonly string[],
    session: SqlSession = this.db,
  ): Promise<ResolvedEmail | null> {
    const levels: EmailDefinition[] = [];
    const own = this.definition(tenant, key);
    if (own) levels.push(own);
    const system = SYSTEM_EMAILS[key];
    if (system && own?.level !== "platform")
      levels.push({
        key,
        level: "platform",
        templateId: null,
        locales: Object.keys(system.mjml),
        variables: system.variables,
        subject: system.subject,
        mjml: system.mjml,
      });
    const fits = (d: EmailDefinition) => !provided || d.variables.every((v) => provided.includes(v.split(".")[0]));
    const usable = levels.filter(fits);
    if (!usable.length) return null;
    const overrides = tenant ? await this.overrides(tenant.id, key, session) : [];
    for (const l of this.fallbacks(tenant, locale)) {
      for (const definition of usable) {
        // A tenant's override replaces the definition it was validated against (the most specific one).
        const override = definition === own ? overrides.find((o) => o.locale === l) : undefined;
        if (override)
          return {
            key,
            locale: l,
            level: "tenant",
            source: { subject: override.subject, mjml: override.mjml },
            variables: definition.variables,
            templateId: definition.templateId,
          };
        if (definition.mjml[l] !== undefined)
          return {
            key,
            locale: l,
            level: definition.level,
            source: {
              subject: definition.subject[l] ?? Object.values(definition.subject)[0] ?? "",
              mjml: definition.mjml[l],
            },
            variables: definition.variables,
            templateId: definition.templateId,
          };
      }
    }
    return null;
  }

  /** `session`: a caller's transaction (on PGlite, the one connection it holds). */
  async overrides(tenantId: string, key?: string, session: SqlSession = this.db): Promise<EmailOverride[]> {
    const { rows } = await session.query<EmailOverride>(
      `SELECT "key", "locale", "subject", "mjml", "version", "updatedAt" FROM "email_template_override"
        WHERE "tenantId" = $1 AND ($2::text IS NULL OR "key" = $2) ORDER BY "key", "locale"`,
      [tenantId, key ?? null],
      "email_overrides",
    );
    return rows;
  }

  /** Creates or replaces a tenant's override (its version counts up); validated by the caller. */
  async saveOverride(tenantId: string, o: Omit<EmailOverride, "version" | "updatedAt">): Promise<EmailOverride> {
    const { rows } = await this.db.query<EmailOverride>(
      `INSERT INTO "email_template_override" ("tenantId", "key", "locale", "subject", "mjml")
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("tenantId", "key", "locale") DO UPDATE
         SET "subject" = EXCLUDED."subject", "mjml" = EXCLUDED."mjml",
             "version" = "email_template_override"."version" + 1, "updatedAt" = now()
       RETURNING "key", "locale", "subject", "mjml", "version", "updatedAt"`,
      [tenantId, o.key, o.locale, o.subject, o.mjml],
    );
    return rows[0];
  }

  async deleteOverride(tenantId: string, key: string, locale: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `DELETE FROM "email_template_override" WHERE "tenantId" = $1 AND "key" = $2 AND "locale" = $3`,
      [tenantId, key, locale],
    );
    return (rowCount ?? 0) > 0;
  }
}
