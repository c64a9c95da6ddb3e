/**
 * One model served by several OpenAI-compatible servers (or one), driven as a single client:
 * each request goes to the least-loaded server that has room in its adaptive window (see aimd.ts),
 * the server that last showed the same video first (its prefix cache holds the video's KV).
 *
 * A server that fails is benched and its requests go elsewhere: at once when nothing listens
 * (connection refused), after a few failures in a row otherwise (5xx, resets, timeouts: only while
 * another server is up; a lone server is retried with backoff as before). A benched server gets
 * one probe request when its bench ends (exponential backoff); an answer brings it back. The run
 * stops only when every server is down (refused on several probes in a row), with one clear error.
 * Retries follow the policy of the single client: `retries` after the first attempt, a short
 * budget for refused connections, Retry-After honoured (as a hold on that server).
 *
 * A server that refuses the run itself (401/403/404, or "model not found": see isServerRejection)
 * is out for the rest of the run: one line on the log names it and its error, its requests go to
 * the others, and the run stops with a FatalModelError only when no server is left. One server
 * alone stops the run at its first such answer, as the single client does.
 */
import { ModelError } from '../core/errors.js';
import { AimdController } from './aimd.js';
import {
  errorSummary,
  FATAL_STATUSES,
  FatalModelError,
  isServerRejection,
  OpenAIClient,
  PreflightError,
  type OpenAIClientOptions,
  type SendOutcome,
} from './openai.js';
import { backoffMs, DEFAULT_RETRY, REFUSED_DELAY_MS, REFUSED_RETRIES, sleep, type RetryPolicy } from './retry.js';
import type { ChatRequest, ChatResponse, ModelClient } from './types.js';

export interface ServerPoolOptions extends Omit<OpenAIClientOptions, 'baseUrl'> {
  /** One or more base URLs serving the same model, e.g. http://10.0.0.1:8000/v1. */
  baseUrls: readonly string[];
  /** Most requests in flight per server: the AIMD ceiling (or the fixed window with `adaptive: false`). */
  concurrency: number;
  /** Cut the window when the p95 latency of recent answers exceeds this (ms). */
  latencyTargetMs?: number;
  /** AIMD on overload and latency (default true); false = a fixed window of `concurrency`. */
  adaptive?: boolean;
  /** Where benching and recovery are reported (one line each); default silent. */
  log?: (line: string) => void;
}

/** Failed attempts in a row (5xx, transport, timeout) before a server is benched. */
export const FAIL_STREAK_BENCH = 3;
const BENCH_BASE_MS = 1000;
const BENCH_MAX_MS = 30_000;
const REFUSED_BENCH_MAX_MS = 2000;
/** Refused probes in a row after which a server counts as down. */
export const REFUSED_DOWN_PROBES = 5;

/** What one server did in this session, for results.json. */
export interface ServerSnapshot {
  url: string;
  answers: number;
  attempts: number;
  failed: { http_429: number; http_5xx: number; http_other: number; transport: number; timeouts: number };
  /** Times it was taken out of rotation. */
  benched: number;
  /** Down (refusing) when the session ended. */
  down: boolean;
  /** Why it was out for the rest of the session (e.g. `HTTP 401: Incorrect API key`), or null. */
  retired?: string | null;
  window: { ceiling: number; final: number; min: number; cuts_overload: number; cuts_latency: number };
}

interface Server {
  index: number;
  client: OpenAIClient;
  aimd: AimdController;
  inFlight: number;
  benched: boolean;
  benchedUntil: number;
  /** A probe request is out to this benched server. */
  probing: boolean;
  /** Consecutive refused probes, and when the last was seen. */
  refusals: number;
  lastRefusalAt: number;
  lastRefusal: string;
  failStreak: number;
  /** Benches in a row (for the backoff); an answer resets it. */
  benches: number;
  down: boolean;
  /** Out for the rest of the run: the answer that said so (see isServerRejection). */
  retired: string | null;
  /** The full error for a one-server run's FatalModelError. */
  retiredError: string;
  stats: Omit<ServerSnapshot, 'url' | 'down' | 'retired' | 'window'>;
}

