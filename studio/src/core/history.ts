/**
 * Undo/redo over any immutable state: past and future are the states themselves (cheap with
 * structural sharing). `coalesce` merges a burst of changes of one kind (a drag, typing in one
 * input) into a single undo step.
 */
export interface History<S> {
  past: S[];
  present: S;
  future: S[];
  /** Key of the last recorded change, for coalescing. */
  lastKey: string | null;
}

export const LIMIT = 100;

export const createHistory = <S>(present: S): History<S> => ({ past: [], present, future: [], lastKey: null });

export function record<S>(history: History<S>, next: S, coalesce: string | null = null): History<S> {
  if (next === history.present) return history;
  if (coalesce !== null && coalesce === history.lastKey) return { ...history, present: next, future: [] };
  return { past: [...history.past, history.present].slice(-LIMIT), present: next, future: [], lastKey: coalesce };
}

export function undo<S>(history: History<S>): History<S> {
  if (!history.past.length) return history;
  return {
    past: history.past.slice(0, -1),
    present: history.past[history.past.length - 1],
    future: [history.present, ...history.future],
    lastKey: null,
  };
}

export function redo<S>(history: History<S>): History<S> {
  if (!history.future.length) return history;
  return {
    past: [...history.past, history.present],
    present: history.future[0],
    future: history.future.slice(1),
    lastKey: null,
  };
}

/** Starts over from `present` (after loading or saving): nothing to undo. */
export const resetHistory = <S>(present: S): History<S> => createHistory(present);
