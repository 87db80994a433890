/**
 * What the database-backed queues (emails, workflow steps) share: their rows are the queue, so a
 * dispatch only wakes this process's workers (others poll), and a failed try waits
 * `backoffMs · 2^(n-1)` before the next.
 */

/** `attempts` tries, `backoffMs · 2^(n-1)` apart. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

export const backoffAfter = (attempt: number, policy: RetryPolicy): number =>
  policy.backoffMs * 2 ** Math.max(0, attempt - 1);

/** The embedded default's dispatch: workers poll their table; a dispatch wakes the ones in this process. */
export class InProcessWake {
  readonly kind = "database";
  private readonly listeners = new Set<() => void>();
  onDispatch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async dispatch(): Promise<void> {
    for (const wake of this.listeners) wake();
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}