export class ServerPool implements ModelClient {
  readonly name: string;
  /** The first server's endpoint (what a one-server manifest has always said). */
  readonly endpoint: string;
  readonly urls: readonly string[];
  private readonly servers: Server[];
  private readonly policy: RetryPolicy;
  private readonly adaptive: boolean;
  private readonly log: (line: string) => void;
  private waiters = new Set<() => void>();
  /** Which server last took a request with a given affinity (video). */
  private readonly affinity = new Map<string, number>();
  private checked: Promise<void> | null = null;
  private turn = 0;

  constructor(private readonly opts: ServerPoolOptions) {
    if (opts.baseUrls.length === 0) throw new RangeError('ServerPool needs at least one base URL');
    this.name = opts.model;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.adaptive = opts.adaptive ?? true;
    this.log = opts.log ?? (() => {});
    this.servers = opts.baseUrls.map((baseUrl, index) => ({
      index,
      client: new OpenAIClient({ ...opts, baseUrl }),
      aimd: new AimdController({ ceiling: opts.concurrency, latencyTargetMs: opts.latencyTargetMs }),
      inFlight: 0,
      benched: false,
      benchedUntil: Number.NEGATIVE_INFINITY,
      probing: false,
      refusals: 0,
      lastRefusalAt: Number.NEGATIVE_INFINITY,
      lastRefusal: '',
      failStreak: 0,
      benches: 0,
      down: false,
      retired: null,
      retiredError: '',
      stats: {
        answers: 0,
        attempts: 0,
        benched: 0,
        failed: { http_429: 0, http_5xx: 0, http_other: 0, transport: 0, timeouts: 0 },
      },
    }));
    this.urls = this.servers.map((s) => s.client.baseUrl);
    this.endpoint = this.servers[0]!.client.endpoint;
  }

  /** Requests that may usefully be in flight at once: every server's ceiling. */
  get capacity(): number {
    return this.opts.concurrency * this.servers.length;
  }

  /** The progress line's view: the window in use and, with several servers, how many are up. */
  describe(): string {
    const win = this.servers.reduce((n, s) => n + (s.benched || s.retired ? 0 : s.aimd.window), 0);
    const up = this.servers.filter((s) => !s.benched && !s.retired).length;
    const w = `window ${win}/${this.capacity}`;
    return this.servers.length === 1 ? w : `servers ${up}/${this.servers.length} up, ${w}`;
  }

  snapshot(): ServerSnapshot[] {
    return this.servers.map((s) => ({
      url: s.client.baseUrl,
      ...s.stats,
      failed: { ...s.stats.failed },
      down: s.down,
      retired: s.retired,
      window: {
        ceiling: s.aimd.ceiling,
        final: s.aimd.window,
        min: s.aimd.minWindow,
        cuts_overload: s.aimd.decreases.overload,
        cuts_latency: s.aimd.decreases.latency,
      },
    }));
  }

  /**
   * Check every server before the run. One server: its check's error, as always. Several: the run
   * starts when at least one answers; the others are benched (and probed later) with a warning.
   */
  preflight(): Promise<void> {
    this.checked ??= this.check();
    return this.checked;
  }

