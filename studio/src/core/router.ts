/**
 * The studio's routes: pure parse/format between a pathname under the base (`/studio/`) and a
 * typed route. The store keeps the current route; components only render it.
 */
export type Route =
  | { name: "home" }
  | { name: "platform" }
  | { name: "list"; template: string; entity: string }
  | { name: "new"; template: string; entity: string }
  | { name: "detail"; template: string; entity: string; id: string }
  | { name: "edit"; template: string; entity: string; id: string }
  | { name: "forms"; template?: string }
  | { name: "form"; template: string; entity: string }
  | { name: "designer"; template?: string; entity?: string }
  | { name: "relations"; template?: string }
  | { name: "workflows"; template?: string; workflow?: string }
  | { name: "templates" }
  | { name: "extensions"; template?: string; entity?: string }
  | { name: "session" }
  | { name: "login" }
  | { name: "signup" }
  /** The link of the confirmation email (`…/auth/verify-email#token=…`, runtime identity-emails.ts). */
  | { name: "verify-email" }
  /** Super admins log in on the platform tier (`/api/v1/platform/auth`). */
  | { name: "platform-login" }
  /** Asks for a reset link by email, on the tenant tier or (`tier: "platform"`) the platform's. */
  | { name: "forgot-password"; tier?: "platform" }
  /**
   * The link of the reset email (`…/auth/reset-password#token=…`). Platform-tier links name
   * their tier (`/studio/platform/auth/reset-password`, MONO_PLATFORM_URL ends in
   * `/studio/platform`): `tier: "platform"`.
   */
  | { name: "reset-password"; tier?: "platform" }
  /** The link of the invitation email (`…/auth/accept-invitation#token=…`). */
  | { name: "accept-invitation" }
  | { name: "audit" }
  /** Inviting people to the tenant's roles, and the pending invitations (tenant admins, account owners). */
  | { name: "invitations" }
  /** The tenant's emails (tenant admins): template overrides with a live preview, the delivery log. */
  | { name: "email-templates"; key?: string }
  | { name: "email-deliveries" }
  /** The development mail outbox (the runtime answers 404 where there is none). */
  | { name: "email-outbox" }
  /** The signed-in user's open workflow tasks (approve, reject, request changes). */
  | { name: "tasks" }
  /** The signed-in user's conversations (core/messaging.ts), one conversation, and the moderation queue. */
  | { name: "messages" }
  | { name: "conversation"; id: string }
  | { name: "moderation" }
  /** The tenant's workflow runs (tenant admins), and one run's timeline. */
  | { name: "workflow-runs" }
  | { name: "workflow-run"; id: string }
  /** The tenant's tag manager (tree, rename, merge; tenant admins), where a template has tagging. */
  | { name: "tags" }
  /** The tenant's branding (tenant admins): colours, font, radius, logo, with a live preview. */
  | { name: "branding" }
  /** The signed-in user's saved searches and their alerts. */
  | { name: "saved-searches" }
  | { name: "not-found"; path: string };

export const BASE = "/studio/";

const seg = (s: string | undefined) => (s === undefined ? undefined : decodeURIComponent(s));

