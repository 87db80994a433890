/**
 * What a tenant's plan grants, composed from its bundles (pure: no IO). A bundle lists entities
 * and capabilities (names, or "*" for all) and limits; a plan grants the union of its bundles'
 * entities and capabilities, and each limit is the sum of the bundles that set it (a bundle is an
 * add-on: a base bundle's 3 seats plus a seat pack's 5 are 8). A limit no bundle sets is unlimited.
 */

/** Limits a bundle sets; a key left out sets nothing (unlimited unless another bundle sets it). */
export interface BundleLimits {
  /** Records a tenant may keep per entity (`Name` or `template:Name`). */
  readonly records?: Readonly<Record<string, number>>;
  /** Bytes of media in storage (feeds the media quota, runtime/src/media). */
  readonly storageBytes?: number;
  /** Users of the tenant. */
  readonly seats?: number;
  /** Emails the tenant's outbox accepts per calendar month (UTC). */
  readonly emailsPerMonth?: number;
}

export interface Bundle {
  readonly key: string;
  readonly name: string;
  readonly entities: readonly string[];
  readonly capabilities: readonly string[];
  readonly limits: BundleLimits;
}

/** The runtime capabilities a plan can leave out, and the API paths each one serves. */
export const CAPABILITY_PATHS: Readonly<Record<string, readonly string[]>> = {
  media: ["/api/v1/tenant/media"],
  messaging: [
    "/api/v1/user/conversations",
    "/api/v1/user/messages",
    "/api/v1/user/messaging",
    "/api/v1/tenant/messaging",
  ],
  tags: ["/api/v1/tenant/tags"],
  collections: ["/api/v1/user/collections", "/api/v1/user/favourites", "/api/v1/tenant/shared-collections"],
  bookings: ["/api/v1/tenant/bookings"],
  workflows: ["/api/v1/tenant/workflows"],
};
export const CAPABILITIES: readonly string[] = Object.keys(CAPABILITY_PATHS);

/** The capability a route URL belongs to, or null (a route every plan keeps). */
export function capabilityOf(url: string): string | null {
  for (const [capability, prefixes] of Object.entries(CAPABILITY_PATHS))
    if (prefixes.some((p) => url === p || url.startsWith(`${p}/`))) return capability;
  return null;
}

export interface Entitlements {
  readonly plan: string;
  readonly entities: ReadonlySet<string> | "*";
  readonly capabilities: ReadonlySet<string> | "*";
  readonly records: ReadonlyMap<string, number>;
  readonly storageBytes: number | null;
  readonly seats: number | null;
  readonly emailsPerMonth: number | null;
}

const add = (a: number | null, b: number | undefined): number | null => (b === undefined ? a : (a ?? 0) + b);

const union = (lists: readonly (readonly string[])[]): ReadonlySet<string> | "*" =>
  lists.some((l) => l.includes("*")) ? "*" : new Set(lists.flat());

/** The plan's entitlements: union of entities and capabilities, limits summed per key. */
export function composeEntitlements(plan: string, bundles: readonly Bundle[]): Entitlements {
  const records = new Map<string, number>();
  let storageBytes: number | null = null;
  let seats: number | null = null;
  let emailsPerMonth: number | null = null;
  for (const b of bundles) {
    for (const [entity, n] of Object.entries(b.limits.records ?? {}))
      records.set(entity, (records.get(entity) ?? 0) + n);
    storageBytes = add(storageBytes, b.limits.storageBytes);
    seats = add(seats, b.limits.seats);
    emailsPerMonth = add(emailsPerMonth, b.limits.emailsPerMonth);
  }
  return {
    plan,
    entities: union(bundles.map((b) => b.entities)),
    capabilities: union(bundles.map((b) => b.capabilities)),
    records,
    storageBytes,
    seats,
    emailsPerMonth,
  };
}

/** Does the plan include the entity (listed as `Name` or `template:Name`, or all entities)? */
export function includesEntity(e: Entitlements, templateId: string, name: string): boolean {
  return e.entities === "*" || e.entities.has(name) || e.entities.has(`${templateId}:${name}`);
}

export function includesCapability(e: Entitlements, capability: string): boolean {
  return e.capabilities === "*" || e.capabilities.has(capability);
}

/** The entity's record limit (`template:Name` wins over `Name`), or null: unlimited. */
export function recordLimit(e: Entitlements, templateId: string, name: string): number | null {
  return e.records.get(`${templateId}:${name}`) ?? e.records.get(name) ?? null;
}

/** As JSON (the platform API's answer). */
export function entitlementsJson(e: Entitlements) {
  return {
    plan: e.plan,
    entities: e.entities === "*" ? ["*"] : [...e.entities].sort(),
    capabilities: e.capabilities === "*" ? ["*"] : [...e.capabilities].sort(),
    limits: {
      records: Object.fromEntries([...e.records].sort(([a], [b]) => a.localeCompare(b))),
      storageBytes: e.storageBytes,
      seats: e.seats,
      emailsPerMonth: e.emailsPerMonth,
    },
  };
}
