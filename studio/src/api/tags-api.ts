import { requestJson } from "./http.ts";

/** A tag as the tags API answers it (runtime/src/tags/tag-routes.ts). */
export interface Tag {
  id: string;
  slug: string;
  name: string;
  category: string | null;
  parentId: string | null;
  usage?: number;
}

const TAGS = "/api/v1/tenant/tags";
const q = (value: string) => encodeURIComponent(value);

/** The vocabulary; `prefix` for autocomplete, `counts` for usage. */
export const listTags = (options: { prefix?: string; counts?: boolean; limit?: number } = {}, signal?: AbortSignal) =>
  requestJson<{ data: Tag[] }>(
    `${TAGS}?limit=${options.limit ?? 1000}${options.prefix ? `&q=${q(options.prefix)}` : ""}${options.counts ? "&counts=true" : ""}`,
    { signal },
  ).then((r) => r.data);

export const createTag = (body: { slug: string; name: string; parentId?: string | null; category?: string | null }) =>
  requestJson<Tag>(TAGS, { method: "POST", body });

export const updateTag = (id: string, body: Partial<Pick<Tag, "slug" | "name" | "category" | "parentId">>) =>
  requestJson<Tag>(`${TAGS}/${q(id)}`, { method: "PATCH", body });

export const mergeTag = (id: string, into: string) =>
  requestJson<Tag>(`${TAGS}/${q(id)}/merge`, { method: "POST", body: { into } });

export const deleteTag = (id: string) => requestJson<void>(`${TAGS}/${q(id)}`, { method: "DELETE" });

/** `entity`: `templateId:apiName`. */
export const recordTags = (entity: string, recordId: string, signal?: AbortSignal) =>
  requestJson<{ data: { recordId: string; tags: Tag[] }[] }>(
    `${TAGS}/links?entity=${q(entity)}&recordIds=${q(recordId)}`,
    { signal },
  ).then((r) => r.data[0]?.tags ?? []);

export const changeRecordTags = (entity: string, recordIds: string[], change: { add?: string[]; remove?: string[] }) =>
  requestJson<{ added: number; removed: number }>(`${TAGS}/links`, {
    method: "POST",
    body: { entity, recordIds, ...change },
  });

export const suggestTags = (entity: string, recordId: string, signal?: AbortSignal) =>
  requestJson<{ data: { tag: Tag; count: number }[] }>(
    `${TAGS}/suggestions?entity=${q(entity)}&recordId=${q(recordId)}&limit=5`,
    { signal },
  ).then((r) => r.data.map((d) => d.tag));

const FAV = "/api/v1/user/favourites";

/** Which of these records the signed-in user has favourited. */
export const favourited = (entity: string, recordIds: string[], signal?: AbortSignal) =>
  requestJson<{ favourited: string[] }>(`${FAV}?entity=${q(entity)}&recordIds=${recordIds.map(q).join(",")}`, {
    signal,
  }).then((r) => r.favourited);

export const setFavourite = (entity: string, recordId: string, on: boolean) =>
  requestJson<unknown>(`${FAV}/${q(entity)}/${q(recordId)}`, { method: on ? "PUT" : "DELETE" });
