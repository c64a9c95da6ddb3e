/**
 * How fast a run asked, from what its folder holds: the answered records (latency, time to first
 * token when streamed, `usage` tokens, the server that answered) and `dispatch.jsonl`, one line per
 * invocation that asked something (its wall time, its answers and tokens, and per server: answers,
 * attempts, failures by kind, benchings and the adaptive window). Pure, so re-running a finished
 * run (which asks nothing) writes the same results.json, and a merge of shards sums their sessions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { percentile } from '../clients/aimd.js';
import type { ServerSnapshot } from '../clients/serverPool.js';

/** One invocation that asked something: a line of dispatch.jsonl. */
export interface DispatchSession {
  started: string;
  wall_ms: number;
  answered: number;
  errored: number;
  prompt_tokens: number;
  completion_tokens: number;
  order: string;
  stream: boolean;
  /** Present when requests went through the server pool. */
  servers?: ServerSnapshot[];
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ServerEfficiency {
  url: string;
  /** Answers in the records that name this server. */
  requests: number;
  latency_ms: Percentiles;
  ttft_ms: Percentiles | null;
  prompt_tokens: number;
  completion_tokens: number;
  /** From dispatch.jsonl, summed over sessions (absent for a server no session names). */
  attempts?: number;
  failed?: ServerSnapshot['failed'];
  benched?: number;
  window?: ServerSnapshot['window'];
  /**
   * Why the server was out for the rest of the last session that named it (it refused the run:
   * `HTTP 401: …`), or null; absent for a server no session names.
   */
  retired?: string | null;
}

export interface Efficiency {
  /** Invocations that asked something. */
  sessions: number;
  /** Time spent asking, summed over sessions; null when no session was logged. */
  wall_s: number | null;
  /** Answered requests in the records. */
  requests: number;
  /** Answers per second of asking (sessions' answers / wall_s). */
  requests_per_s: number | null;
  /** Per request, from its first send to its answer (retries included). */
  latency_ms: Percentiles;
  /** Streaming only (`--stream`): from sending the answering attempt to its first token. */
  ttft_ms: Percentiles | null;
  prompt_tokens: number;
  completion_tokens: number;
  /** Completion tokens per second of asking (sessions' tokens / wall_s). */
  tokens_per_s: number | null;
  servers: ServerEfficiency[];
}

const pcts = (v: number[]): Percentiles =>
  v.length
    ? { p50: percentile(v, 0.5), p95: percentile(v, 0.95), p99: percentile(v, 0.99) }
    : { p50: null, p95: null, p99: null };

interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  prompt_tokens?: number;
  completion_tokens?: number;
}

export function usageTokens(usage: unknown): { prompt: number; completion: number } {
  const u = (usage ?? {}) as Usage;
  const n = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return { prompt: n(u.promptTokens ?? u.prompt_tokens), completion: n(u.completionTokens ?? u.completion_tokens) };
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** What the efficiency figures read of a stored record (tasks/record.ts StoredRecord has these fields). */
export interface TimedRecord {
  status: string;
  response: { latency_ms: number; usage: unknown; ttft_ms?: number; server?: string } | null;
}

export function efficiencyOf(records: readonly TimedRecord[], sessions: readonly DispatchSession[]): Efficiency {
  const answered = records.filter((r) => r.status === 'ok' && r.response);
  const lat = answered.map((r) => r.response!.latency_ms).filter((x) => typeof x === 'number');
  const ttft = answered.map((r) => r.response!.ttft_ms).filter((x): x is number => typeof x === 'number');
  let prompt = 0;
  let completion = 0;
  const byServer = new Map<string, TimedRecord[]>();
  for (const r of answered) {
    const t = usageTokens(r.response!.usage);
    prompt += t.prompt;
    completion += t.completion;
    const url = r.response!.server;
    if (url === undefined) continue;
    const list = byServer.get(url);
    if (list) list.push(r);
    else byServer.set(url, [r]);
  }
  const fromSessions = new Map<
    string,
    Required<Pick<ServerEfficiency, 'attempts' | 'failed' | 'benched' | 'window' | 'retired'>>
  >();
  for (const s of sessions)
    for (const v of s.servers ?? []) {
      const acc = fromSessions.get(v.url);
      if (!acc) {
        fromSessions.set(v.url, {
          attempts: v.attempts,
          failed: { ...v.failed },
          benched: v.benched,
          window: v.window,
          retired: v.retired ?? null,
        });
        continue;
      }
      acc.attempts += v.attempts;
      acc.benched += v.benched;
      for (const k of Object.keys(acc.failed) as (keyof ServerSnapshot['failed'])[]) acc.failed[k] += v.failed[k] ?? 0;
      acc.window = v.window;
      acc.retired = v.retired ?? null;
    }
  const urls = [...new Set([...fromSessions.keys(), ...byServer.keys()])];
  const servers = urls.map((url): ServerEfficiency => {
    const rs = byServer.get(url) ?? [];
    const t = rs.map((r) => usageTokens(r.response!.usage));
    const st = rs.map((r) => r.response!.ttft_ms).filter((x): x is number => typeof x === 'number');
    return {
      url,
      requests: rs.length,
      latency_ms: pcts(rs.map((r) => r.response!.latency_ms)),
      ttft_ms: st.length ? pcts(st) : null,
      prompt_tokens: t.reduce((n, x) => n + x.prompt, 0),
      completion_tokens: t.reduce((n, x) => n + x.completion, 0),
      ...fromSessions.get(url),
    };
  });
  const wallMs = sessions.reduce((n, s) => n + s.wall_ms, 0);
  const wall = sessions.length ? wallMs / 1000 : null;
  const sessAnswers = sessions.reduce((n, s) => n + s.answered, 0);
  const sessTokens = sessions.reduce((n, s) => n + s.completion_tokens, 0);
  return {
    sessions: sessions.length,
    wall_s: wall === null ? null : round(wall),
    requests: answered.length,
    requests_per_s: wall ? round(sessAnswers / wall) : null,
    latency_ms: pcts(lat),
    ttft_ms: ttft.length ? pcts(ttft) : null,
    prompt_tokens: prompt,
    completion_tokens: completion,
    tokens_per_s: wall ? round(sessTokens / wall) : null,
    servers,
  };
}

/** The sessions logged in a run folder's dispatch.jsonl (none when the file is absent); torn lines are skipped. */
export function readDispatchLog(path: string): DispatchSession[] {
  if (!existsSync(path)) return [];
  const out: DispatchSession[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as DispatchSession);
    } catch {
      /* a torn last line of a killed run */
    }
  }
  return out;
}