  private async check(): Promise<void> {
    const results = await Promise.allSettled(this.servers.map((s) => s.client.preflight()));
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [[this.servers[i]!, r.reason] as const] : []));
    if (failed.length === this.servers.length) {
      if (this.servers.length === 1) throw failed[0]![1];
      throw new PreflightError(
        `none of the ${this.servers.length} servers answers:\n` +
          `${failed.map(([, e]) => `  ${(e as Error).message}`).join('\n')}`,
      );
    }
    const now = performance.now();
    for (const [s, e] of failed) {
      const status = e instanceof PreflightError ? e.status : null;
      if (status !== null && FATAL_STATUSES.has(status)) {
        // Key refused or no such endpoint: asking again later would get the same answer.
        this.retire(s, `HTTP ${status} on the check before the run`, (e as Error).message);
        continue;
      }
      this.log(`warning: ${s.client.baseUrl} is left out for now (${(e as Error).message}); it is probed again later`);
      this.bench(s, now, BENCH_MAX_MS / 6, 'failed the check before the run');
    }
  }

  async complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const body = this.servers[0]!.client.body(req);
    // Latency counts from the first send: time queued for a window slot is not the server's.
    let started: number | null = null;
    let attempts = 0;
    let refusedAlone = 0;
    let lastError = 'no attempt made';
    let lastStatus: number | null = null;
    let avoid: Server | null = null;
    for (;;) {
      const s = await this.acquire(req.affinity, avoid, signal);
      attempts++;
      const sentAt = performance.now();
      started ??= sentAt;
      let out: SendOutcome;
      try {
        out = await s.client.send(body, signal);
      } finally {
        s.inFlight--;
      }
      const now = performance.now();
      s.stats.attempts++;
      if (out.ok) {
        this.onAnswer(s, sentAt, out.latencyMs, now);
        this.notify();
        return {
          ...out.value,
          attempts,
          latencyMs: Math.round(now - (started ?? sentAt)),
          server: s.client.baseUrl,
          ...(out.ttftMs !== null ? { ttftMs: out.ttftMs } : {}),
        };
      }
      lastError = out.error;
      lastStatus = out.status;
      if (out.status !== null && isServerRejection(out.status, out.error)) {
        // This server refuses the run, not the item: out for good; the request goes to another.
        s.stats.failed.http_other++;
        this.retire(
          s,
          `HTTP ${out.status}: ${errorSummary(out.error)}`,
          `${s.client.endpoint}: HTTP ${out.status}: ${out.error}${s.client.hint(out.status)}`,
        );
        this.notify();
        if (this.allGone()) throw this.goneError(attempts, out.status);
        continue;
      }
      const kind = this.onFailure(s, sentAt, out, now);
      this.notify();
      if (kind === 'refused' && this.allGone()) throw this.goneError(attempts, null);
      if (!out.retryable) break;
      avoid = s;
      if (kind === 'refused') {
        // Another server takes it at once; alone, the short refused budget of the single client.
        if (!this.otherUsable(s) && ++refusedAlone > REFUSED_RETRIES) break;
        continue;
      }
      if (attempts > this.policy.retries) break;
      if (!this.otherUsable(s)) {
        const hold = this.adaptive && out.status === 429 && out.retryAfterMs !== null; // the hold waits
        const wait =
          out.retryAfterMs !== null
            ? Math.min(out.retryAfterMs, this.policy.retryAfterMaxMs)
            : backoffMs(attempts, this.policy);
        if (!hold) await sleep(wait, signal);
      }
    }
    throw new ModelError(
      `${lastStatus === null ? '' : `HTTP ${lastStatus}: `}${lastError} (after ${attempts} attempt` +
        `${attempts > 1 ? 's' : ''})`,
      lastStatus,
      attempts,
    );
  }

  /** Wait for a server with room; throws when every server is down or `signal` aborts. */
  private async acquire(affinity: string | undefined, avoid: Server | null, signal?: AbortSignal): Promise<Server> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (this.allGone()) throw this.goneError(0, null);
      const now = performance.now();
      const s = this.pick(now, affinity, avoid);
      if (s) {
        s.inFlight++;
        if (s.benched) s.probing = true;
        if (affinity !== undefined) this.affinity.set(affinity, s.index);
        return s;
      }
      await this.wait(this.nextDeadline(now), signal);
    }
  }

  private pick(now: number, affinity: string | undefined, avoid: Server | null): Server | null {
    // A benched server whose time is up gets one probe before anything else: that is how it comes back.
    const probe = this.servers.find(
      (s) => s.benched && !s.retired && !s.probing && now >= s.benchedUntil && s !== avoid,
    );
    if (probe) return probe;
    const open = this.servers.filter((s) => !s.benched && !s.retired && this.room(s, now));
    const choices = open.length > 1 && avoid ? open.filter((s) => s !== avoid) : open;
    if (choices.length === 0)
      return avoid?.benched && !avoid.retired && !avoid.probing && now >= avoid.benchedUntil ? avoid : null;
    const preferred = affinity === undefined ? undefined : this.affinity.get(affinity);
    const sticky = choices.find((s) => s.index === preferred);
    if (sticky) return sticky;
    // Least loaded (share of its window in use); ties go round-robin so light load still spreads.
    const start = this.turn++ % choices.length;
    let best = choices[start]!;
    for (let k = 1; k < choices.length; k++) {
      const s = choices[(start + k) % choices.length]!;
      const a = s.inFlight / s.aimd.window;
      const b = best.inFlight / best.aimd.window;
      if (a < b || (a === b && s.inFlight < best.inFlight)) best = s;
    }
    return best;
  }

  private room(s: Server, now: number): boolean {
    return this.adaptive ? s.aimd.canSend(s.inFlight, now) : s.inFlight < this.opts.concurrency;
  }

  /** Whether a server other than `s` can take work now or soon (not benched, not out). */
  private otherUsable(s: Server): boolean {
    return this.servers.some((o) => o !== s && !o.benched && !o.retired);
  }

  /** No server left to ask: each is down (refusing connections) or out for the run. */
  private allGone(): boolean {
    return this.servers.every((s) => s.down || s.retired !== null);
  }

  /** Take `s` out for the rest of the run (once), saying so on the log when others remain. */
  private retire(s: Server, why: string, full: string): void {
    if (s.retired !== null) return;
    s.retired = why;
    s.retiredError = full;
    s.benched = false;
    s.probing = false;
    if (this.servers.length === 1) return;
    const left = this.servers.filter((o) => o.retired === null && !o.down).length;
    this.log(
      `error: ${s.client.baseUrl} is out for the rest of the run: ${why}` +
        (left > 0
          ? `; its requests go to the ${left === 1 ? 'other server' : `${left} other servers`}`
          : '; no server is left'),
    );
  }

  private goneError(attempts: number, status: number | null): FatalModelError {
    const retired = this.servers.filter((s) => s.retired !== null);
    if (retired.length === 0) return this.downError(attempts);
    if (this.servers.length === 1) return new FatalModelError(retired[0]!.retiredError, status, attempts);
    const why = (s: Server): string => s.retired ?? `down (${s.lastRefusal} on ${REFUSED_DOWN_PROBES}+ tries in a row)`;
    return new FatalModelError(
      `no server is left to ask: all ${this.servers.length} are out of the run:\n` +
        `${this.servers.map((s) => `  ${s.client.baseUrl}: ${why(s)}`).join('\n')}`,
      status,
      attempts,
    );
  }

  private downError(attempts: number): FatalModelError {
    if (this.servers.length === 1) {
      const s = this.servers[0]!;
      return new FatalModelError(
        `${s.client.endpoint}: ${s.lastRefusal} on ${s.refusals} tries in a row: the server is down or not ` +
          `at this address`,
        null,
        attempts,
      );
    }
    return new FatalModelError(
      `all ${this.servers.length} servers are down (${this.servers[0]!.lastRefusal} on ${REFUSED_DOWN_PROBES}+ ` +
        `tries in a row each): ${this.urls.join(', ')}`,
      null,
      attempts,
    );
  }

  private onAnswer(s: Server, sentAt: number, latencyMs: number, now: number): void {
    s.stats.answers++;
    // An answer to a request sent before the server was taken out: counted, but it stays out.
    if (s.retired !== null) return;
    if (s.benched || s.down) this.log(`${s.client.baseUrl} answers again: back in rotation`);
    s.benched = false;
    s.probing = false;
    s.down = false;
    s.refusals = 0;
    s.failStreak = 0;
    s.benches = 0;
    if (this.adaptive) s.aimd.onSuccess(sentAt, latencyMs, now);
  }

  private onFailure(
    s: Server,
    sentAt: number,
    out: SendOutcome & { ok: false },
    now: number,
  ): 'refused' | 'overload' | 'fault' {
    const f = s.stats.failed;
    if (out.refused) {
      f.transport++;
      // Only a try sent after the last refusal counts: requests already in flight say nothing new.
      if (sentAt >= s.lastRefusalAt) {
        s.refusals++;
        s.lastRefusalAt = now;
      }
      s.lastRefusal = out.error;
      if (s.refusals >= REFUSED_DOWN_PROBES && !s.down) {
        s.down = true;
        if (this.servers.length > 1) this.log(`${s.client.baseUrl} is down (${out.error})`);
      }
      this.bench(
        s,
        now,
        Math.min(REFUSED_DELAY_MS * 2 ** Math.max(0, s.refusals - 1), REFUSED_BENCH_MAX_MS),
        out.error,
      );
      return 'refused';
    }
    if (s.benched && s.probing && out.status === null) {
      // The probe failed without an answer: back on the bench, for longer.
      s.benches++;
      this.bench(s, now, Math.min(BENCH_BASE_MS * 2 ** (s.benches - 1), BENCH_MAX_MS), out.error);
      if (out.timedOut) f.timeouts++;
      else f.transport++;
      return 'fault';
    }
    if (out.status !== null) {
      // It answered: alive, whatever it said.
      s.refusals = 0;
      s.down = false;
      if (s.benched && s.probing) {
        s.benched = false;
        s.probing = false;
      }
    }
    const overload = out.status === 429 || (out.status !== null && out.status >= 500);
    if (out.status === 429) f.http_429++;
    else if (out.status !== null && out.status >= 500) f.http_5xx++;
    else if (out.status === null && out.timedOut) f.timeouts++;
    else if (out.status === null) f.transport++;
    else f.http_other++;
    if (overload && this.adaptive) {
      const ra = out.retryAfterMs === null ? null : Math.min(out.retryAfterMs, this.policy.retryAfterMaxMs);
      s.aimd.onOverload(sentAt, now, ra);
    }
    if (out.status === 429) return 'overload';
    if (++s.failStreak >= FAIL_STREAK_BENCH && this.otherUsable(s)) {
      s.benches++;
      s.failStreak = 0;
      this.bench(s, now, Math.min(BENCH_BASE_MS * 2 ** (s.benches - 1), BENCH_MAX_MS), out.error);
    }
    return overload ? 'overload' : 'fault';
  }

  private bench(s: Server, now: number, ms: number, why: string): void {
    if (s.retired !== null) return; // out for good: no bench to end, no probe
    if (!s.benched) {
      s.stats.benched++;
      if (this.servers.length > 1) this.log(`${s.client.baseUrl} benched for ${(ms / 1000).toFixed(1)} s: ${why}`);
    }
    s.benched = true;
    s.probing = false;
    s.benchedUntil = now + ms;
  }

  /** The next time something changes without an answer arriving: a bench or a Retry-After hold ending. */
  private nextDeadline(now: number): number {
    let t = Number.POSITIVE_INFINITY;
    for (const s of this.servers) {
      if (s.retired !== null) continue;
      if (s.benched && !s.probing && s.benchedUntil > now) t = Math.min(t, s.benchedUntil);
      const held = s.aimd.heldUntil();
      if (this.adaptive && held > now) t = Math.min(t, held);
    }
    return t;
  }

  /**
   * Something changed (a slot freed, a server benched or out): wake as many waiting requests as
   * there are slots to take, not all of them (with spare lanes waiting, each answer would
   * otherwise wake every one of them to find a single slot); every one when no server is left,
   * so each throws.
   */
  private notify(): void {
    if (this.waiters.size === 0) return;
    const n = this.allGone() ? this.waiters.size : this.freeSlots(performance.now());
    if (n <= 0) return;
    for (const f of [...this.waiters].slice(0, n)) f();
  }

  /** Requests that could be sent now: room in open windows, plus a probe per benched server due one. */
  private freeSlots(now: number): number {
    let n = 0;
    for (const s of this.servers) {
      if (s.retired !== null) continue;
      if (s.benched) {
        if (!s.probing && now >= s.benchedUntil) n++;
        continue;
      }
      if (this.adaptive && now < s.aimd.heldUntil()) continue;
      n += Math.max(0, (this.adaptive ? s.aimd.window : this.opts.concurrency) - s.inFlight);
    }
    return n;
  }

  private wait(until: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(done);
        resolve();
      };
      const onAbort = (): void => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(done);
        reject(signal?.reason);
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(until)) timer = setTimeout(done, Math.max(1, Math.ceil(until - performance.now())));
    });
  }
}
