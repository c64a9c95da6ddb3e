/** Backoff policy for model requests: exponential with jitter, honouring Retry-After. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** Longest wait a server's Retry-After may impose. */
  retryAfterMaxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseMs: 1000, maxMs: 30_000, retryAfterMaxMs: 120_000 };

/**
 * A refused connection (nothing listens on the port) or an unknown host is not a hiccup: retry it
 * at most this many times, quickly, instead of the full backoff budget.
 */
export const REFUSED_RETRIES = 2;
export const REFUSED_DELAY_MS = 250;
/** After this many requests in a row end refused, the server is down: the run stops. */
export const REFUSED_STREAK_FATAL = 3;

/** Transport failures that mean "no server there" rather than "server busy". */
export function isRefusal(code: string): boolean {
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH';
}

/** HTTP statuses worth another try: overload, rate limits, gateway hiccups. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** Delay before attempt `attempt` (1-based retry number): half fixed, half random ("equal jitter"). */
export function backoffMs(attempt: number, policy: RetryPolicy, rand: () => number = Math.random): number {
  const d = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return d / 2 + rand() * (d / 2);
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const date = Date.parse(t);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
