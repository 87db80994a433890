import { create } from "zustand";
import { applyListChange, type ListChange, type ListState } from "../core/list-state.ts";

interface ListStore {
  /** List state per entity (`template/apiName`), kept while navigating between pages. */
  lists: Record<string, ListState>;
  ensure(key: string, init: () => ListState): ListState;
  dispatch(key: string, change: ListChange): void;
}

export const useListStore = create<ListStore>((set, get) => ({
  lists: {},
  ensure(key, init) {
    const existing = get().lists[key];
    if (existing) return existing;
    const state = init();
    set((s) => ({ lists: { ...s.lists, [key]: state } }));
    return state;
  },
  dispatch(key, change) {
    set((s) => {
      const current = s.lists[key];
      if (!current) return s;
      const next = applyListChange(current, change);
      return next === current ? s : { lists: { ...s.lists, [key]: next } };
    });
  },
}));
