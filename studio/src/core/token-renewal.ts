/**
 * Renewing an expired access token, shared by everyone who needs it: the runtime rotates the
 * refresh token on every use and treats a second use of the old one as theft (the whole login
 * is revoked), so two requests failing with 401 at once must wait for ONE refresh.
 */
export interface TokenRenewalDeps {
  /** The access token requests are sent with now (null: signed out). */
  current(): string | null;
  /** Calls the refresh endpoint: the new access token, or null when the session is over. */
  refresh(): Promise<string | null>;
}

/**
 * `renew(stale)` after a request sent with `stale` came back 401:
 * - another caller already renewed (the current token differs): that token, no refresh;
 * - a refresh is in flight: its result;
 * - otherwise: starts one refresh, which every caller until it settles shares.
 * A rejected refresh (network) rejects every waiting caller; the next call may try again.
 */
export function createTokenRenewal(deps: TokenRenewalDeps): (stale: string) => Promise<string | null> {
  let inflight: Promise<string | null> | null = null;
  return (stale) => {
    const now = deps.current();
    if (now && now !== stale) return Promise.resolve(now);
    if (!inflight) {
      const started = deps.refresh();
      inflight = started;
      const settle = () => {
        if (inflight === started) inflight = null;
      };
      started.then(settle, settle);
    }
    return inflight;
  };
}
