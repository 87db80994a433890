import { describe, expect, test } from "vitest";
import { combineWriteHooks, type EntityWriteHooks } from "../src/crud/index.ts";

type Target = Parameters<EntityWriteHooks["applies"]>[0];
const target = (name: string) => ({ view: { entity: { name } } }) as unknown as Target;

/** A hook that records what it was called with, applying to the entities named. */
function recorder(label: string, entities: string[], calls: string[]): EntityWriteHooks {
  return {
    applies: (t) => entities.includes(t.view.entity.name),
    prepare: async (t) => void calls.push(`${label}.prepare ${t.view.entity.name}`),
    before: async (_r, t) => {
      calls.push(`${label}.before ${t.view.entity.name}`);
      return `${label}-state`;
    },
    after: async (_r, t, _op, _row, _body, state) => {
      calls.push(`${label}.after ${t.view.entity.name} ${String(state)}`);
      return [async () => void calls.push(`${label}.later`)];
    },
  };
}

describe("combineWriteHooks", () => {
  test("no hooks is null, one hook is itself", () => {
    expect(combineWriteHooks([null, null])).toBeNull();
    const one = recorder("a", ["X"], []);
    expect(combineWriteHooks([null, one])).toBe(one);
  });

  test("each hook runs only where it applies, with its own state, in order", async () => {
    const calls: string[] = [];
    const both = combineWriteHooks([recorder("wf", ["X"], calls), recorder("media", ["X", "Y"], calls)])!;
    const request = {} as never;
    const session = {} as never;
    expect(both.applies(target("X"))).toBe(true);
    expect(both.applies(target("Y"))).toBe(true);
    expect(both.applies(target("Z"))).toBe(false);
    for (const name of ["X", "Y"]) {
      const t = target(name);
      await both.prepare!(t);
      const state = await both.before(request, t, "create", {}, null, session);
      const later = await both.after(request, t, "create", { id: "1" }, {}, state, session);
      for (const fn of later) await fn();
    }
    expect(calls).toEqual([
      "wf.prepare X",
      "media.prepare X",
      "wf.before X",
      "media.before X",
      "wf.after X wf-state",
      "media.after X media-state",
      "wf.later",
      "media.later",
      "media.prepare Y",
      "media.before Y",
      "media.after Y media-state",
      "media.later",
    ]);
  });
});
