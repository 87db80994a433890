import type { TenantBranding } from "../../../engine/src/contract/branding.ts";
import { requestJson } from "./http.ts";

const BRANDING = "/api/v1/tenant/branding";

/** The tenant's branding with defaults filled (runtime/src/branding; tenant admins). */
export const getBranding = (signal?: AbortSignal) => requestJson<TenantBranding>(BRANDING, { signal });

/** Changes any subset of the branding's keys; the answer is the whole branding. */
export const putBranding = (change: Partial<TenantBranding>) =>
  requestJson<TenantBranding>(BRANDING, { method: "PUT", body: change });
