import { useEffect, useMemo, useState } from "react";
import { findPeople } from "../../api/messaging-api.ts";
import type { Names } from "../../core/messaging.ts";

/**
 * The names of `userIds` from the people lookup (`GET /api/v1/user/messaging/people?ids=`),
 * fetched once per new set of ids; until it answers (or for users it does not name) the studio
 * shows a short form of their id.
 */
export function useNames(userIds: readonly string[]): Names {
  const key = useMemo(() => [...new Set(userIds)].sort().join(","), [userIds]);
  const [names, setNames] = useState<Names>(new Map());
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    const ids = key.split(",");
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
    Promise.all(chunks.map((chunk) => findPeople({ ids: chunk }, controller.signal)))
      .then((found) => setNames(new Map(found.flat().map((p) => [p.id, p.name]))))
      .catch(() => {});
    return () => controller.abort();
  }, [key]);
  return names;
}
