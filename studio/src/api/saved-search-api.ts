import type { SavedQuery } from "../core/saved-search.ts";
import { requestJson } from "./http.ts";

export type Alert = "none" | "instant" | "digest";

/** A saved search as the API answers it (runtime/src/saved-searches/saved-search-routes.ts). */
export interface SavedSearch {
  id: string;
  ownerId: string;
  name: string;
  templateId: string;
  entity: string;
  query: SavedQuery;
  visibility: "private" | "account";
  accountId: string | null;
  alert: Alert;
  createdAt: string;
  updatedAt: string;
}

const S = "/api/v1/user/saved-searches";
const q = (value: string) => encodeURIComponent(value);

export const listSavedSearches = (scope: "mine" | "shared", signal?: AbortSignal) =>
  requestJson<{ data: SavedSearch[] }>(`${S}?scope=${scope}`, { signal }).then((r) => r.data);

/** `entity`: `templateId:apiName`. */
export const createSavedSearch = (body: {
  name: string;
  entity: string;
  query: SavedQuery;
  visibility?: "private" | "account";
  alert?: Alert;
}) => requestJson<SavedSearch>(S, { method: "POST", body });

export const setAlert = (id: string, alert: Alert) =>
  requestJson<{ alert: Alert }>(`${S}/${q(id)}/subscription`, { method: "PUT", body: { alert } });

export const shareSavedSearch = (id: string, visibility: "private" | "account") =>
  requestJson<SavedSearch>(`${S}/${q(id)}`, { method: "PATCH", body: { visibility } });

export const deleteSavedSearch = (id: string) => requestJson<void>(`${S}/${q(id)}`, { method: "DELETE" });
