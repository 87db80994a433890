/**
 * operationId, summary and tag of every route Fastify serves (the generated entity paths carry
 * their own), and which of them can answer 409 or 422. A route missing here still gets an
 * operationId and summary derived from its method and path.
 */
export interface RouteDoc {
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly conflict?: boolean;
  readonly unprocessable?: boolean;
}

/** Tag descriptions of the global and the tenant documents. */
export const TAGS: Record<string, string> = {
  auth: "Sign-in, sessions and passwords: a tenant's users under /api/v1/user/auth, platform staff under /api/v1/platform/auth.",
  invitations: "Invitations of people into a tenant's accounts, and the tenant's accounts.",
  platform: "Tenants, domains and template installs (super admins or the bootstrap admin token).",
  authorization: "Permissions, role assignments and user tiers of a tenant.",
  audit: "The tenant's audit trail of writes.",
  email: "The tenant's emails: delivery log, template overrides, preview and branding (tenant admins).",
  user: "The signed-in user of a tenant.",
  notifications: "The signed-in user's notifications in the tenant and their channels per kind.",
  workflows:
    "Workflow runs: definitions, manual starts, instances and their timeline, cancel and retry (tenant admins), transitions, the caller's task inbox and decisions, events.",
  messaging:
    "Conversations (direct, group, a record's) the caller takes part in, their messages, reactions, receipts and search, and the moderation queue. Live updates come over the WebSocket at /api/v1/user/messaging/socket (runtime/src/messaging/README.md).",
  account: "The caller's account (agency, company, household) and its members.",
  extensions: "A tenant's extension fields per entity (JSONB, no migration) and the effective JSON Schemas.",
  entities:
    "Generic CRUD of any entity a tenant installed (also draft entities); each compiled entity has its own typed paths.",
  media:
    "Uploads for media fields (images with variants, documents), their record-scoped listing and the tenant's storage use.",
  bookings:
    "Bookings of any entity a template declares `booking` on (runtime/src/bookings): a resource's availability calendar (rrule openings and closures), its free nights or slots, bookings that never overbook (instant or request-to-book, with a waitlist), acceptance, decline and cancellation.",
  tags: "The tenant's tags (a tree with categories), tagging records of taggable entities in bulk, co-occurrence suggestions and related tags, import and export (runtime/src/tags/README.md). Lists filter by tags with `tags=`.",
  payments:
    "Payments between a signed-in payer and a payee account, held in escrow (authorised, captured, then released, refunded or disputed), the provider's webhook, invoices and receipts as PDF (runtime/src/payments/README.md).",
  collections:
    "The signed-in user's collections of records (ordered, with notes; private, by link or tenant-public) and favourites (runtime/src/collections/README.md).",
  matching:
    "Matching (runtime/src/matching/README.md): supply records scored against a demand record's requirements and demand records recommended for a supply record, by the criteria and weights the template declares, with a breakdown per criterion.",
  "saved-searches":
    "The signed-in user's saved list queries of any entity, private or shared with an account, re-run with the caller's rules, with alerts of new matches as notifications or a daily email digest (runtime/src/saved-searches/README.md).",
  branding:
    "The tenant's branding (runtime/src/branding/README.md): logo, light and dark colours checked for WCAG AA contrast, font and radius (tenant admins), and its public stylesheet of CSS variables.",
  translation:
    "LLM translation (runtime/src/translation/README.md), for tenant admins: the review queue of low-scoring segments (accept or edit; both feed the translation memory), the tenant's glossary, and token and cost usage.",
  operations: "Liveness, readiness and metrics.",
  studio: "The studio's own API (template design, registry, forms).",
};

type Entry = readonly [
  operationId: string,
  summary: string,
  tag: string,
  flags?: "conflict" | "unprocessable" | "both",
];

