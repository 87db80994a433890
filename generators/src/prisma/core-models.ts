import { PrismaModel } from "./prisma-builder.ts";
import { constraintName } from "./constraint-names.ts";

/** Columns shared by every platform table. */
const ID = ['@id(map: "%PK%")', '@default(dbgenerated("gen_random_uuid()"))', "@db.Uuid"];
const CREATED_AT = ["@default(now())", "@db.Timestamptz(3)"];
const UPDATED_AT = ["@default(now())", "@updatedAt", "@db.Timestamptz(3)"];

function base(name: string, table: string, doc: string): PrismaModel {
  const model = new PrismaModel(name, doc);
  model.addField("id", "String", ...ID.map((a) => a.replace("%PK%", constraintName("pk", table))));
  return model;
}

/**
 * A tenant-owned table (tenantId NOT NULL): its primary key is (tenantId, id), so other
 * tenant-owned tables reference it by composite foreign keys and Citus can distribute it by
 * tenantId. The key attribute goes first among the block attributes.
 */
function tenantKey(model: PrismaModel, table: string): PrismaModel {
  const id = model.fields.find((f) => f.name === "id")!;
  id.attributes = id.attributes.filter((a) => !a.startsWith("@id("));
  model.blockAttributes.unshift(`@@id([tenantId, id], map: "${constraintName("pk", table)}")`);
  return model;
}

/**
 * Core tables that carry a NOT NULL tenantId but are global lookups (Citus reference tables):
 * a domain resolves to its tenant before any tenant is known, so it is unique platform-wide.
 * Tables whose tenantId is nullable (platform staff's rows) are reference tables too; every
 * other table with a tenantId is tenant-owned.
 */
export const REFERENCE_TABLES_WITH_TENANT: readonly string[] = ["tenant_domain"];

/**
 * The database queue's scan of due workflow steps (any tenant, oldest first: `ORDER BY "runAfter",
 * "id"`), partial on the live queue: one of the few indexes of a tenant-owned table that tenantId does not
 * lead. With tenantId first, a scan across tenants reads every tenant's part of the index (and a
 * full index of finished steps too, without the WHERE); this one holds only queued steps, in the
 * scan's order, so a claim reads one entry. It is not unique, so Citus's rule (every unique key
 * includes tenantId) holds; on Citus each shard keeps its own part (generators/test/prisma-plugin.test.ts).
 */
export const WORKFLOW_STEP_QUEUED = constraintName("ix", "workflow_step", "queued");

/** The email worker's scans of queued mail and of expired sending locks, across tenants (partial). */
export const EMAIL_MESSAGE_QUEUED = constraintName("ix", "email_message", "queued");
export const EMAIL_MESSAGE_SENDING = constraintName("ix", "email_message", "sending");

/**
 * The sweep of due scheduled messages (runtime/src/messaging: any tenant, oldest first: `ORDER BY
 * "sendAt", "id"`), partial on the messages still waiting, like WORKFLOW_STEP_QUEUED: it holds
 * only scheduled messages, so the sweep reads the due ones and never a tenant's sent messages.
 */
export const MESSAGE_SCHEDULED_DUE = constraintName("ix", "message", "due");

/** SQL-only indexes of tenant-owned core tables that tenantId does not lead (see each one's doc). */
export const CROSS_TENANT_QUEUE_INDEXES: readonly string[] = [
  WORKFLOW_STEP_QUEUED,
  EMAIL_MESSAGE_QUEUED,
  EMAIL_MESSAGE_SENDING,
  MESSAGE_SCHEDULED_DUE,
];

/**
 * Message search (`websearch_to_tsquery('simple', …)` over `to_tsvector('simple', "text")`): a GIN
 * index of the expression. A GIN index cannot lead with a uuid column (that needs btree_gin), so
 * tenantId does not lead it: the search narrows by it within the same query (`"tenantId" = $1` and
 * the caller's participant rows), as the entities' full-text indexes do (engine/src/contract/search.ts).
 */
export const MESSAGE_SEARCH = constraintName("ix", "message", "search");

/** Full-text GIN indexes of tenant-owned core tables (tenantId cannot lead a GIN index; see each one's doc). */
export const TEXT_SEARCH_INDEXES: readonly string[] = [MESSAGE_SEARCH];

/** A composite (tenantId, column) → (tenantId, id) relation to a tenant-owned (or tenant-keyed) model. */
const tenantScoped = (column: string, onDelete: string, map: string, name?: string) =>
  `@relation(${name ? `"${name}", ` : ""}fields: [tenantId, ${column}], references: [tenantId, id], onDelete: ${onDelete}, map: "${map}")`;

function timestamps(model: PrismaModel): PrismaModel {
  return model.addField("createdAt", "DateTime", ...CREATED_AT).addField("updatedAt", "DateTime", ...UPDATED_AT);
}

const tenantRelation = (table: string) =>
  `@relation(fields: [tenantId], references: [id], onDelete: Cascade, map: "${constraintName("fk", table, "tenant")}")`;

/**
 * The platform's own models: tenants and their domains, template installs, accounts, users,
 * memberships, draft records, tenant extension schemas and identity state. `backRelations`
 * receives the list fields each template model needs on Tenant, Account and User.
 */
