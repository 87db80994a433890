import type { EntityWriteHooks } from "./entity-routes.ts";

/**
 * Several capabilities taking part in entity writes (workflows, media) as one set of hooks:
 * each runs only where it applies, in the order given, in the write's transaction.
 */
export function combineWriteHooks(list: readonly (EntityWriteHooks | null)[]): EntityWriteHooks | null {
  const all = list.filter((h): h is EntityWriteHooks => h !== null);
  if (all.length <= 1) return all[0] ?? null;
  return {
    applies: (t) => all.some((h) => h.applies(t)),
    async prepare(t) {
      for (const h of all) if (h.applies(t)) await h.prepare?.(t);
    },
    async before(request, t, op, body, id, session) {
      const states: unknown[] = [];
      for (const h of all) states.push(h.applies(t) ? await h.before(request, t, op, body, id, session) : null);
      return states;
    },
    async bulk(request, t, creates, session) {
      for (const h of all) if (h.applies(t)) await h.bulk?.(request, t, creates, session);
    },
    async after(request, t, op, row, body, state, session) {
      const later: (() => Promise<void>)[] = [];
      const states = state as unknown[];
      for (const [i, h] of all.entries())
        if (h.applies(t)) later.push(...(await h.after(request, t, op, row, body, states[i], session)));
      return later;
    },
  };
}