function tierRoutes(tier: "user" | "platform"): Record<string, Entry> {
  const p = `/api/v1/${tier}/auth`;
  const T = tier === "user" ? "User" : "Platform";
  return {
    [`POST ${p}/login`]: [`login${T}`, "Sign in with email and password", "auth"],
    [`POST ${p}/refresh`]: [`refresh${T}Session`, "Exchange the refresh token for a new session", "auth"],
    [`POST ${p}/logout`]: [`logout${T}`, "End the session", "auth"],
    [`GET ${p}/me`]: [`get${T}Me`, "The signed-in user, identity and profiles", "auth"],
    [`GET ${p}/csrf`]: [`get${T}CsrfToken`, "A CSRF token for cookie-authenticated requests", "auth"],
    [`POST ${p}/password`]: [`change${T}Password`, "Change the password (needs the current one)", "auth"],
    [`POST ${p}/forgot-password`]: [`forgot${T}Password`, "Email a password reset link", "auth"],
    [`POST ${p}/reset-password`]: [`reset${T}Password`, "Set a new password with a reset token", "auth"],
  };
}

const ENTRIES: Record<string, Entry> = {
  ...tierRoutes("user"),
  ...tierRoutes("platform"),
  "POST /api/v1/user/auth/register": ["registerUser", "Sign up", "auth", "conflict"],
  "POST /api/v1/user/auth/verify-email": ["verifyEmail", "Confirm an email address with its token", "auth"],
  "POST /api/v1/user/auth/resend-verification": ["resendVerification", "Send the verification email again", "auth"],
  "POST /api/v1/user/auth/accept-invitation": ["acceptInvitation", "Accept an invitation", "auth", "conflict"],
  "POST /api/v1/user/auth/switch-profile": ["switchProfile", "Act as another of one's accounts", "auth"],
  "GET /api/v1/user/auth/oidc": ["listOidcProviders", "Single sign-on providers of the tenant", "auth"],
  "GET /api/v1/user/auth/oidc/:provider/start": ["startOidcLogin", "Start single sign-on (redirect)", "auth"],
  "GET /api/v1/user/auth/oidc/:provider/callback": ["finishOidcLogin", "Single sign-on callback", "auth"],
  "POST /api/v1/platform/bootstrap": ["bootstrapSuperAdmin", "Create the first super admin", "platform", "conflict"],
  "POST /api/v1/tenant/invitations": ["createInvitation", "Invite someone into an account", "invitations", "conflict"],
  "GET /api/v1/tenant/invitations": ["listInvitations", "Open invitations of the tenant", "invitations"],
  "DELETE /api/v1/tenant/invitations/:id": ["revokeInvitation", "Revoke an invitation", "invitations"],
  "GET /api/v1/tenant/accounts": ["listAccounts", "Accounts of the tenant", "invitations"],
  "GET /api/v1/user/permissions": ["listMyPermissions", "What the signed-in user may do", "authorization"],
  "POST /api/v1/tenant/permissions/check": ["checkPermissions", "Check permissions of a user", "authorization"],
  "POST /api/v1/tenant/roles/assign": ["assignRole", "Assign a role", "authorization"],
  "POST /api/v1/tenant/roles/revoke": ["revokeRole", "Revoke a role", "authorization"],
  "PUT /api/v1/tenant/users/:userId/tier": ["setUserTier", "Set a user's membership tier", "authorization"],
  "POST /api/v1/tenant/bookings/:entity": [
    "createBooking",
    "Book a resource (checked against its calendar and capacity)",
    "bookings",
    "both",
  ],
  "POST /api/v1/tenant/bookings/:entity/:id/accept": [
    "acceptBooking",
    "Accept a booking request",
    "bookings",
    "conflict",
  ],
  "POST /api/v1/tenant/bookings/:entity/:id/decline": [
    "declineBooking",
    "Decline a booking request",
    "bookings",
    "conflict",
  ],
  "POST /api/v1/tenant/bookings/:entity/:id/cancel": [
    "cancelBooking",
    "Cancel a booking (the waitlist moves up)",
    "bookings",
    "conflict",
  ],
  "GET /api/v1/tenant/bookings/:entity/resources/:resourceId/calendar": [
    "getBookingCalendar",
    "A resource's availability calendar",
    "bookings",
  ],
  "PUT /api/v1/tenant/bookings/:entity/resources/:resourceId/calendar": [
    "setBookingCalendar",
    "Replace a resource's availability calendar",
    "bookings",
  ],
  "GET /api/v1/tenant/bookings/:entity/resources/:resourceId/availability": [
    "listAvailability",
    "Free nights or slots of a resource in a range",
    "bookings",
  ],
  "POST /api/v1/tenant/media": ["uploadMedia", "Upload one file for a media field", "media", "unprocessable"],
  "GET /api/v1/tenant/media": ["listMedia", "The media of one record, or your unattached uploads", "media"],
  "GET /api/v1/tenant/media/usage": ["getMediaUsage", "Storage the tenant's media use, and its quota", "media"],
  "GET /api/v1/tenant/media/:id": ["getMedia", "One media item", "media"],
  "PATCH /api/v1/tenant/media/:id": ["updateMedia", "Set a media item's caption and alt text", "media"],
  "DELETE /api/v1/tenant/media/:id": ["deleteMedia", "Delete an unattached upload of yours", "media", "conflict"],
  "GET /api/v1/tenant/audit": ["listAuditEntries", "The tenant's audit trail", "audit"],
  "GET /api/v1/tenant/email/deliveries": ["listEmailDeliveries", "The tenant's delivery log", "email"],
  "GET /api/v1/tenant/email/templates": ["listEmailTemplates", "Email templates and the tenant's overrides", "email"],
  "PUT /api/v1/tenant/email/templates/:key/:locale": [
    "putEmailOverride",
    "Override an email template in one locale",
    "email",
  ],
  "DELETE /api/v1/tenant/email/templates/:key/:locale": ["deleteEmailOverride", "Remove an override", "email"],
  "POST /api/v1/tenant/email/preview": ["previewEmail", "Render an email with sample data or a record", "email"],
  "GET /api/v1/tenant/email/branding": ["getEmailBranding", "The tenant's email branding", "email"],
  "PUT /api/v1/tenant/email/branding": ["putEmailBranding", "Set the tenant's email branding", "email"],
  "GET /api/v1/tenant/workflows": ["listWorkflows", "The tenant's workflows and whether they run", "workflows"],
  "POST /api/v1/tenant/workflows/:workflow/instances": [
    "startWorkflow",
    "Start a workflow by hand (its trigger's actors, or an admin)",
    "workflows",
    "conflict",
  ],
  "GET /api/v1/tenant/workflows/instances": ["listWorkflowInstances", "The tenant's runs, newest first", "workflows"],
  "GET /api/v1/tenant/workflows/instances/:id": [
    "getWorkflowInstance",
    "A run with its timeline and tasks",
    "workflows",
  ],
  "POST /api/v1/tenant/workflows/instances/:id/cancel": [
    "cancelWorkflowInstance",
    "Cancel a run",
    "workflows",
    "conflict",
  ],
  "POST /api/v1/tenant/workflows/instances/:id/retry": [
    "retryWorkflowInstance",
    "Retry a failed run's failed step",
    "workflows",
    "conflict",
  ],
  "GET /api/v1/tenant/entities/:entity/:id/transitions": [
    "listRecordTransitions",
    "The transitions the caller may take on a record now",
    "workflows",
  ],
  "POST /api/v1/tenant/workflows/instances/:id/transitions/:name": [
    "takeWorkflowTransition",
    "Take a transition of a run's waiting state",
    "workflows",
    "conflict",
  ],
  "GET /api/v1/tenant/workflows/tasks": ["listMyWorkflowTasks", "The caller's task inbox", "workflows"],
  "POST /api/v1/tenant/workflows/tasks/:id/decision": [
    "decideWorkflowTask",
    "Approve, reject or request changes on a task",
    "workflows",
    "conflict",
  ],
  "POST /api/v1/tenant/workflows/:workflow/hook": [
    "triggerWorkflowHook",
    "Start a webhook-triggered workflow (body signed with the tenant's secret)",
    "workflows",
  ],
  "POST /api/v1/tenant/workflows/events": ["deliverWorkflowEvent", "Deliver an event to a record's waits", "workflows"],
  "POST /api/v1/user/conversations": [
    "openConversation",
    "Open a direct, group or record conversation",
    "messaging",
    "unprocessable",
  ],
  "GET /api/v1/user/conversations": ["listMyConversations", "The caller's conversations", "messaging"],
  "GET /api/v1/user/conversations/:id": [
    "getConversation",
    "A conversation, its participants and receipts",
    "messaging",
  ],
  "PATCH /api/v1/user/conversations/:id/settings": [
    "updateConversationSettings",
    "The caller's mute and notification settings",
    "messaging",
  ],
  "POST /api/v1/user/conversations/:id/participants": [
    "addConversationParticipants",
    "Add users to a group",
    "messaging",
    "both",
  ],
  "DELETE /api/v1/user/conversations/:id/participants/:userId": [
    "removeConversationParticipant",
    "Leave a group, or remove someone from it",
    "messaging",
    "conflict",
  ],
  "GET /api/v1/user/conversations/:id/presence": [
    "getConversationPresence",
    "Which participants are connected",
    "messaging",
  ],
  "GET /api/v1/user/conversations/:id/messages": [
    "listMessages",
    "A conversation's messages or one thread",
    "messaging",
  ],
  "POST /api/v1/user/conversations/:id/messages": ["sendMessage", "Send a message", "messaging", "unprocessable"],
  "POST /api/v1/user/conversations/:id/read": [
    "markConversationRead",
    "Mark read up to a message",
    "messaging",
    "unprocessable",
  ],
  "GET /api/v1/user/messages/search": ["searchMessages", "Full-text search over the caller's messages", "messaging"],
  "PATCH /api/v1/user/messages/:id": ["editMessage", "Edit your message", "messaging", "both"],
  "DELETE /api/v1/user/messages/:id": ["deleteMessage", "Delete a message", "messaging"],
  "GET /api/v1/user/messages/:id/history": ["getMessageHistory", "A message's earlier versions", "messaging"],
  "POST /api/v1/user/messages/:id/reactions": ["addReaction", "React to a message", "messaging", "conflict"],
  "DELETE /api/v1/user/messages/:id/reactions/:emoji": [
    "removeReaction",
    "Take a reaction back",
    "messaging",
    "conflict",
  ],
  "POST /api/v1/user/messages/:id/flags": [
    "flagMessage",
    "Report a message to the moderators",
    "messaging",
    "conflict",
  ],
  "GET /api/v1/tenant/messaging/flags": ["listModerationQueue", "Flagged messages the caller moderates", "messaging"],
  "POST /api/v1/tenant/messaging/messages/:id/moderation": [
    "moderateMessage",
    "Hide, unhide or dismiss the flags of a message",
    "messaging",
  ],
  "GET /api/v1/user/me": ["getMyUser", "The signed-in user with tier and roles", "user"],
  "GET /api/v1/user/notifications": ["listMyNotifications", "The signed-in user's notifications", "notifications"],
  "POST /api/v1/user/notifications/:id/read": ["readNotification", "Mark a notification read", "notifications"],
  "POST /api/v1/user/notifications/read-all": ["readAllNotifications", "Mark every notification read", "notifications"],
  "GET /api/v1/user/notification-preferences": [
    "getNotificationPreferences",
    "The channels per kind of notification",
    "notifications",
  ],
  "PUT /api/v1/user/notification-preferences": [
    "putNotificationPreferences",
    "Set the channels per kind of notification",
    "notifications",
  ],
  "GET /api/v1/account/members": ["listAccountMembers", "Members of the caller's account", "account"],
  "POST /api/v1/platform/tenants": ["createTenant", "Create a tenant", "platform", "conflict"],
  "GET /api/v1/platform/tenants": ["listTenants", "List tenants", "platform"],
  "GET /api/v1/platform/tenants/:slug": ["getTenant", "Get a tenant", "platform"],
  "PATCH /api/v1/platform/tenants/:slug": ["updateTenant", "Rename a tenant or set its default locale", "platform"],
  "POST /api/v1/platform/tenants/:slug/suspend": ["suspendTenant", "Suspend a tenant", "platform"],
  "POST /api/v1/platform/tenants/:slug/activate": ["activateTenant", "Activate a tenant", "platform"],
  "POST /api/v1/platform/tenants/:slug/domains": ["addTenantDomain", "Add a custom domain", "platform", "conflict"],
  "GET /api/v1/platform/templates": ["listTemplates", "Templates this server can install", "platform"],
  "GET /api/v1/platform/tenants/:slug/templates": ["listTenantTemplates", "Templates a tenant installed", "platform"],
  "POST /api/v1/platform/tenants/:slug/templates": [
    "installTemplate",
    "Install a template for a tenant",
    "platform",
    "both",
  ],
  "POST /api/v1/platform/tenants/:slug/templates/:templateId/upgrade": [
    "upgradeTemplate",
    "Preview or run a template upgrade",
    "platform",
    "both",
  ],
  "GET /api/v1/tenant/entities/:entity": ["listRecords", "List records of any entity", "entities"],
  "POST /api/v1/tenant/entities/:entity": ["createRecord", "Create a record of any entity", "entities", "both"],
  "GET /api/v1/tenant/entities/:entity/:id": ["getRecord", "Get a record of any entity", "entities"],
  "PATCH /api/v1/tenant/entities/:entity/:id": ["updateRecord", "Update a record of any entity", "entities", "both"],
  "DELETE /api/v1/tenant/entities/:entity/:id": [
    "deleteRecord",
    "Delete a record of any entity",
    "entities",
    "conflict",
  ],
  "POST /api/v1/tenant/entities/:entity/bulk": ["bulkRecords", "Bulk writes on any entity", "entities"],
  "GET /api/v1/tenant/extensions/:entity": [
    "getExtensionFields",
    "The tenant's extension fields of an entity",
    "extensions",
  ],
  "PUT /api/v1/tenant/extensions/:entity": [
    "setExtensionFields",
    "Replace the extension fields of an entity",
    "extensions",
  ],
  "GET /api/v1/tenant/schemas/:entity": ["getEffectiveSchemas", "Effective JSON Schemas of an entity", "extensions"],
  "GET /api/v1/tenant/matching": ["listMatchings", "The matchings the tenant's templates declare", "matching"],
  "GET /api/v1/tenant/matching/:matching/candidates/:id": [
    "listMatchCandidates",
    "Supply records scored against a demand record",
    "matching",
  ],
  "GET /api/v1/tenant/matching/:matching/recommendations/:id": [
    "listMatchRecommendations",
    "Demand records scored for a supply record",
    "matching",
  ],
  "GET /api/v1/tenant/tags": ["listTags", "The tenant's tags (autocomplete, categories, usage counts)", "tags"],
  "POST /api/v1/tenant/tags": ["createTag", "Create a tag", "tags", "both"],
  "GET /api/v1/tenant/tags/export": ["exportTags", "Export the tags as JSON or CSV", "tags"],
  "POST /api/v1/tenant/tags/import": ["importTags", "Import tags from JSON or CSV", "tags", "unprocessable"],
  "GET /api/v1/tenant/tags/suggestions": ["suggestTags", "Tags to suggest for a record or a set of tags", "tags"],
  "POST /api/v1/tenant/tags/links": ["tagRecords", "Tag and untag records in bulk", "tags", "unprocessable"],
  "GET /api/v1/tenant/tags/links": ["listRecordTags", "The tags of some records", "tags", "unprocessable"],
  "GET /api/v1/tenant/tags/:id": ["getTag", "One tag", "tags"],
  "GET /api/v1/tenant/tags/:id/related": ["listRelatedTags", "Tags often found with this one", "tags"],
  "PATCH /api/v1/tenant/tags/:id": ["updateTag", "Rename, recategorise or move a tag", "tags", "both"],
  "DELETE /api/v1/tenant/tags/:id": ["deleteTag", "Delete a tag", "tags"],
  "POST /api/v1/tenant/tags/:id/merge": ["mergeTag", "Merge a tag into another", "tags", "unprocessable"],
  "POST /api/v1/tenant/payments": ["createPayment", "Pay an account (authorised, held in escrow)", "payments", "both"],
  "GET /api/v1/tenant/payments": ["listPayments", "The caller's payments", "payments"],
  "GET /api/v1/tenant/payments/:id": ["getPayment", "A payment with its transitions", "payments"],
  "POST /api/v1/tenant/payments/:id/capture": [
    "capturePayment",
    "Capture a payment into escrow",
    "payments",
    "conflict",
  ],
  "POST /api/v1/tenant/payments/:id/release": [
    "releasePayment",
    "Release a payment to its payee",
    "payments",
    "conflict",
  ],
  "POST /api/v1/tenant/payments/:id/refund": ["refundPayment", "Refund a payment to its payer", "payments", "conflict"],
  "GET /api/v1/tenant/payments/:id/invoice": ["getPaymentInvoice", "A payment's invoice (PDF)", "payments"],
  "GET /api/v1/tenant/payments/:id/receipt": ["getPaymentReceipt", "A payment's receipt (PDF)", "payments", "conflict"],
  "POST /api/v1/tenant/payments/webhook": ["paymentProviderWebhook", "The payment provider's webhook", "payments"],
  "GET /api/v1/tenant/branding": ["getBranding", "The tenant's branding", "branding"],
  "PUT /api/v1/tenant/branding": ["putBranding", "Change the tenant's branding", "branding"],
  "GET /branding.css": ["getBrandingStylesheet", "The tenant's branding stylesheet", "branding"],
  "GET /api/v1/user/collections": ["listCollections", "The caller's (or the tenant-public) collections", "collections"],
  "POST /api/v1/user/collections": ["createCollection", "Create a collection", "collections"],
  "GET /api/v1/user/collections/:id": ["getCollection", "A collection with its items", "collections"],
  "PATCH /api/v1/user/collections/:id": [
    "updateCollection",
    "Rename or reshare a collection",
    "collections",
    "unprocessable",
  ],
  "DELETE /api/v1/user/collections/:id": ["deleteCollection", "Delete a collection", "collections", "conflict"],
  "POST /api/v1/user/collections/:id/items": [
    "addCollectionItem",
    "Put a record into a collection",
    "collections",
    "both",
  ],
  "PATCH /api/v1/user/collections/:id/items/:itemId": [
    "updateCollectionItem",
    "Change an item's note or position",
    "collections",
  ],
  "DELETE /api/v1/user/collections/:id/items/:itemId": [
    "removeCollectionItem",
    "Take an item out of a collection",
    "collections",
  ],
  "GET /api/v1/tenant/shared-collections/:token": ["getSharedCollection", "A collection shared by link", "collections"],
  "GET /api/v1/user/favourites": ["getFavourites", "The caller's favourites", "collections", "unprocessable"],
  "PUT /api/v1/user/favourites/:entityName/:recordId": [
    "addFavourite",
    "Favourite a record",
    "collections",
    "unprocessable",
  ],
  "DELETE /api/v1/user/favourites/:entityName/:recordId": [
    "removeFavourite",
    "Unfavourite a record",
    "collections",
    "unprocessable",
  ],
  "GET /api/v1/user/saved-searches": ["listSavedSearches", "The caller's (or shared) saved searches", "saved-searches"],
  "POST /api/v1/user/saved-searches": ["createSavedSearch", "Save a list query", "saved-searches", "both"],
  "GET /api/v1/user/saved-searches/:id": ["getSavedSearch", "A saved search", "saved-searches"],
  "PATCH /api/v1/user/saved-searches/:id": [
    "updateSavedSearch",
    "Rename, requery or reshare a saved search",
    "saved-searches",
    "both",
  ],
  "DELETE /api/v1/user/saved-searches/:id": ["deleteSavedSearch", "Delete a saved search", "saved-searches"],
  "GET /api/v1/user/saved-searches/:id/results": [
    "runSavedSearch",
    "The saved search's results now",
    "saved-searches",
    "conflict",
  ],
  "PUT /api/v1/user/saved-searches/:id/subscription": [
    "subscribeSavedSearch",
    "Subscribe to a saved search, or change the alert",
    "saved-searches",
  ],
  "DELETE /api/v1/user/saved-searches/:id/subscription": [
    "unsubscribeSavedSearch",
    "End the alerts of a saved search",
    "saved-searches",
  ],
  "GET /api/v1/tenant/translation/reviews": ["listTranslationReviews", "Segments waiting for review", "translation"],
  "POST /api/v1/tenant/translation/reviews/:id/accept": [
    "acceptTranslationReview",
    "Accept a proposed translation",
    "translation",
    "conflict",
  ],
  "POST /api/v1/tenant/translation/reviews/:id/edit": [
    "editTranslationReview",
    "Replace a proposed translation",
    "translation",
    "conflict",
  ],
  "GET /api/v1/tenant/translation/glossary": ["getTranslationGlossary", "The tenant's glossary", "translation"],
  "PUT /api/v1/tenant/translation/glossary": [
    "putTranslationGlossaryTerm",
    "Add or replace a glossary term",
    "translation",
  ],
  "DELETE /api/v1/tenant/translation/glossary/:id": [
    "deleteTranslationGlossaryTerm",
    "Remove a glossary term",
    "translation",
  ],
  "GET /api/v1/tenant/translation/usage": ["getTranslationUsage", "Provider requests, tokens and cost", "translation"],
  "GET /health/live": ["getLiveness", "Liveness", "operations"],
  "GET /health/ready": ["getReadiness", "Readiness (database, Redis)", "operations"],
  "GET /metrics": ["getMetrics", "Prometheus metrics", "operations"],
};