export function parseRoute(pathname: string): Route {
  const relative = pathname.startsWith(BASE)
    ? pathname.slice(BASE.length)
    : pathname.replace(/^\/studio$/, "").replace(/^\//, "");
  const parts = relative
    .split("/")
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const [head, a, b, c, d] = parts;
  switch (head) {
    case undefined:
      return { name: "home" };
    case "platform":
      if (a === undefined) return { name: "platform" };
      // The platform tier's email links (`<MONO_PLATFORM_URL>/auth/<page>`); it only sends reset links.
      if (a === "auth" && b === "reset-password" && c === undefined)
        return { name: "reset-password", tier: "platform" };
      if (b !== undefined) break;
      if (a === "login") return { name: "platform-login" };
      if (a === "forgot-password") return { name: "forgot-password", tier: "platform" };
      break;
    case "session":
    case "login":
    case "signup":
    case "audit":
    case "invitations":
    case "forgot-password":
    case "tasks":
      if (a !== undefined) break;
      return { name: head };
    case "tags":
      if (a === undefined) return { name: "tags" };
      break;
    case "branding":
      if (a === undefined) return { name: "branding" };
      break;
    case "saved-searches":
      if (a === undefined) return { name: "saved-searches" };
      break;
    case "messages":
      if (a === undefined) return { name: "messages" };
      if (a === "moderation" && b === undefined) return { name: "moderation" };
      if (b === undefined) return { name: "conversation", id: a };
      break;
    case "runs":
      if (a === undefined) return { name: "workflow-runs" };
      if (b === undefined) return { name: "workflow-run", id: a };
      break;
    case "templates":
      return { name: "templates" };
    case "email":
      if (a === "templates" && c === undefined)
        return b === undefined ? { name: "email-templates" } : { name: "email-templates", key: b };
      if (b !== undefined) break;
      if (a === "deliveries") return { name: "email-deliveries" };
      if (a === "outbox") return { name: "email-outbox" };
      break;
    case "auth":
      if (b !== undefined) break;
      if (a === "verify-email" || a === "reset-password" || a === "accept-invitation") return { name: a };
      break;
    case "admin":
      if (!a || !b) break;
      if (c === undefined) return { name: "list", template: a, entity: b };
      if (c === "new" && d === undefined) return { name: "new", template: a, entity: b };
      if (d === undefined) return { name: "detail", template: a, entity: b, id: c };
      if (d === "edit") return { name: "edit", template: a, entity: b, id: c };
      break;
    case "forms":
      if (a && b) return { name: "form", template: a, entity: b };
      return { name: "forms", template: seg(a) };
    case "designer":
      return { name: "designer", template: a, entity: b };
    case "relations":
      return { name: "relations", template: a };
    case "workflows":
      return { name: "workflows", template: a, workflow: b };
    case "extensions":
      return { name: "extensions", template: a, entity: b };
  }
  return { name: "not-found", path: pathname };
}

export function routeHref(route: Route): string {
  const enc = (...parts: (string | undefined)[]) =>
    BASE +
    parts
      .filter((p): p is string => p !== undefined && p !== "")
      .map(encodeURIComponent)
      .join("/");
  switch (route.name) {
    case "home":
      return BASE;
    case "platform":
    case "templates":
    case "session":
    case "login":
    case "signup":
    case "audit":
    case "invitations":
    case "tasks":
    case "tags":
    case "branding":
    case "saved-searches":
      return enc(route.name);
    case "messages":
      return enc("messages");
    case "conversation":
      return enc("messages", route.id);
    case "moderation":
      return enc("messages", "moderation");
    case "workflow-runs":
      return enc("runs");
    case "workflow-run":
      return enc("runs", route.id);
    case "reset-password":
      return route.tier === "platform" ? enc("platform", "auth", route.name) : enc("auth", route.name);
    case "verify-email":
    case "accept-invitation":
      return enc("auth", route.name);
    case "platform-login":
      return enc("platform", "login");
    case "forgot-password":
      return route.tier === "platform" ? enc("platform", "forgot-password") : enc("forgot-password");
    case "email-templates":
      return enc("email", "templates", route.key);
    case "email-deliveries":
      return enc("email", "deliveries");
    case "email-outbox":
      return enc("email", "outbox");
    case "list":
      return enc("admin", route.template, route.entity);
    case "new":
      return enc("admin", route.template, route.entity, "new");
    case "detail":
      return enc("admin", route.template, route.entity, route.id);
    case "edit":
      return enc("admin", route.template, route.entity, route.id, "edit");
    case "forms":
      return enc("forms", route.template);
    case "form":
      return enc("forms", route.template, route.entity);
    case "designer":
      return enc("designer", route.template, route.entity);
    case "relations":
      return enc("relations", route.template);
    case "workflows":
      return enc("workflows", route.template, route.workflow);
    case "extensions":
      return enc("extensions", route.template, route.entity);
    case "not-found":
      return route.path;
  }
}