export function buildCoreModels(backRelations: { tenant: string[]; account: string[]; user: string[] }): PrismaModel[] {
  const tenant = base("Tenant", "tenant", "A marketplace: every tenant-owned row points here.")
    .addField("slug", "String", `@unique(map: "${constraintName("uq", "tenant", "slug")}")`, "@db.VarChar(63)")
    .addField("name", "String", "@db.VarChar(200)")
    .addField("status", "String", '@default("active")', "@db.VarChar(20)")
    .addField("settings", "Json", '@default("{}")');
  timestamps(tenant)
    .addField("domains", "TenantDomain[]")
    .addField("templateInstalls", "TemplateInstall[]")
    .addField("accounts", "Account[]")
    .addField("users", "User[]")
    .addField("memberships", "Membership[]")
    .addField("draftRecords", "DraftRecord[]")
    .addField("entityExtensions", "EntityExtension[]")
    .addField("refreshTokens", "RefreshToken[]")
    .addField("oneTimeTokens", "OneTimeToken[]")
    .addField("invitations", "Invitation[]")
    .addField("externalIdentities", "ExternalIdentity[]")
    .addField("loginFailures", "LoginFailure[]")
    .addField("auditLogs", "AuditLog[]")
    .addField("demoLogins", "DemoLogin[]")
    .addField("emailTemplateOverrides", "EmailTemplateOverride[]")
    .addField("emailMessages", "EmailMessage[]")
    .addField("notifications", "Notification[]")
    .addField("notificationPreferences", "NotificationPreference[]")
    .addField("workflowInstances", "WorkflowInstance[]")
    .addField("workflowSteps", "WorkflowStep[]")
    .addField("workflowTimers", "WorkflowTimer[]")
    .addField("workflowTasks", "WorkflowTask[]")
    .addField("workflowEvents", "WorkflowEvent[]")
    .addField("workflowEffects", "WorkflowEffect[]")
    .addField("mediaAssets", "MediaAsset[]")
    .addField("bookingCalendarEntries", "BookingCalendarEntry[]")
    .addField("conversations", "Conversation[]")
    .addField("conversationParticipants", "ConversationParticipant[]")
    .addField("messages", "Message[]")
    .addField("messageEdits", "MessageEdit[]")
    .addField("messageReactions", "MessageReaction[]")
    .addField("messageFlags", "MessageFlag[]")
    .addField("messagingEvents", "MessagingEvent[]")
    .addField("tags", "Tag[]")
    .addField("tagLinks", "TagLink[]")
    .addField("collections", "Collection[]")
    .addField("collectionItems", "CollectionItem[]")
    .addField("tenantPlan", "TenantPlan?")
    .addField("planUsage", "PlanUsage[]")
    .addField("savedSearches", "SavedSearch[]")
    .addField("savedSearchSubscriptions", "SavedSearchSubscription[]")
    .addField("savedSearchDeliveries", "SavedSearchDelivery[]")
    .addField("payments", "Payment[]")
    .addField("translationMemory", "TranslationMemory[]")
    .addField("translationGlossary", "TranslationGlossary[]")
    .addField("translationUsage", "TranslationUsage[]")
    .addField("translationReviews", "TranslationReview[]")
    .addField("translationJobs", "TranslationJob[]")
    .addField("paymentTransitions", "PaymentTransition[]")
    .addField("paymentSteps", "PaymentStep[]")
    .addField("paymentLedgerEntries", "PaymentLedgerEntry[]");
  for (const line of backRelations.tenant) tenant.addField(...splitField(line));
  tenant.addBlockAttribute('@@map("tenant")');

  const domain = base("TenantDomain", "tenant_domain", "A custom domain or subdomain that resolves to a tenant.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField(
      "domain",
      "String",
      `@unique(map: "${constraintName("uq", "tenant_domain", "domain")}")`,
      "@db.VarChar(253)",
    );
  timestamps(domain)
    .addField("tenant", "Tenant", tenantRelation("tenant_domain"))
    .addBlockAttribute(`@@index([tenantId], map: "${constraintName("ix", "tenant_domain", "tenant")}")`)
    .addBlockAttribute('@@map("tenant_domain")');

  const install = base("TemplateInstall", "template_install", "A template a tenant installed, at a version.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("version", "String", "@db.VarChar(40)")
    .addField("status", "String", '@default("installed")', "@db.VarChar(20)")
    .addField("manifest", "Json", '@default("{}")');
  timestamps(install)
    .addField("tenant", "Tenant", tenantRelation("template_install"))
    .addBlockAttribute(
      `@@unique([tenantId, templateId], map: "${constraintName("uq", "template_install", "template")}")`,
    )
    .addBlockAttribute('@@map("template_install")');
  tenantKey(install, "template_install");

  const account = base("Account", "account", "An organisation inside a tenant: agency, client company, household.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("kind", "String", "@db.VarChar(40)")
    .addField("name", "String", "@db.VarChar(200)")
    .addField("settings", "Json", '@default("{}")');
  timestamps(account)
    .addField("tenant", "Tenant", tenantRelation("account"))
    .addField("memberships", "Membership[]")
    .addField("invitations", "Invitation[]");
  for (const line of backRelations.account) account.addField(...splitField(line));
  account
    .addBlockAttribute(`@@index([tenantId, kind], map: "${constraintName("ix", "account", "kind")}")`)
    .addBlockAttribute('@@map("account")');
  tenantKey(account, "account");

  const user = base("User", "user", "A person. Platform staff have no tenant.")
    .addField("tenantId", "String?", "@db.Uuid")
    .addField("email", "String", "@db.VarChar(254)")
    .addField("name", "String", "@db.VarChar(200)")
    .addField("passwordHash", "String?")
    .addField("emailVerifiedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("status", "String", '@default("active")', "@db.VarChar(20)")
    .addField("profile", "Json", '@default("{}")')
    // Platform staff only (tenantId null): "super-admin".
    .addField("platformRole", "String?", "@db.VarChar(40)")
    // Failed logins from every address, for the slow-down (the lock itself is per address:
    // login_failure), on the row so every process counts the same failures.
    .addField("failedLoginCount", "Int", "@default(0)")
    .addField("lastFailedLoginAt", "DateTime?", "@db.Timestamptz(3)")
    // Raised when the user's roles are revoked: access tokens carry it (`ver`), older ones stop working.
    .addField("tokenVersion", "Int", "@default(0)");
  timestamps(user)
    .addField("tenant", "Tenant?", tenantRelation("user"))
    .addField("memberships", "Membership[]")
    .addField("refreshTokens", "RefreshToken[]", '@relation("RefreshTokenUser")')
    .addField("tenantRefreshTokens", "RefreshToken[]", '@relation("RefreshTokenTenantUser")')
    .addField("oneTimeTokens", "OneTimeToken[]", '@relation("OneTimeTokenUser")')
    .addField("tenantOneTimeTokens", "OneTimeToken[]", '@relation("OneTimeTokenTenantUser")')
    .addField("invitationsSent", "Invitation[]")
    .addField("externalIdentities", "ExternalIdentity[]")
    .addField("loginFailures", "LoginFailure[]", '@relation("LoginFailureUser")')
    .addField("tenantLoginFailures", "LoginFailure[]", '@relation("LoginFailureTenantUser")')
    .addField("notifications", "Notification[]")
    .addField("notificationPreferences", "NotificationPreference[]");
  for (const line of backRelations.user) user.addField(...splitField(line));
  user
    .addBlockAttribute(`@@unique([tenantId, email], map: "${constraintName("uq", "user", "email")}")`)
    // Platform staff have no tenant, so the key stays `id`; tenant rows reference (tenantId, id).
    .addBlockAttribute(`@@unique([tenantId, id], map: "${constraintName("uq", "user", "tenant_key")}")`)
    .addBlockAttribute('@@map("user")');

  const membership = base(
    "Membership",
    "membership",
    "A user's role in an account (or tenant-wide when accountId is null).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("accountId", "String?", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("role", "String", "@db.VarChar(40)");
  timestamps(membership)
    .addField("tenant", "Tenant", tenantRelation("membership"))
    .addField(
      "account",
      "Account?",
      tenantScoped("accountId", "Cascade", constraintName("fk", "membership", "account")),
    )
    .addField("user", "User", tenantScoped("userId", "Cascade", constraintName("fk", "membership", "user")))
    .addBlockAttribute(
      `@@unique([tenantId, accountId, userId, role], map: "${constraintName("uq", "membership", "role")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, userId], map: "${constraintName("ix", "membership", "user")}")`)
    .addBlockAttribute('@@map("membership")');
  tenantKey(membership, "membership");

  const draft = base(
    "DraftRecord",
    "draft_record",
    "Records of entities still in draft mode, validated and stored as JSONB.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(40)")
    .addField("data", "Json")
    .addField("deletedAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(draft)
    .addField("tenant", "Tenant", tenantRelation("draft_record"))
    .addBlockAttribute(
      `@@index([tenantId, templateId, entity, createdAt], map: "${constraintName("ix", "draft_record", "entity")}")`,
    )
    .addBlockAttribute('@@map("draft_record")');
  tenantKey(draft, "draft_record");

  const extension = base(
    "EntityExtension",
    "entity_extension",
    "A tenant's extra fields for one entity (JSON Schema, checked at run time).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(40)")
    .addField("schema", "Json");
  timestamps(extension)
    .addField("tenant", "Tenant", tenantRelation("entity_extension"))
    .addBlockAttribute(
      `@@unique([tenantId, templateId, entity], map: "${constraintName("uq", "entity_extension", "entity")}")`,
    )
    .addBlockAttribute('@@map("entity_extension")');
  tenantKey(extension, "entity_extension");

  const draftTemplate = base(
    "DraftTemplate",
    "draft_template",
    "A template designed in a production studio: served in draft mode until it is generated and deployed.",
  )
    .addField(
      "templateId",
      "String",
      `@unique(map: "${constraintName("uq", "draft_template", "template")}")`,
      "@db.VarChar(40)",
    )
    // The design's JSON text as saved: jsonb would reorder keys, and key order is field order.
    .addField("source", "String");
  timestamps(draftTemplate).addBlockAttribute('@@map("draft_template")');

  return [
    tenant,
    domain,
    install,
    account,
    user,
    membership,
    draft,
    extension,
    draftTemplate,
    ...buildIdentityModels(),
    buildAuditModel(),
    buildDemoLoginModel(),
    ...buildEmailModels(),
    ...buildNotificationModels(),
    ...buildMessagingModels(),
    ...buildWorkflowModels(),
    buildMediaModel(),
    buildBookingCalendarModel(),
    ...buildTagModels(),
    ...buildCollectionModels(),
    ...buildPlanModels(),
    ...buildSavedSearchModels(),
    ...buildPaymentModels(),
    ...buildTranslationModels(),
  ];
}

/**
 * Translation (runtime/src/translation): the tenant's translation memory (source text → target
 * text per locale pair, unique by the source's hash), its glossary, the providers' token and cost
 * accounting (one row per request), the review queue of segments below the quality threshold,
 * and the queue of record-content jobs (one per record, field, target locale and source hash).
 */
function buildTranslationModels(): PrismaModel[] {
  const memory = base("TranslationMemory", "translation_memory", "A translated segment the tenant may reuse.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("sourceLocale", "String", "@db.VarChar(35)")
    .addField("targetLocale", "String", "@db.VarChar(35)")
    // sha256 hex of the source text.
    .addField("sourceHash", "String", "@db.Char(64)")
    .addField("sourceText", "String")
    .addField("targetText", "String")
    // model | human
    .addField("origin", "String", "@db.VarChar(10)")
    .addField("score", "Float?");
  timestamps(memory)
    .addField("tenant", "Tenant", tenantRelation("translation_memory"))
    .addBlockAttribute(
      `@@unique([tenantId, sourceLocale, targetLocale, sourceHash], map: "${constraintName("uq", "translation_memory", "source")}")`,
    )
    .addBlockAttribute('@@map("translation_memory")');
  const glossary = base("TranslationGlossary", "translation_glossary", "A tenant's glossary term.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("term", "String", "@db.VarChar(200)")
    // The target locale, or "*" for every locale.
    .addField("locale", "String", '@default("*")', "@db.VarChar(35)")
    // keep (never translated) | translate (always rendered as `translation`)
    .addField("rule", "String", "@db.VarChar(10)")
    .addField("translation", "String?", "@db.VarChar(200)");
  timestamps(glossary)
    .addField("tenant", "Tenant", tenantRelation("translation_glossary"))
    .addBlockAttribute(
      `@@unique([tenantId, term, locale], map: "${constraintName("uq", "translation_glossary", "term")}")`,
    )
    .addBlockAttribute('@@map("translation_glossary")');
  const usage = base("TranslationUsage", "translation_usage", "One provider request: its tokens and cost.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("provider", "String", "@db.VarChar(40)")
    .addField("model", "String", "@db.VarChar(200)")
    .addField("segments", "Int")
    .addField("inputTokens", "Int")
    .addField("outputTokens", "Int")
    // Millionths of the configured currency unit.
    .addField("costMicros", "BigInt", "@default(0)")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("translation_usage"))
    .addBlockAttribute(`@@index([tenantId, createdAt], map: "${constraintName("ix", "translation_usage", "time")}")`)
    .addBlockAttribute('@@map("translation_usage")');
  const review = base("TranslationReview", "translation_review", "A translated segment waiting for a human.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("sourceLocale", "String", "@db.VarChar(35)")
    .addField("targetLocale", "String", "@db.VarChar(35)")
    .addField("sourceHash", "String", "@db.Char(64)")
    .addField("sourceText", "String")
    .addField("proposedText", "String")
    .addField("score", "Float")
    // The automatic checks' findings: [{ check, message }].
    .addField("issues", "Json", '@default("[]")')
    // pending | accepted | edited
    .addField("status", "String", '@default("pending")', "@db.VarChar(10)")
    .addField("finalText", "String?")
    .addField("reviewedBy", "String?", "@db.Uuid")
    .addField("reviewedAt", "DateTime?", "@db.Timestamptz(3)")
    // The record-content job it came from (null: a template string).
    .addField("jobId", "String?", "@db.Uuid");
  timestamps(review)
    .addField("tenant", "Tenant", tenantRelation("translation_review"))
    .addBlockAttribute(`@@index([tenantId, status], map: "${constraintName("ix", "translation_review", "status")}")`)
    .addBlockAttribute('@@map("translation_review")');
  const job = base("TranslationJob", "translation_job", "Translate one record field into one locale.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(120)")
    .addField("recordId", "String", "@db.Uuid")
    .addField("field", "String", "@db.VarChar(40)")
    .addField("sourceLocale", "String", "@db.VarChar(35)")
    .addField("targetLocale", "String", "@db.VarChar(35)")
    .addField("sourceHash", "String", "@db.Char(64)")
    // queued | running | done | review | failed | stale
    .addField("status", "String", '@default("queued")', "@db.VarChar(10)")
    .addField("attempts", "Int", "@default(0)")
    .addField("runAfter", "DateTime", ...CREATED_AT)
    .addField("lockedUntil", "DateTime?", "@db.Timestamptz(3)")
    .addField("lastError", "String?");
  timestamps(job)
    .addField("tenant", "Tenant", tenantRelation("translation_job"))
    .addBlockAttribute(
      `@@unique([tenantId, templateId, entity, recordId, field, targetLocale, sourceHash], map: "${constraintName("uq", "translation_job", "source")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, status], map: "${constraintName("ix", "translation_job", "status")}")`)
    .addBlockAttribute('@@map("translation_job")');
  return [
    tenantKey(memory, "translation_memory"),
    tenantKey(glossary, "translation_glossary"),
    tenantKey(usage, "translation_usage"),
    tenantKey(review, "translation_review"),
    tenantKey(job, "translation_job"),
  ];
}

/**
 * Payments (runtime/src/payments): one payment per row with its escrow status, every
 * transition with the provider call's idempotency key (unique per tenant, and one row per
 * status reached, so a retried step never records a second capture), the durable steps
 * (capture, release, refund) a worker runs, and the local provider's own ledger of calls.
 */
function buildPaymentModels(): PrismaModel[] {
  const payment = base(
    "Payment",
    "payment",
    "A payment held in escrow: authorised, captured, then released, refunded or disputed.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    // The client's Idempotency-Key of the creating request (unique per tenant).
    .addField("requestKey", "String", "@db.VarChar(200)")
    .addField("payerId", "String", "@db.Uuid")
    .addField("payeeAccountId", "String", "@db.Uuid")
    // Minor units (cents) of `currency` (ISO 4217, upper case).
    .addField("amount", "Int")
    .addField("currency", "String", "@db.VarChar(3)")
    .addField("description", "String?", "@db.VarChar(500)")
    // authorised | captured | released | refunded | disputed
    .addField("status", "String", "@db.VarChar(20)")
    .addField("provider", "String", "@db.VarChar(40)")
    // The provider's id of the payment (a PaymentIntent id, a local charge id).
    .addField("providerRef", "String", "@db.VarChar(200)")
    .addField("transferRef", "String?", "@db.VarChar(200)")
    .addField("refundRef", "String?", "@db.VarChar(200)");
  timestamps(payment)
    .addField("tenant", "Tenant", tenantRelation("payment"))
    .addField("transitions", "PaymentTransition[]")
    .addField("steps", "PaymentStep[]")
    .addBlockAttribute(`@@unique([tenantId, requestKey], map: "${constraintName("uq", "payment", "request")}")`)
    .addBlockAttribute(`@@index([tenantId, payerId], map: "${constraintName("ix", "payment", "payer")}")`)
    .addBlockAttribute(`@@index([tenantId, payeeAccountId], map: "${constraintName("ix", "payment", "payee")}")`)
    .addBlockAttribute(`@@index([tenantId, providerRef], map: "${constraintName("ix", "payment", "ref")}")`)
    .addBlockAttribute('@@map("payment")');
  const transition = base("PaymentTransition", "payment_transition", "One escrow transition of a payment.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("paymentId", "String", "@db.Uuid")
    .addField("fromStatus", "String?", "@db.VarChar(20)")
    .addField("toStatus", "String", "@db.VarChar(20)")
    // The provider call's idempotency key (or `webhook:<event id>` for a provider's event).
    .addField("idempotencyKey", "String", "@db.VarChar(200)")
    .addField("providerRef", "String?", "@db.VarChar(200)")
    .addField("actorId", "String?", "@db.Uuid")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("payment_transition"))
    .addField(
      "payment",
      "Payment",
      tenantScoped("paymentId", "Cascade", constraintName("fk", "payment_transition", "payment")),
    )
    .addBlockAttribute(
      `@@unique([tenantId, idempotencyKey], map: "${constraintName("uq", "payment_transition", "key")}")`,
    )
    .addBlockAttribute(
      `@@unique([tenantId, paymentId, toStatus], map: "${constraintName("uq", "payment_transition", "status")}")`,
    )
    .addBlockAttribute('@@map("payment_transition")');
  const step = base(
    "PaymentStep",
    "payment_step",
    "A durable escrow step (capture, release, refund) for the payments worker.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("paymentId", "String", "@db.Uuid")
    // capture | release | refund
    .addField("action", "String", "@db.VarChar(20)")
    // queued | completed | failed
    .addField("status", "String", '@default("queued")', "@db.VarChar(20)")
    .addField("attempts", "Int", "@default(0)")
    .addField("runAfter", "DateTime", "@default(now())", "@db.Timestamptz(3)")
    .addField("lastError", "String?", "@db.VarChar(2000)")
    .addField("actorId", "String?", "@db.Uuid");
  timestamps(step)
    .addField("tenant", "Tenant", tenantRelation("payment_step"))
    .addField(
      "payment",
      "Payment",
      tenantScoped("paymentId", "Cascade", constraintName("fk", "payment_step", "payment")),
    )
    .addBlockAttribute(
      `@@unique([tenantId, paymentId, action], map: "${constraintName("uq", "payment_step", "action")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, status, runAfter], map: "${constraintName("ix", "payment_step", "queue")}")`)
    .addBlockAttribute('@@map("payment_step")');
  const ledger = base(
    "PaymentLedgerEntry",
    "payment_ledger",
    "The local payment provider's record of one call (its own state).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("idempotencyKey", "String", "@db.VarChar(200)")
    // authorise | capture | refund | transfer
    .addField("operation", "String", "@db.VarChar(20)")
    .addField("chargeRef", "String", "@db.VarChar(200)")
    .addField("amount", "Int")
    .addField("currency", "String", "@db.VarChar(3)")
    .addField("destination", "String?", "@db.VarChar(200)")
    .addField("result", "Json")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("payment_ledger"))
    .addBlockAttribute(`@@unique([tenantId, idempotencyKey], map: "${constraintName("uq", "payment_ledger", "key")}")`)
    .addBlockAttribute(`@@index([tenantId, chargeRef], map: "${constraintName("ix", "payment_ledger", "charge")}")`)
    .addBlockAttribute('@@map("payment_ledger")');
  return [
    tenantKey(payment, "payment"),
    tenantKey(transition, "payment_transition"),
    tenantKey(step, "payment_step"),
    tenantKey(ledger, "payment_ledger"),
  ];
}

/**
 * Plans (runtime/src/plans): capability bundles (entities, capabilities, limits) defined by the
 * platform, plans composed of bundles, the plan each tenant is on, and the usage counters of
 * metered limits (emails per month), updated in the transaction of what they count.
 */
function buildPlanModels(): PrismaModel[] {
  const bundle = base("PlanBundle", "plan_bundle", "A capability bundle: entities, capabilities and limits.")
    .addField("key", "String", `@unique(map: "${constraintName("uq", "plan_bundle", "key")}")`, "@db.VarChar(60)")
    .addField("name", "String", "@db.VarChar(200)")
    // Entity names (`Name`, `template:Name`) or "*"; capability names or "*".
    .addField("entities", "String[]")
    .addField("capabilities", "String[]")
    // { records: { <entity>: n }, storageBytes, seats, emailsPerMonth }: absent means unlimited.
    .addField("limits", "Json", '@default("{}")');
  timestamps(bundle).addBlockAttribute('@@map("plan_bundle")');
  const plan = base("Plan", "plan", "A subscription plan: the union of its bundles (limits add up).")
    .addField("key", "String", `@unique(map: "${constraintName("uq", "plan", "key")}")`, "@db.VarChar(60)")
    .addField("name", "String", "@db.VarChar(200)")
    // Bundle keys, in order.
    .addField("bundles", "String[]");
  timestamps(plan).addField("tenants", "TenantPlan[]").addBlockAttribute('@@map("plan")');
  const assignment = base("TenantPlan", "tenant_plan", "The plan a tenant is on (none: unlimited).")
    .addField("tenantId", "String", `@unique(map: "${constraintName("uq", "tenant_plan", "tenant")}")`, "@db.Uuid")
    .addField("planId", "String", "@db.Uuid");
  timestamps(assignment)
    .addField("tenant", "Tenant", tenantRelation("tenant_plan"))
    .addField(
      "plan",
      "Plan",
      `@relation(fields: [planId], references: [id], onDelete: Restrict, map: "${constraintName("fk", "tenant_plan", "plan")}")`,
    )
    .addBlockAttribute('@@map("tenant_plan")');
  const usage = base("PlanUsage", "plan_usage", "A tenant's usage counter of one metered limit in one period.")
    .addField("tenantId", "String", "@db.Uuid")
    // emails
    .addField("metric", "String", "@db.VarChar(40)")
    // YYYY-MM (UTC) for monthly metrics.
    .addField("period", "String", "@db.VarChar(10)")
    .addField("used", "BigInt", "@default(0)");
  timestamps(usage)
    .addField("tenant", "Tenant", tenantRelation("plan_usage"))
    .addBlockAttribute(`@@unique([tenantId, metric, period], map: "${constraintName("uq", "plan_usage", "metric")}")`)
    .addBlockAttribute('@@map("plan_usage")');
  return [bundle, plan, tenantKey(assignment, "tenant_plan"), tenantKey(usage, "plan_usage")];
}

/**
 * Bookings (runtime/src/bookings): one entry of a resource's availability calendar. `open`
 * entries add time, `closed` ones take it away (blocked dates win over openings); with an
 * `rrule` the entry repeats from `startsAt`, each occurrence as long as `endsAt - startsAt`.
 */
function buildBookingCalendarModel(): PrismaModel {
  const entry = base(
    "BookingCalendarEntry",
    "booking_calendar",
    "A recurring or one-off opening or closure of a bookable resource.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    // The booking entity whose resource this calendar belongs to.
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(120)")
    .addField("resourceId", "String", "@db.Uuid")
    // open | closed
    .addField("kind", "String", "@db.VarChar(10)")
    // An RFC 5545 RRULE (without DTSTART: startsAt is it), or null for one window.
    .addField("rrule", "String?", "@db.VarChar(500)")
    .addField("startsAt", "DateTime", "@db.Timestamptz(3)")
    .addField("endsAt", "DateTime", "@db.Timestamptz(3)");
  timestamps(entry)
    .addField("tenant", "Tenant", tenantRelation("booking_calendar"))
    .addBlockAttribute(
      `@@index([tenantId, templateId, entity, resourceId], map: "${constraintName("ix", "booking_calendar", "resource")}")`,
    )
    .addBlockAttribute('@@map("booking_calendar")');
  return tenantKey(entry, "booking_calendar");
}

/**
 * Tagging (runtime/src/tags): a tenant's tags (a slug, a name, a category, a parent: a tree) and
 * one polymorphic link table from a tag to a record of any taggable entity (template, entity,
 * record id). Tenant-owned, keyed (tenantId, id); a link references its tag by (tenantId, tagId).
 */
function buildTagModels(): PrismaModel[] {
  const tag = base("Tag", "tag", "A tenant's tag: unique slug, display name, optional category and parent tag.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("slug", "String", "@db.VarChar(80)")
    .addField("name", "String", "@db.VarChar(120)")
    .addField("category", "String?", "@db.VarChar(60)")
    // The parent tag (null: a root); no foreign key, so a tree edit never cascades (the service keeps it sound).
    .addField("parentId", "String?", "@db.Uuid");
  timestamps(tag)
    .addField("tenant", "Tenant", tenantRelation("tag"))
    .addField("links", "TagLink[]")
    .addBlockAttribute(`@@unique([tenantId, slug], map: "${constraintName("uq", "tag", "slug")}")`)
    .addBlockAttribute(`@@index([tenantId, parentId], map: "${constraintName("ix", "tag", "parent")}")`)
    .addBlockAttribute('@@map("tag")');
  const link = base("TagLink", "tag_link", "A tag on one record of a taggable entity.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("tagId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(120)")
    .addField("recordId", "String", "@db.Uuid")
    .addField("createdBy", "String?", "@db.Uuid")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("tag_link"))
    .addField("tag", "Tag", tenantScoped("tagId", "Cascade", constraintName("fk", "tag_link", "tag")))
    .addBlockAttribute(
      `@@unique([tenantId, templateId, entity, recordId, tagId], map: "${constraintName("uq", "tag_link", "record")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, tagId], map: "${constraintName("ix", "tag_link", "tag")}")`)
    .addBlockAttribute('@@map("tag_link")');
  return [tenantKey(tag, "tag"), tenantKey(link, "tag_link")];
}

/**
 * Collections (runtime/src/collections): a user's ordered lists of records of any collectable
 * entity, with a note per item, shared privately, by link (an unguessable token) or with the
 * tenant; a user's favourites are the collection whose `systemKey` is `favourites`.
 */
function buildCollectionModels(): PrismaModel[] {
  const collection = base("Collection", "collection", "A user's list of records: ordered, with notes, shareable.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("ownerId", "String", "@db.Uuid")
    .addField("name", "String", "@db.VarChar(200)")
    .addField("description", "String?", "@db.VarChar(2000)")
    // private | link | tenant
    .addField("visibility", "String", '@default("private")', "@db.VarChar(10)")
    // The link's secret while visibility is `link` (random, 32 characters), else null.
    .addField("shareToken", "String?", "@db.VarChar(64)")
    // `favourites` for the user's favourites (one per user), else null.
    .addField("systemKey", "String?", "@db.VarChar(20)");
  timestamps(collection)
    .addField("tenant", "Tenant", tenantRelation("collection"))
    .addField("items", "CollectionItem[]")
    .addBlockAttribute(`@@unique([tenantId, shareToken], map: "${constraintName("uq", "collection", "token")}")`)
    .addBlockAttribute(
      `@@unique([tenantId, ownerId, systemKey], map: "${constraintName("uq", "collection", "system")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, visibility], map: "${constraintName("ix", "collection", "visibility")}")`)
    .addBlockAttribute('@@map("collection")');
  const item = base("CollectionItem", "collection_item", "A record in a collection, at a position, with a note.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("collectionId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(120)")
    .addField("recordId", "String", "@db.Uuid")
    .addField("position", "Int")
    .addField("note", "String?", "@db.VarChar(2000)")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("collection_item"))
    .addField(
      "collection",
      "Collection",
      tenantScoped("collectionId", "Cascade", constraintName("fk", "collection_item", "collection")),
    )
    .addBlockAttribute(
      `@@unique([tenantId, collectionId, templateId, entity, recordId], map: "${constraintName("uq", "collection_item", "record")}")`,
    )
    .addBlockAttribute(
      `@@index([tenantId, collectionId, position], map: "${constraintName("ix", "collection_item", "position")}")`,
    )
    .addBlockAttribute('@@map("collection_item")');
  return [tenantKey(collection, "collection"), tenantKey(item, "collection_item")];
}

/**
 * Saved searches (runtime/src/saved-searches): a user's named list query of one entity, private
 * or shared with one of their accounts; subscriptions (one per user and search) with the alert
 * choice and the high-water mark of the incremental sweep; one delivery row per (search,
 * subscriber, record), whose unique key makes every alert happen once.
 */
function buildSavedSearchModels(): PrismaModel[] {
  const search = base(
    "SavedSearch",
    "saved_search",
    "A user's named list query of one entity, re-runnable, with alerts.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("ownerId", "String", "@db.Uuid")
    .addField("name", "String", "@db.VarChar(200)")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(120)")
    // The list query: { filter?, sort?, q?, tags? } as the list endpoint's query string parses it.
    .addField("query", "Json")
    // private | account
    .addField("visibility", "String", '@default("private")', "@db.VarChar(10)")
    // The owner's account it is shared with (visibility `account`), else null.
    .addField("accountId", "String?", "@db.Uuid");
  timestamps(search)
    .addField("tenant", "Tenant", tenantRelation("saved_search"))
    .addField("subscriptions", "SavedSearchSubscription[]")
    .addField("deliveries", "SavedSearchDelivery[]")
    .addBlockAttribute(`@@index([tenantId, ownerId], map: "${constraintName("ix", "saved_search", "owner")}")`)
    .addBlockAttribute(`@@index([tenantId, accountId], map: "${constraintName("ix", "saved_search", "account")}")`)
    .addBlockAttribute('@@map("saved_search")');
  const subscription = base(
    "SavedSearchSubscription",
    "saved_search_subscription",
    "A user's alerts of a saved search: the channel and the sweep's high-water mark.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("savedSearchId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    // none | instant | digest
    .addField("alert", "String", '@default("instant")', "@db.VarChar(10)")
    // Alerts are about records created or updated after this (set when alerts are switched on).
    .addField("since", "DateTime", "@db.Timestamptz(6)")
    // The high-water mark: (updatedAt, id) of the last record the sweep looked at.
    .addField("markAt", "DateTime", "@db.Timestamptz(6)")
    .addField("markId", "String", "@db.Uuid")
    .addField("sweptAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(subscription)
    .addField("tenant", "Tenant", tenantRelation("saved_search_subscription"))
    .addField(
      "savedSearch",
      "SavedSearch",
      tenantScoped("savedSearchId", "Cascade", constraintName("fk", "saved_search_subscription", "search")),
    )
    .addBlockAttribute(
      `@@unique([tenantId, savedSearchId, userId], map: "${constraintName("uq", "saved_search_subscription", "user")}")`,
    )
    .addBlockAttribute('@@map("saved_search_subscription")');
  const delivery = base(
    "SavedSearchDelivery",
    "saved_search_delivery",
    "A new match of a saved search for one subscriber: alerted once (the unique key).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("savedSearchId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("recordId", "String", "@db.Uuid")
    // The record's title (its entity's titleField) as the subscriber could read it when found.
    .addField("label", "String?", "@db.VarChar(200)")
    // instant | digest: the subscriber's choice when the match was found.
    .addField("alert", "String", "@db.VarChar(10)")
    // pending | notified | digested | skipped (not readable by the subscriber at delivery time)
    .addField("status", "String", '@default("pending")', "@db.VarChar(10)")
    .addField("notificationId", "String?", "@db.Uuid")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("deliveredAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("tenant", "Tenant", tenantRelation("saved_search_delivery"))
    .addField(
      "savedSearch",
      "SavedSearch",
      tenantScoped("savedSearchId", "Cascade", constraintName("fk", "saved_search_delivery", "search")),
    )
    .addBlockAttribute(
      `@@unique([tenantId, savedSearchId, userId, recordId], map: "${constraintName("uq", "saved_search_delivery", "record")}")`,
    )
    .addBlockAttribute(
      `@@index([tenantId, userId, status], map: "${constraintName("ix", "saved_search_delivery", "user_status")}")`,
    )
    .addBlockAttribute('@@map("saved_search_delivery")');
  return [
    tenantKey(search, "saved_search"),
    tenantKey(subscription, "saved_search_subscription"),
    tenantKey(delivery, "saved_search_delivery"),
  ];
}

/**
 * Media (runtime/src/media): one uploaded file of a tenant, attached to a record's media field
 * or not yet (recordId null), with its content facts, its EXIF metadata (never served in a
 * public file) and the variants made from it. The row is the truth; the files live in storage.
 */
function buildMediaModel(): PrismaModel {
  const asset = base("MediaAsset", "media_asset", "An uploaded file: image or document, with its variants.")
    .addField("tenantId", "String", "@db.Uuid")
    // The media field whose rules it was uploaded under.
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("entity", "String", "@db.VarChar(120)")
    .addField("field", "String", "@db.VarChar(40)")
    // The record holding it; null while unattached (just uploaded, or orphaned).
    .addField("recordId", "String?", "@db.Uuid")
    .addField("uploadedBy", "String?", "@db.Uuid")
    // image | document
    .addField("kind", "String", "@db.VarChar(10)")
    // public | private
    .addField("visibility", "String", "@db.VarChar(10)")
    // processing | ready | failed
    .addField("status", "String", '@default("processing")', "@db.VarChar(20)")
    .addField("filename", "String", "@db.VarChar(255)")
    // Detected from the content (file-type), never from the name or the request's header.
    .addField("mime", "String", "@db.VarChar(120)")
    .addField("size", "Int")
    .addField("sha256", "String", "@db.Char(64)")
    .addField("storageKey", "String")
    .addField("width", "Int?")
    .addField("height", "Int?")
    // A blurhash of the image (a tiny placeholder a client draws before the variant loads).
    .addField("placeholder", "String?", "@db.VarChar(120)")
    // EXIF (GPS included) as read from the original; no public file carries it.
    .addField("metadata", "Json", '@default("{}")')
    // [{ name, format, width, height, size, key }]
    .addField("variants", "Json", '@default("[]")')
    // Bytes in storage: the original and every variant (the tenant's quota counts these).
    .addField("storedBytes", "Int", "@default(0)")
    .addField("attempts", "Int", "@default(0)")
    .addField("lockedUntil", "DateTime?", "@db.Timestamptz(3)")
    .addField("error", "String?")
    .addField("orphanedAt", "DateTime?", "@db.Timestamptz(3)")
    // What a person reads under the media item, and its text alternative (set with PATCH /media/:id).
    .addField("caption", "String?", "@db.VarChar(500)")
    .addField("alt", "String?", "@db.VarChar(300)");
  timestamps(asset)
    .addField("tenant", "Tenant", tenantRelation("media_asset"))
    .addBlockAttribute(`@@index([tenantId, entity, recordId], map: "${constraintName("ix", "media_asset", "record")}")`)
    .addBlockAttribute(`@@index([tenantId, status], map: "${constraintName("ix", "media_asset", "status")}")`)
    .addBlockAttribute('@@map("media_asset")');
  return tenantKey(asset, "media_asset");
}

/**
 * Email (runtime/src/email): a tenant's own version of an email template per locale, and every
 * email sent, persisted (rendered) before it is queued so a crash loses nothing; the row is the
 * delivery log and the database-backed queue.
 */
function buildEmailModels(): PrismaModel[] {
  const override = base(
    "EmailTemplateOverride",
    "email_template_override",
    "A tenant's version of an email template (a platform or template email) in one locale.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("key", "String", "@db.VarChar(120)")
    .addField("locale", "String", "@db.VarChar(16)")
    .addField("subject", "String")
    .addField("mjml", "String")
    .addField("version", "Int", "@default(1)");
  timestamps(override)
    .addField("tenant", "Tenant", tenantRelation("email_template_override"))
    .addBlockAttribute(
      `@@unique([tenantId, key, locale], map: "${constraintName("uq", "email_template_override", "key")}")`,
    )
    .addBlockAttribute('@@map("email_template_override")');
  tenantKey(override, "email_template_override");

  const message = base("EmailMessage", "email_message", "One email: rendered, queued, sent or failed.")
    // Null for platform mail (a super admin's password reset), like their user row.
    .addField("tenantId", "String?", "@db.Uuid")
    // Whoever asks for the email names its cause: the same key never mails twice.
    .addField("dedupeKey", "String", "@db.VarChar(200)")
    .addField("templateKey", "String", "@db.VarChar(120)")
    .addField("locale", "String", "@db.VarChar(16)")
    .addField("recipient", "String", "@db.VarChar(254)")
    .addField("sender", "String", "@db.VarChar(320)")
    .addField("subject", "String")
    .addField("html", "String")
    .addField("text", "String")
    // queued | sending | sent | failed | bounced
    .addField("status", "String", '@default("queued")', "@db.VarChar(20)")
    .addField("priority", "Int", "@default(0)")
    .addField("attempts", "Int", "@default(0)")
    .addField("maxAttempts", "Int", "@default(5)")
    .addField("lastError", "String?")
    .addField("sendAfter", "DateTime", ...CREATED_AT)
    .addField("lockedUntil", "DateTime?", "@db.Timestamptz(3)")
    .addField("messageId", "String?", "@db.VarChar(250)")
    .addField("sentAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(message)
    .addField("tenant", "Tenant?", tenantRelation("email_message"))
    .addBlockAttribute(`@@unique([tenantId, dedupeKey], map: "${constraintName("uq", "email_message", "dedupe")}")`)
    .addBlockAttribute(
      `@@index([tenantId, createdAt(sort: Desc), id(sort: Desc)], map: "${constraintName("ix", "email_message", "recent")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, status, sendAfter], map: "${constraintName("ix", "email_message", "due")}")`)
    // The worker's claim and sweep look across tenants (`ORDER BY "priority" DESC, "sendAfter"`):
    // partial indexes hold only the live queue and the held locks, so neither reads sent mail.
    .addSqlIndex(
      EMAIL_MESSAGE_QUEUED,
      `CREATE INDEX "${EMAIL_MESSAGE_QUEUED}" ON "email_message" ("priority" DESC, "sendAfter", "id") WHERE "status" = 'queued';`,
    )
    .addSqlIndex(
      EMAIL_MESSAGE_SENDING,
      `CREATE INDEX "${EMAIL_MESSAGE_SENDING}" ON "email_message" ("lockedUntil") WHERE "status" = 'sending';`,
    )
    .addBlockAttribute('@@map("email_message")');
  return [override, message];
}

/**
 * In-app notifications (runtime/src/notifications): one row per event and recipient, and each
 * user's channels per kind. The fallback email and the digest go through email_message.
 */
function buildNotificationModels(): PrismaModel[] {
  const notification = base("Notification", "notification", "One notification of one user: an event they should see.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    // A generic string the sender chooses (`welcome`, `invitation-accepted`, a template's own).
    .addField("kind", "String", "@db.VarChar(80)")
    .addField("title", "String", "@db.VarChar(500)")
    .addField("body", "String", '@default("")')
    .addField("link", "String?", "@db.VarChar(2000)")
    .addField("recordEntity", "String?", "@db.VarChar(120)")
    .addField("recordId", "String?", "@db.Uuid")
    // False when the user's channels for the kind leave out in-app: kept for email and digest, never listed.
    .addField("inApp", "Boolean", "@default(true)")
    // The sender's cause: notifying twice with the same key stores one row per recipient.
    .addField("dedupeKey", "String?", "@db.VarChar(200)")
    .addField("readAt", "DateTime?", "@db.Timestamptz(3)")
    // Listed in a digest email (each notification once).
    .addField("digestedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("notification"))
    .addField("user", "User", tenantScoped("userId", "Cascade", constraintName("fk", "notification", "user")))
    .addBlockAttribute(
      `@@unique([tenantId, userId, dedupeKey], map: "${constraintName("uq", "notification", "dedupe")}")`,
    )
    .addBlockAttribute(
      `@@index([tenantId, userId, createdAt(sort: Desc), id(sort: Desc)], map: "${constraintName("ix", "notification", "recent")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, userId, readAt], map: "${constraintName("ix", "notification", "unread")}")`)
    .addBlockAttribute('@@map("notification")');
  const preference = base(
    "NotificationPreference",
    "notification_preference",
    "A user's channels for one kind of notification (no row: in-app and email).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("kind", "String", "@db.VarChar(80)")
    .addField("inApp", "Boolean", "@default(true)")
    // Emailed once when still unread after the tenant's delay.
    .addField("email", "Boolean", "@default(true)")
    // Listed in the daily digest email instead.
    .addField("digest", "Boolean", "@default(false)");
  timestamps(preference)
    .addField("tenant", "Tenant", tenantRelation("notification_preference"))
    .addField(
      "user",
      "User",
      tenantScoped("userId", "Cascade", constraintName("fk", "notification_preference", "user")),
    )
    .addBlockAttribute(
      `@@unique([tenantId, userId, kind], map: "${constraintName("uq", "notification_preference", "kind")}")`,
    )
    .addBlockAttribute('@@map("notification_preference")');
  tenantKey(notification, "notification");
  tenantKey(preference, "notification_preference");
  return [notification, preference];
}

/**
 * Messaging (runtime/src/messaging): conversations (direct, group, bound to a record), their
 * participants, messages with their edit history, reactions and flags, and the ordered per-tenant
 * event log sockets resume from. Tenant-owned, keyed (tenantId, id); rows of one conversation
 * reference it by (tenantId, conversationId).
 */
function buildMessagingModels(): PrismaModel[] {
  const fk = (table: string, column: string, target: string) =>
    tenantScoped(column, "Cascade", constraintName("fk", table, target));
  const conversation = base(
    "Conversation",
    "conversation",
    "A conversation: direct (two users), a group, or a record's.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    // direct | group | record
    .addField("kind", "String", "@db.VarChar(10)")
    .addField("title", "String?", "@db.VarChar(200)")
    // Record-bound: the template, entity and record whose conversation this is.
    .addField("templateId", "String?", "@db.VarChar(120)")
    .addField("entity", "String?", "@db.VarChar(120)")
    .addField("recordId", "String?", "@db.Uuid")
    // Direct: the two user ids, sorted and joined, so a pair has one conversation.
    .addField("directKey", "String?", "@db.VarChar(80)")
    .addField("createdBy", "String?", "@db.Uuid")
    .addField("lastMessageAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(conversation)
    .addField("tenant", "Tenant", tenantRelation("conversation"))
    .addField("participants", "ConversationParticipant[]")
    .addField("messages", "Message[]")
    .addField("events", "MessagingEvent[]")
    .addBlockAttribute(
      `@@unique([tenantId, templateId, entity, recordId], map: "${constraintName("uq", "conversation", "record")}")`,
    )
    .addBlockAttribute(`@@unique([tenantId, directKey], map: "${constraintName("uq", "conversation", "direct")}")`)
    .addBlockAttribute('@@map("conversation")');
  const participant = base(
    "ConversationParticipant",
    "conversation_participant",
    "A user's place in a conversation: role, membership period, settings and how far they have read.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("conversationId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    // owner | member (groups: owners add and remove members)
    .addField("role", "String", '@default("member")', "@db.VarChar(10)")
    .addField("joinedAt", "DateTime", ...CREATED_AT)
    .addField("leftAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("muted", "Boolean", "@default(false)")
    // all | mentions | none: which messages notify them
    .addField("notify", "String", '@default("all")', "@db.VarChar(10)")
    .addField("lastReadMessageId", "String?", "@db.Uuid")
    .addField("lastReadAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("tenant", "Tenant", tenantRelation("conversation_participant"))
    .addField("conversation", "Conversation", fk("conversation_participant", "conversationId", "conversation"))
    .addBlockAttribute(
      `@@unique([tenantId, conversationId, userId], map: "${constraintName("uq", "conversation_participant", "user")}")`,
    )
    .addBlockAttribute(
      `@@index([tenantId, userId], map: "${constraintName("ix", "conversation_participant", "user")}")`,
    )
    .addBlockAttribute('@@map("conversation_participant")');
  const message = base(
    "Message",
    "message",
    "A message: sanitised rich text, mentions, a reply or thread, edits, soft delete.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("conversationId", "String", "@db.Uuid")
    .addField("authorId", "String", "@db.Uuid")
    // Sanitised HTML (a small allow-list) and its plain text (search).
    .addField("body", "String")
    .addField("text", "String")
    .addField("mentions", "String[]", "@db.Uuid")
    .addField("replyToId", "String?", "@db.Uuid")
    // The first message of the thread this one belongs to (replies to a reply stay in its thread).
    .addField("threadRootId", "String?", "@db.Uuid")
    // sent | scheduled (waits for sendAt; only its author sees it)
    .addField("status", "String", '@default("sent")', "@db.VarChar(10)")
    .addField("sendAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("editedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("deletedAt", "DateTime?", "@db.Timestamptz(3)")
    // Hidden by a moderator: shown to nobody but moderators.
    .addField("hiddenAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("hiddenBy", "String?", "@db.Uuid")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("message"))
    .addField("conversation", "Conversation", fk("message", "conversationId", "conversation"))
    .addField("edits", "MessageEdit[]")
    .addField("reactions", "MessageReaction[]")
    .addField("flags", "MessageFlag[]")
    .addBlockAttribute(
      `@@index([tenantId, conversationId, createdAt(sort: Desc), id(sort: Desc)], map: "${constraintName("ix", "message", "recent")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, threadRootId], map: "${constraintName("ix", "message", "thread")}")`)
    .addSqlIndex(
      MESSAGE_SCHEDULED_DUE,
      `CREATE INDEX "${MESSAGE_SCHEDULED_DUE}" ON "message" ("sendAt", "id") WHERE "status" = 'scheduled';`,
    )
    .addSqlIndex(
      MESSAGE_SEARCH,
      `CREATE INDEX "${MESSAGE_SEARCH}" ON "message" USING gin (to_tsvector('simple'::regconfig, "text"));`,
    )
    .addBlockAttribute('@@map("message")');
  const edit = base("MessageEdit", "message_edit", "A message's earlier text: one row per edit.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("messageId", "String", "@db.Uuid")
    .addField("body", "String")
    .addField("editedBy", "String", "@db.Uuid")
    .addField("editedAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("message_edit"))
    .addField("message", "Message", fk("message_edit", "messageId", "message"))
    .addBlockAttribute(`@@index([tenantId, messageId], map: "${constraintName("ix", "message_edit", "message")}")`)
    .addBlockAttribute('@@map("message_edit")');
  const reaction = base("MessageReaction", "message_reaction", "One user's reaction (an emoji) to a message.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("messageId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("emoji", "String", "@db.VarChar(32)")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("message_reaction"))
    .addField("message", "Message", fk("message_reaction", "messageId", "message"))
    .addBlockAttribute(
      `@@unique([tenantId, messageId, userId, emoji], map: "${constraintName("uq", "message_reaction", "user")}")`,
    )
    .addBlockAttribute('@@map("message_reaction")');
  const flag = base(
    "MessageFlag",
    "message_flag",
    "A user's report of a message, waiting in the moderation queue until resolved.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("messageId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("reason", "String", "@db.VarChar(500)")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("resolvedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("resolvedBy", "String?", "@db.Uuid")
    // hidden | dismissed
    .addField("resolution", "String?", "@db.VarChar(10)")
    .addField("tenant", "Tenant", tenantRelation("message_flag"))
    .addField("message", "Message", fk("message_flag", "messageId", "message"))
    .addBlockAttribute(
      `@@unique([tenantId, messageId, userId], map: "${constraintName("uq", "message_flag", "user")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, resolvedAt], map: "${constraintName("ix", "message_flag", "open")}")`)
    .addBlockAttribute('@@map("message_flag")');
  const event = base(
    "MessagingEvent",
    "messaging_event",
    "The ordered log of a tenant's messaging events: `seq` grows by one per tenant in commit order; sockets resume from it.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("seq", "BigInt")
    .addField("conversationId", "String", "@db.Uuid")
    // message.created | message.updated | message.deleted | reaction.added | reaction.removed | read | participant.joined | participant.left
    .addField("kind", "String", "@db.VarChar(40)")
    .addField("payload", "Json")
    // The users it is for (the conversation's participants at the time).
    .addField("audience", "String[]", "@db.Uuid")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("messaging_event"))
    .addField("conversation", "Conversation", fk("messaging_event", "conversationId", "conversation"))
    .addBlockAttribute(`@@unique([tenantId, seq], map: "${constraintName("uq", "messaging_event", "seq")}")`)
    .addBlockAttribute('@@map("messaging_event")');
  const models = [conversation, participant, message, edit, reaction, flag, event];
  for (const m of models) tenantKey(m, m.blockAttributes.find((a) => a.startsWith("@@map("))!.slice(7, -2));
  return models;
}

/**
 * Workflows (runtime/src/workflows): the plans runs follow (a global reference table, like
 * templates), and per tenant the runs, their steps (the steps are the queue), timers, human
 * tasks, delivered events and the log of effects (one row per effect, unique per step key).
 */
function buildWorkflowModels(): PrismaModel[] {
  const definition = base(
    "WorkflowDefinition",
    "workflow_definition",
    "One version of a template's workflow plan: instances keep the version they started with.",
  )
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("workflowName", "String", "@db.VarChar(120)")
    .addField("version", "String", "@db.VarChar(64)")
    .addField("plan", "Json")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("instances", "WorkflowInstance[]")
    .addBlockAttribute(
      `@@unique([templateId, workflowName, version], map: "${constraintName("uq", "workflow_definition", "version")}")`,
    )
    .addBlockAttribute('@@map("workflow_definition")');

  const instance = base("WorkflowInstance", "workflow_instance", "One run of a workflow, on one record or none.")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("definitionId", "String", "@db.Uuid")
    .addField("templateId", "String", "@db.VarChar(40)")
    .addField("workflowName", "String", "@db.VarChar(120)")
    .addField("version", "String", "@db.VarChar(64)")
    .addField("entity", "String?", "@db.VarChar(120)")
    .addField("recordId", "String?", "@db.Uuid")
    .addField("parentInstanceId", "String?", "@db.Uuid")
    .addField("parentStepId", "String?", "@db.Uuid")
    // running | waiting | completed | failed | cancelled
    .addField("status", "String", '@default("running")', "@db.VarChar(20)")
    .addField("currentNodeId", "String?", "@db.VarChar(120)")
    .addField("context", "Json", '@default("{}")')
    // What started it (`<workflow>:<recordId>:create`, a manual start's key): one instance per key.
    .addField("startKey", "String", "@db.VarChar(300)")
    .addField("startedBy", "String?", "@db.Uuid")
    .addField("error", "String?")
    .addField("completedAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(instance)
    .addField("tenant", "Tenant", tenantRelation("workflow_instance"))
    .addField(
      "definition",
      "WorkflowDefinition",
      `@relation(fields: [definitionId], references: [id], onDelete: Restrict, map: "${constraintName("fk", "workflow_instance", "definition")}")`,
    )
    .addBlockAttribute(
      `@@unique([tenantId, startKey], map: "${constraintName("uq", "workflow_instance", "start_key")}")`,
    )
    .addBlockAttribute(
      `@@index([tenantId, createdAt(sort: Desc), id(sort: Desc)], map: "${constraintName("ix", "workflow_instance", "recent")}")`,
    )
    .addBlockAttribute(
      `@@index([tenantId, entity, recordId], map: "${constraintName("ix", "workflow_instance", "record")}")`,
    )
    .addBlockAttribute('@@map("workflow_instance")');
  tenantKey(instance, "workflow_instance");

  const step = base("WorkflowStep", "workflow_step", "One step of a run: a node executed (and the queue's entry).")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("instanceId", "String", "@db.Uuid")
    .addField("seq", "Int")
    .addField("nodeId", "String", "@db.VarChar(120)")
    .addField("kind", "String", "@db.VarChar(20)")
    // queued | running | waiting | completed | failed | cancelled
    .addField("status", "String", '@default("queued")', "@db.VarChar(20)")
    // `<instanceId>:<seq>`: the key of the step's effects (emails, webhooks, effect rows).
    .addField("idempotencyKey", "String", "@db.VarChar(120)")
    .addField("attempts", "Int", "@default(0)")
    .addField("maxAttempts", "Int", "@default(5)")
    // Claims not yet closed by a committed attempt: counted in an autocommit statement before the
    // step's transaction, reset on it (runtime/src/workflows/README.md, "poison steps").
    .addField("claims", "Int", "@default(0)")
    .addField("runAfter", "DateTime", ...CREATED_AT)
    .addField("lockedUntil", "DateTime?", "@db.Timestamptz(3)")
    .addField("input", "Json", '@default("{}")')
    .addField("output", "Json?")
    .addField("outcome", "String?", "@db.VarChar(120)")
    .addField("error", "String?")
    .addField("compensation", "Boolean", "@default(false)")
    .addField("startedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("finishedAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(step)
    .addField("tenant", "Tenant", tenantRelation("workflow_step"))
    .addBlockAttribute(`@@unique([tenantId, idempotencyKey], map: "${constraintName("uq", "workflow_step", "key")}")`)
    .addBlockAttribute(
      `@@index([tenantId, instanceId, seq], map: "${constraintName("ix", "workflow_step", "instance")}")`,
    )
    .addSqlIndex(
      WORKFLOW_STEP_QUEUED,
      `CREATE INDEX "${WORKFLOW_STEP_QUEUED}" ON "workflow_step" ("runAfter", "id") WHERE "status" = 'queued';`,
    )
    .addBlockAttribute('@@map("workflow_step")');
  tenantKey(step, "workflow_step");

  const timer = base("WorkflowTimer", "workflow_timer", "A moment a waiting step is woken at (wait, timeout, due).")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("instanceId", "String", "@db.Uuid")
    .addField("stepId", "String", "@db.Uuid")
    .addField("fireAt", "DateTime", "@db.Timestamptz(3)")
    // wait | timeout | due
    .addField("kind", "String", "@db.VarChar(20)")
    .addField("firedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("workflow_timer"))
    .addBlockAttribute(`@@index([tenantId, firedAt, fireAt], map: "${constraintName("ix", "workflow_timer", "due")}")`)
    .addBlockAttribute('@@map("workflow_timer")');
  tenantKey(timer, "workflow_timer");

  const task = base(
    "WorkflowTask",
    "workflow_task",
    "A human task of a waiting approval step: who decides, and how they did.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("instanceId", "String", "@db.Uuid")
    .addField("stepId", "String", "@db.Uuid")
    .addField("nodeId", "String", "@db.VarChar(120)")
    .addField("assigneeIds", "String[]", "@db.Uuid")
    // open | approved | rejected | changes-requested | expired | cancelled
    .addField("status", "String", '@default("open")', "@db.VarChar(20)")
    .addField("minApprovals", "Int", "@default(1)")
    .addField("decisions", "Json", '@default("[]")')
    .addField("dueAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(task)
    .addField("tenant", "Tenant", tenantRelation("workflow_task"))
    .addBlockAttribute(`@@index([tenantId, status], map: "${constraintName("ix", "workflow_task", "open")}")`)
    .addBlockAttribute('@@map("workflow_task")');
  tenantKey(task, "workflow_task");

  const event = base("WorkflowEvent", "workflow_event", "An event delivered to a record's runs (a wait on it ends).")
    .addField("tenantId", "String", "@db.Uuid")
    .addField("instanceId", "String?", "@db.Uuid")
    .addField("entity", "String", "@db.VarChar(120)")
    .addField("recordId", "String", "@db.Uuid")
    .addField("name", "String", "@db.VarChar(120)")
    .addField("payload", "Json", '@default("{}")')
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("consumedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("tenant", "Tenant", tenantRelation("workflow_event"))
    .addBlockAttribute(
      `@@index([tenantId, entity, recordId, name], map: "${constraintName("ix", "workflow_event", "record")}")`,
    )
    .addBlockAttribute('@@map("workflow_event")');
  tenantKey(event, "workflow_event");

  const effect = base(
    "WorkflowEffect",
    "workflow_effect",
    "One effect a step had (a record write, an email, a webhook).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("instanceId", "String", "@db.Uuid")
    .addField("stepId", "String", "@db.Uuid")
    // The step's key plus the effect's own part (`<instanceId>:<seq>:update`).
    .addField("idempotencyKey", "String", "@db.VarChar(200)")
    .addField("kind", "String", "@db.VarChar(20)")
    .addField("detail", "Json", '@default("{}")')
    .addField("createdAt", "DateTime", ...CREATED_AT)
    .addField("tenant", "Tenant", tenantRelation("workflow_effect"))
    .addBlockAttribute(`@@unique([tenantId, idempotencyKey], map: "${constraintName("uq", "workflow_effect", "key")}")`)
    .addBlockAttribute('@@map("workflow_effect")');
  tenantKey(effect, "workflow_effect");
  return [definition, instance, step, timer, task, event, effect];
}

/**
 * Who changed what: one row per CRUD write (written by the write statement itself, so in its
 * transaction) and per permission change. Append-only; `actorId` has no foreign key so the
 * trail outlives deleted users. Pruned after MONO_AUDIT_RETENTION_DAYS.
 */
function buildAuditModel(): PrismaModel {
  return tenantKey(
    base(
      "AuditLog",
      "audit_log",
      "An audit trail entry: a record write or a permission change, with the actor and a before/after diff.",
    )
      .addField("tenantId", "String", "@db.Uuid")
      .addField("actorId", "String?", "@db.Uuid")
      // `<template>:<Entity>` for records, `membership` / `user` for permission changes.
      .addField("entity", "String", "@db.VarChar(120)")
      .addField("recordId", "String?", "@db.Uuid")
      .addField("action", "String", "@db.VarChar(40)")
      .addField("before", "Json?")
      .addField("after", "Json?")
      .addField("requestId", "String?", "@db.VarChar(64)")
      .addField("ip", "String?", "@db.VarChar(64)")
      .addField("createdAt", "DateTime", ...CREATED_AT)
      .addField("tenant", "Tenant", tenantRelation("audit_log"))
      .addBlockAttribute(
        `@@index([tenantId, createdAt(sort: Desc), id(sort: Desc)], map: "${constraintName("ix", "audit_log", "recent")}")`,
      )
      .addBlockAttribute(`@@index([tenantId, entity, recordId], map: "${constraintName("ix", "audit_log", "record")}")`)
      .addBlockAttribute('@@map("audit_log")'),
    "audit_log",
  );
}

/**
 * The sign-ins `npm start` creates on a first run (development): the super admin (no tenant)
 * and one user per role of each demo tenant. Kept with the data so a restart prints the same
 * lines, and deleted with their tenant; the password is stored in clear on purpose (it is
 * printed anyway), and is null when the operator chose it (MONO_ADMIN_PASSWORD).
 */
function buildDemoLoginModel(): PrismaModel {
  return (
    base("DemoLogin", "demo_login", "A demo sign-in created by the first run of `npm start` (development only).")
      // Null for the platform's super admin, like its user row.
      .addField("tenantId", "String?", "@db.Uuid")
      .addField("role", "String", "@db.VarChar(40)")
      .addField("email", "String", "@db.VarChar(254)")
      .addField("password", "String?", "@db.VarChar(200)")
      .addField("createdAt", "DateTime", ...CREATED_AT)
      .addField("tenant", "Tenant?", tenantRelation("demo_login"))
      .addBlockAttribute(`@@unique([tenantId, role], map: "${constraintName("uq", "demo_login", "role")}")`)
      .addBlockAttribute('@@map("demo_login")')
  );
}

/**
 * The user of a row whose tenantId is null for platform staff: `user` (userId → id) keeps every
 * row's user, and `tenantUser` ((tenantId, userId) → (tenantId, id), skipped for a null
 * tenantId) keeps a tenant row's user in its tenant.
 */
function userRelations(model: PrismaModel, name: string, table: string): PrismaModel {
  return model
    .addField(
      "user",
      "User",
      `@relation("${name}User", fields: [userId], references: [id], onDelete: Cascade, map: "${constraintName("fk", table, "user")}")`,
    )
    .addField(
      "tenantUser",
      "User?",
      tenantScoped("userId", "Cascade", constraintName("fk", table, "tenant_user"), `${name}TenantUser`),
    );
}

/**
 * Authentication state: refresh-token families, emailed one-time tokens, invitations and
 * external (OIDC) identities. Secrets are never stored, only their SHA-256 hashes.
 */
function buildIdentityModels(): PrismaModel[] {
  const refresh = base(
    "RefreshToken",
    "refresh_token",
    "A rotating refresh token (SHA-256 hash only). One login is one family; replaying a rotated token revokes the family.",
  )
    // Null for platform staff, like their user row.
    .addField("tenantId", "String?", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("familyId", "String", "@db.Uuid")
    .addField("tokenHash", "String", "@db.VarChar(64)")
    .addField("activeAccountId", "String?", "@db.Uuid")
    .addField("expiresAt", "DateTime", "@db.Timestamptz(3)")
    .addField("familyExpiresAt", "DateTime", "@db.Timestamptz(3)")
    .addField("rotatedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("revokedAt", "DateTime?", "@db.Timestamptz(3)")
    // The successor, sealed (AES-GCM) for the short grace window after rotation, so a
    // concurrent refresh of the same token (a second tab) gets the same successor.
    .addField("successorSealed", "String?", "@db.VarChar(200)");
  timestamps(refresh).addField("tenant", "Tenant?", tenantRelation("refresh_token"));
  userRelations(refresh, "RefreshToken", "refresh_token")
    .addBlockAttribute(`@@unique([tenantId, tokenHash], map: "${constraintName("uq", "refresh_token", "hash")}")`)
    .addBlockAttribute(`@@index([tenantId, familyId], map: "${constraintName("ix", "refresh_token", "family")}")`)
    .addBlockAttribute(`@@index([tenantId, userId], map: "${constraintName("ix", "refresh_token", "user")}")`)
    .addBlockAttribute('@@map("refresh_token")');

  const oneTime = base(
    "OneTimeToken",
    "one_time_token",
    "A single-use emailed token (email verification, password reset): SHA-256 hash only.",
  )
    .addField("tenantId", "String?", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("purpose", "String", "@db.VarChar(30)")
    .addField("tokenHash", "String", "@db.VarChar(64)")
    .addField("expiresAt", "DateTime", "@db.Timestamptz(3)")
    .addField("usedAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(oneTime).addField("tenant", "Tenant?", tenantRelation("one_time_token"));
  userRelations(oneTime, "OneTimeToken", "one_time_token")
    .addBlockAttribute(`@@unique([tenantId, tokenHash], map: "${constraintName("uq", "one_time_token", "hash")}")`)
    .addBlockAttribute(`@@index([tenantId, userId, purpose], map: "${constraintName("ix", "one_time_token", "user")}")`)
    .addBlockAttribute('@@map("one_time_token")');

  const invitation = base(
    "Invitation",
    "invitation",
    "An emailed, expiring, single-use invitation to join a tenant (or one of its accounts) with a role.",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("accountId", "String?", "@db.Uuid")
    .addField("email", "String", "@db.VarChar(254)")
    .addField("role", "String", "@db.VarChar(40)")
    .addField("invitedById", "String?", "@db.Uuid")
    .addField("tokenHash", "String", "@db.VarChar(64)")
    .addField("expiresAt", "DateTime", "@db.Timestamptz(3)")
    .addField("acceptedAt", "DateTime?", "@db.Timestamptz(3)")
    .addField("revokedAt", "DateTime?", "@db.Timestamptz(3)");
  timestamps(invitation)
    .addField("tenant", "Tenant", tenantRelation("invitation"))
    .addField(
      "account",
      "Account?",
      tenantScoped("accountId", "Cascade", constraintName("fk", "invitation", "account")),
    )
    .addField(
      "invitedBy",
      "User?",
      // A tenant user of this tenant (null when platform staff invited): SET NULL ("invitedById") only.
      tenantScoped("invitedById", "SetNull", constraintName("fk", "invitation", "invited_by")),
    )
    .addBlockAttribute(`@@unique([tenantId, tokenHash], map: "${constraintName("uq", "invitation", "hash")}")`)
    .addBlockAttribute(`@@index([tenantId, email], map: "${constraintName("ix", "invitation", "email")}")`)
    .addBlockAttribute('@@map("invitation")');
  tenantKey(invitation, "invitation");

  const external = base(
    "ExternalIdentity",
    "external_identity",
    "A login at an OpenID Connect provider linked to a user (issuer + subject).",
  )
    .addField("tenantId", "String", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("issuer", "String", "@db.VarChar(300)")
    .addField("subject", "String", "@db.VarChar(255)")
    .addField("email", "String?", "@db.VarChar(254)");
  timestamps(external)
    .addField("tenant", "Tenant", tenantRelation("external_identity"))
    .addField("user", "User", tenantScoped("userId", "Cascade", constraintName("fk", "external_identity", "user")))
    .addBlockAttribute(
      `@@unique([tenantId, issuer, subject], map: "${constraintName("uq", "external_identity", "subject")}")`,
    )
    .addBlockAttribute(`@@index([tenantId, userId], map: "${constraintName("ix", "external_identity", "user")}")`)
    .addBlockAttribute('@@map("external_identity")');
  tenantKey(external, "external_identity");

  // Lockout per account AND address: failures from other addresses never lock the owner out.
  const loginFailure = base(
    "LoginFailure",
    "login_failure",
    "Failed logins of one user from one client address, and the lock they earned (that address only).",
  )
    .addField("tenantId", "String?", "@db.Uuid")
    .addField("userId", "String", "@db.Uuid")
    .addField("address", "String", "@db.VarChar(64)")
    .addField("failedCount", "Int", "@default(0)")
    .addField("lastFailedAt", "DateTime", "@db.Timestamptz(3)")
    .addField("lockedUntil", "DateTime?", "@db.Timestamptz(3)");
  timestamps(loginFailure).addField("tenant", "Tenant?", tenantRelation("login_failure"));
  userRelations(loginFailure, "LoginFailure", "login_failure")
    // tenantId leads (every tenant-owned index does); platform staff's rows have none.
    .addBlockAttribute(
      `@@unique([tenantId, userId, address], map: "${constraintName("uq", "login_failure", "address")}")`,
    )
    .addBlockAttribute('@@map("login_failure")');

  return [refresh, oneTime, invitation, external, loginFailure];
}

/** Back-relation lines are passed as `name Type @relation(...)`. */
function splitField(line: string): [string, string, ...string[]] {
  const [name, type, ...rest] = line.split(" ");
  return [name, type, rest.join(" ")];
}