const UUID = { type: "string", format: "uuid" };
const AUDIT_FILTER_TYPES: Record<string, Record<string, unknown>> = {
  entity: { type: "string" },
  action: { type: "string" },
  actorId: UUID,
  recordId: UUID,
  since: { type: "string", format: "date-time" },
  until: { type: "string", format: "date-time" },
};

/** Query parameters of routes that parse their query themselves (no Fastify querystring schema). */
export const ROUTE_PARAMETERS: Record<string, unknown[]> = {
  "GET /api/v1/tenant/audit": [
    {
      name: "filter",
      in: "query",
      style: "deepObject",
      explode: true,
      description:
        "`filter[entity]=…`, `filter[action]=…`, `filter[actorId]=…`, `filter[recordId]=…`, `filter[since]=…`, `filter[until]=…`.",
      schema: { type: "object", additionalProperties: false, properties: AUDIT_FILTER_TYPES },
    },
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
    { name: "cursor", in: "query", description: "`nextCursor` of the previous page.", schema: { type: "string" } },
  ],
  "GET /api/v1/tenant/email/deliveries": [
    {
      name: "filter",
      in: "query",
      style: "deepObject",
      explode: true,
      description: "`filter[status]=…`, `filter[recipient]=…`, `filter[template]=…`, `filter[locale]=…`.",
      schema: {
        type: "object",
        additionalProperties: false,
        properties: {
          status: { type: "string", enum: ["queued", "sending", "sent", "failed", "bounced", "cancelled"] },
          recipient: { type: "string" },
          template: { type: "string" },
          locale: { type: "string" },
        },
      },
    },
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
    { name: "cursor", in: "query", description: "`nextCursor` of the previous page.", schema: { type: "string" } },
  ],
  "GET /api/v1/user/notifications": [
    {
      name: "filter",
      in: "query",
      style: "deepObject",
      explode: true,
      description: "`filter[unread]=true`: only unread notifications.",
      schema: { type: "object", additionalProperties: false, properties: { unread: { type: "boolean" } } },
    },
    { name: "unread", in: "query", description: "Same as `filter[unread]`.", schema: { type: "boolean" } },
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
    { name: "cursor", in: "query", description: "`nextCursor` of the previous page.", schema: { type: "string" } },
  ],
  "GET /api/v1/account/members": [
    {
      name: "accountId",
      in: "query",
      description: "The account; default: the caller's active one.",
      schema: UUID,
    },
  ],
};

