/**
 * Adaptive concurrency for one server: additive increase, multiplicative decrease (AIMD), the
 * rule TCP uses for its congestion window. The window starts at the ceiling (`--concurrency`),
 * so a server that never pushes back is driven exactly as with a fixed concurrency. It halves on
 * overload (HTTP 429 / 5xx) and when the p95 latency of recent answers exceeds a target; it
 * grows by one per window's worth of answers otherwise, never above the ceiling nor below the
 * floor. A Retry-After holds the server: nothing new is sent to it until the time has passed.
 *
 * Pure: time comes in as arguments, so every rule is a unit test without clocks or sockets.
 * Signals from requests sent before the last decrease are ignored (they describe the old window),
 * so a burst of 429s from one window halves it once, not once per reply.
 */
export interface AimdOptions {
  /** Most requests in flight (`--concurrency`). */
  ceiling: number;
  /** Fewest (default 1). */
  floor?: number;
  /** Start here (default the ceiling). */
  initial?: number;
  /** Multiplier on a decrease (default 0.5). */
  decrease?: number;
  /** p95 latency above this (ms) is overload too; undefined = latency is not a signal. */
  latencyTargetMs?: number;
  /** Answers the p95 is taken over (default 20). */
  sampleSize?: number;
}

export type AimdReason = 'overload' | 'latency';

export class AimdController {
  readonly ceiling: number;
  readonly floor: number;
  private limit: number;
  private readonly decreaseBy: number;
  private readonly target: number | undefined;
  private readonly sampleSize: number;
  private samples: number[] = [];
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private holdUntil = Number.NEGATIVE_INFINITY;
  /** How often the window was cut, by cause; and its smallest value so far. */
  readonly decreases: Record<AimdReason, number> = { overload: 0, latency: 0 };
  private lowest: number;

  constructor(o: AimdOptions) {
    if (!(o.ceiling >= 1)) throw new RangeError(`concurrency ceiling must be ≥ 1, got ${o.ceiling}`);
    this.ceiling = Math.floor(o.ceiling);
    this.floor = Math.max(1, Math.min(this.ceiling, Math.floor(o.floor ?? 1)));
    this.limit = Math.max(this.floor, Math.min(this.ceiling, o.initial ?? this.ceiling));
    this.decreaseBy = o.decrease ?? 0.5;
    this.target = o.latencyTargetMs;
    this.sampleSize = Math.max(1, o.sampleSize ?? 20);
    this.lowest = this.window;
  }

  /** Requests that may be in flight now. */
  get window(): number {
    return Math.max(this.floor, Math.floor(this.limit));
  }

  get minWindow(): number {
    return this.lowest;
  }

  /** Whether one more request may go out with `inFlight` already out, at time `now`. */
  canSend(inFlight: number, now: number): boolean {
    return now >= this.holdUntil && inFlight < this.window;
  }

  /** When a Retry-After hold ends (−∞ when none). */
  heldUntil(): number {
    return this.holdUntil;
  }

  /** An answer to a request sent at `sentAt`, after `latencyMs`. */
  onSuccess(sentAt: number, latencyMs: number, now: number): void {
    if (sentAt < this.lastDecreaseAt) return;
    if (this.target !== undefined) {
      this.samples.push(latencyMs);
      if (this.samples.length > this.sampleSize) this.samples.shift();
      if (this.samples.length >= this.sampleSize && percentile(this.samples, 0.95) > this.target) {
        this.cut('latency', now);
        return;
      }
    }
    // +1 per window of answers: each answer adds 1/window.
    this.limit = Math.min(this.ceiling, this.limit + 1 / this.window);
  }

  /**
   * The server pushed back (429, 5xx) on a request sent at `sentAt`. A Retry-After (ms) holds the
   * server until then, even when the window was already cut for this burst.
   */
  onOverload(sentAt: number, now: number, retryAfterMs: number | null = null): void {
    if (retryAfterMs !== null && retryAfterMs > 0) this.holdUntil = Math.max(this.holdUntil, now + retryAfterMs);
    if (sentAt < this.lastDecreaseAt) return;
    this.cut('overload', now);
  }

  private cut(reason: AimdReason, now: number): void {
    this.limit = Math.max(this.floor, Math.floor(this.window * this.decreaseBy));
    this.lastDecreaseAt = now;
    this.samples = [];
    this.decreases[reason]++;
    this.lowest = Math.min(this.lowest, this.window);
  }
}

/** Nearest-rank percentile (q in 0–1) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}