const ANY_RECORD = {
  type: "object",
  additionalProperties: true,
  description: "A record of the entity (see its typed path).",
};
const ANY_PAGE = {
  type: "object",
  required: ["data", "page"],
  properties: { data: { type: "array", items: ANY_RECORD }, page: { type: "object", additionalProperties: true } },
};

/**
 * Documented answers of the generic entity routes: their bodies depend on the entity, so they
 * are serialised per entity at run time (each compiled entity's typed path has the exact schemas).
 */
/**
 * Request bodies of routes that do not validate theirs with a schema (a multipart upload is
 * read as a stream): documented here, so the document says what the route accepts.
 */
export const ROUTE_BODIES: Record<string, Record<string, unknown>> = {
  "POST /api/v1/tenant/media": {
    type: "object",
    required: ["file"],
    properties: {
      file: {
        type: "string",
        format: "binary",
        description: "The file (one part). Its type is detected from its content, not from its name or Content-Type.",
      },
    },
  },
};

export const ROUTE_RESPONSES: Record<string, Record<string, unknown>> = {
  "GET /api/v1/tenant/entities/:entity": { 200: { ...ANY_PAGE, description: "A page of records." } },
  "POST /api/v1/tenant/entities/:entity": { 201: { ...ANY_RECORD, description: "The created record." } },
  "GET /api/v1/tenant/entities/:entity/:id": { 200: { ...ANY_RECORD, description: "The record." } },
  "PATCH /api/v1/tenant/entities/:entity/:id": { 200: { ...ANY_RECORD, description: "The updated record." } },
  "DELETE /api/v1/tenant/entities/:entity/:id": { 204: { type: "null", description: "Deleted." } },
  "POST /api/v1/tenant/entities/:entity/bulk": {
    200: { type: "object", additionalProperties: true, description: "One result per item." },
  },
};

/** `POST /api/v1/tenant/users/:userId/tier` → `postTenantUsersByUserIdTier`. */
function derivedId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\//, "/")
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(":") ? `By${w.slice(1, 2).toUpperCase()}${w.slice(2)}` : w));
  return method.toLowerCase() + words.map((w) => w.slice(0, 1).toUpperCase() + w.slice(1)).join("");
}

export function routeDoc(method: string, url: string): RouteDoc {
  const entry = ENTRIES[`${method} ${url}`];
  if (entry) {
    const [operationId, summary, tag, flags] = entry;
    return {
      operationId,
      summary,
      tag,
      conflict: flags === "conflict" || flags === "both",
      unprocessable: flags === "unprocessable" || flags === "both",
    };
  }
  return {
    operationId: derivedId(method, url),
    summary: `${method} ${url.replace(/:(\w+)/g, "{$1}")}`,
    tag: url.startsWith("/studio") ? "studio" : url.startsWith("/api/v1/tenant") ? "entities" : "operations",
  };
}
