/**
 * The Video-R1 reward service: the rewards of ./index.ts over HTTP (node:http, JSON in and out).
 *
 *   GET  /health       liveness
 *   POST /get_reward   OpenRLHF's remote reward model protocol (openrlhf/cli/serve_rm.py)
 *   POST /score        verl's custom reward function arguments, one item or {items: [...]}
 *   POST /temporal     a T-GRPO group (or {groups: [...]}): accuracy, format, temporal and length bonuses, advantages
 *
 * The scoring functions below are pure; the HTTP layer around them only reads bodies (with a size
 * limit), authenticates, validates (./requests.ts) and writes JSON. Scoring is synchronous CPU
 * work, so one process serves one request at a time; a 64-response batch takes about a
 * millisecond (docs/reward-service.md has the numbers).
 */
import { bearerToken, keyDigest as digestOf, tokenMatches } from '../core/apiKey.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from '../version.js';
import { groupAdvantages, groupRewards, scoreResponse, type ResponseRewards } from './index.js';
import { scoreWithRewards, type Reward } from './registry.js';
import {
  validateGetReward,
  validateScore,
  validateTemporalRequests,
  type GetRewardRequest,
  type Label,
  type RequestError,
  type ScoreItem,
  type TemporalRequest,
  type Validation,
} from './requests.js';

/**
 * End-of-sequence tokens stripped from the end of an OpenRLHF query. OpenRLHF decodes the
 * prompt+response tokens with `skip_special_tokens=False` (openrlhf/utils/agent.py), so the
 * query ends with the stop token, while Video-R1 scores text decoded with
 * `skip_special_tokens=True`: left in place, `<|im_end|>` would fail every format check.
 */
export const DEFAULT_EOS_TOKENS: readonly string[] = [
  '<|im_end|>', // Qwen2/2.5/3(-VL)
  '<|endoftext|>', // Qwen, GPT-2 family
  '<|eot_id|>', // Llama 3
  '<|end_of_text|>', // Llama 3 base
  '</s>', // Llama 2, Mistral
  '<end_of_turn>', // Gemma
  '<eos>', // Gemma
  '<|end|>', // Phi-3
];

export interface ScoringOptions {
  /** Weight of the format reward in the total: 1 as in Video-R1, 0 to score accuracy only. */
  formatWeight: number;
  /** Stripped (repeatedly) from the end of a `/get_reward` response. */
  eosTokens: readonly string[];
  /**
   * Rewards from the registry (src/rewards/registry.ts) with their weights; when set they replace
   * Video-R1's accuracy + formatWeight · format. The trainer takes the same list.
   */
  rewards?: readonly Reward[];
}

export const DEFAULT_SCORING: ScoringOptions = { formatWeight: 1, eosTokens: DEFAULT_EOS_TOKENS };

// ---------------------------------------------------------------------------------------------
// Pure scoring
// ---------------------------------------------------------------------------------------------

/** Shortest prompt tail trusted as an anchor: a shorter one (e.g. "\n") could match anywhere. */
const MIN_ANCHOR = 16;

/**
 * The end of the longest suffix of `prompt` that occurs in `query`, or -1 when none of at least
 * MIN_ANCHOR characters does. Occurrence is monotone in the suffix length (a suffix of an
 * occurring string occurs), so a binary search needs O(log n) scans.
 */
function endOfPromptTail(query: string, prompt: string): number {
  let lo = MIN_ANCHOR;
  let hi = prompt.length;
  let best = -1;
  while (lo <= hi) {
    const len = (lo + hi) >> 1;
    const at = query.indexOf(prompt.slice(prompt.length - len));
    if (at >= 0) {
      best = at + len;
      lo = len + 1;
    } else hi = len - 1;
  }
  return best;
}

/**
 * The response inside an OpenRLHF query (the decoded prompt+response tokens), without trailing
 * EOS tokens. The query normally starts with the prompt. When it does not (a VLM processor
 * expands each image/video placeholder into many pad tokens, a truncated prompt loses its head),
 * the prompt's tail, which ends with the chat template's assistant header, still precedes the
 * response: the response starts after the longest suffix of the prompt found in the query. Only
 * without any such anchor is the whole query scored.
 */
export function responseText(query: string, prompt: string, eosTokens: readonly string[]): string {
  let start = 0;
  if (prompt !== '' && query.startsWith(prompt)) start = prompt.length;
  else if (prompt.length >= MIN_ANCHOR) start = Math.max(0, endOfPromptTail(query, prompt));
  let end = query.length;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const eos of eosTokens) {
      if (eos !== '' && end - eos.length >= start && query.startsWith(eos, end - eos.length)) {
        end -= eos.length;
        stripped = true;
      }
    }
  }
  return query.slice(start, end);
}

export interface ItemScore {
  /** accuracy + formatWeight · format */
  score: number;
  accuracy: number;
  format: number;
  /** The extracted answer ("" without an `<answer>` pair). */
  answer: string;
}

export function scoreItem(response: string, label: Label, opts: ScoringOptions): ItemScore {
  const { accuracy, format, answer } = scoreResponse({
    response,
    solution: label.solution,
    problemType: label.problemType,
  });
  if (!opts.rewards) return { score: accuracy + opts.formatWeight * format, accuracy, format, answer };
  const { totals } = scoreWithRewards(
    { problemType: label.problemType, solution: label.solution, responses: [response] },
    opts.rewards,
  );
  return { score: totals[0] as number, accuracy, format, answer };
}

export interface GetRewardResponse {
  /** accuracy + formatWeight · format: what OpenRLHF computes advantages from. */
  rewards: number[];
  /** The accuracy in [0, 1]: OpenRLHF's dynamic filtering keeps groups whose mean is in its range. */
  scores: number[];
  /** Logged by OpenRLHF per key. */
  extra_logs: { accuracy: number[]; format: number[] };
}

/** OpenRLHF's response shape: serve_rm.py returns `{rewards, scores, extra_logs}`. */
export function getRewards(req: GetRewardRequest, opts: ScoringOptions): GetRewardResponse {
  const scored = req.query.map((query, i) =>
    scoreItem(responseText(query, req.prompts[i]!, opts.eosTokens), req.labels[i]!, opts),
  );
  return {
    rewards: scored.map((s) => s.score),
    scores: scored.map((s) => s.accuracy),
    extra_logs: { accuracy: scored.map((s) => s.accuracy), format: scored.map((s) => s.format) },
  };
}

export function scoreItems(items: readonly ScoreItem[], opts: ScoringOptions): ItemScore[] {
  return items.map((item) => scoreItem(item.response, item.label, opts));
}

export interface TemporalResponse {
  responses: ResponseRewards[];
  /** Mean accuracy of the ordered responses. */
  p: number;
  /** Mean accuracy of the shuffled responses; null for an image (`shuffled: []`). */
  p_shuffled: number | null;
  /** Whether p ≥ mu · p_shuffled held, i.e. the temporal bonus was granted. */
  applied: boolean;
  /** The accuracy of each shuffled response (what p_shuffled averages), for logging. */
  shuffled_accuracy: number[];
}

/**
 * One T-GRPO group as Video-R1's trainer scores it (`groupRewards`). An empty `shuffled` list is
 * an image: no shuffled pass, no bonus. A format weight other than 1 rescales the format term in
 * each total, and the advantages are recomputed from the new totals.
 */
export function temporalRewards(req: TemporalRequest, opts: ScoringOptions): TemporalResponse {
  const g = groupRewards(
    {
      problemType: req.problem_type,
      solution: req.solution,
      responses: req.ordered,
      shuffledResponses: req.shuffled.length > 0 ? req.shuffled : undefined,
      completionLengths: req.lengths,
      temporal: { mu: req.mu, alpha: req.alpha },
    },
    opts.rewards,
  );
  let responses = g.responses;
  if (!opts.rewards && opts.formatWeight !== 1) {
    const totals = responses.map((r) => r.accuracy + r.temporal + opts.formatWeight * r.format + r.length);
    const advantages = groupAdvantages(totals);
    responses = responses.map((r, i) => ({ ...r, total: totals[i]!, advantage: advantages[i]! }));
  }
  const p = g.temporal?.p ?? responses.reduce((s, r) => s + r.accuracy, 0) / responses.length;
  const shuffledAccuracy = req.shuffled.map(
    (response) => scoreResponse({ response, solution: req.solution, problemType: req.problem_type }).accuracy,
  );
  return {
    responses,
    p,
    p_shuffled: g.temporal?.pShuffled ?? null,
    applied: g.temporal?.applied ?? false,
    shuffled_accuracy: shuffledAccuracy,
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

export interface RewardServerOptions extends Partial<ScoringOptions> {
  /** Interface to bind: loopback unless asked, since the service has no auth by default. */
  host?: string;
  /** 5000 as OpenRLHF's serve_rm; 0 picks a free port. */
  port?: number;
  /** Require `Authorization: Bearer <apiKey>` on every endpoint but /health. */
  apiKey?: string;
  /** Largest request body in bytes (413 above it). */
  bodyLimit?: number;
  /** How long close() waits for in-flight requests before cutting their connections. */
  shutdownGraceMs?: number;
  /** Requests in progress (reading, scoring, replying) beyond which new ones get 503 + Retry-After. */
  maxInFlight?: number;
  /** One line per rejected request or server error; the client often cannot show our message. */
  log?: (line: string) => void;
}

export interface RewardServer {
  url: string;
  port: number;
  /** Stop accepting, let in-flight requests finish (up to shutdownGraceMs), then resolve. */
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;
export const DEFAULT_MAX_IN_FLIGHT = 256;

/** A handled request: status and JSON body. */
interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const errorReply = (status: number, error: RequestError, headers?: Record<string, string>): Reply => ({
  status,
  body: { error },
  headers,
});

type Route = { method: 'GET' | 'POST'; handle: (body: unknown, opts: ScoringOptions) => Reply };

/** The validated request's reply, or the validation's 400. */
function respond<T>(v: Validation<T>, score: (req: T) => unknown): Reply {
  return v.ok ? { status: 200, body: score(v.value) } : errorReply(400, v.error);
}

const ROUTES: Record<string, Route> = {
  '/health': { method: 'GET', handle: () => ({ status: 200, body: { status: 'ok', version: VERSION } }) },
  '/get_reward': {
    method: 'POST',
    handle: (body, opts) => respond(validateGetReward(body), (req) => getRewards(req, opts)),
  },
  '/score': {
    method: 'POST',
    handle: (body, opts) =>
      respond(validateScore(body), (req) =>
        req.batch ? { results: scoreItems(req.items, opts) } : scoreItems([req.item], opts)[0],
      ),
  },
  '/temporal': {
    method: 'POST',
    handle: (body, opts) =>
      respond(validateTemporalRequests(body), (req) =>
        req.batch ? { results: req.groups.map((g) => temporalRewards(g, opts)) } : temporalRewards(req.group, opts),
      ),
  },
};

/**
 * Bearer-token check in constant time: both sides are hashed first, so timingSafeEqual always
 * compares 32 bytes and neither the key's length nor a matching prefix leaks through timing.
 */
export function authorized(header: string | undefined, digest: Buffer): boolean {
  return tokenMatches(bearerToken(header), digest);
}

export type Body = { ok: true; text: string } | { ok: false; tooLarge: true };

/**
 * The request body as UTF-8 text, or `tooLarge` as soon as it passes `limit` (a larger
 * Content-Length is refused before reading a byte). After a refusal the rest of the body is still
 * read and dropped, not buffered: closing on an unread body makes the kernel reset the
 * connection, and the client would lose the 413 it is about to read. Node's requestTimeout
 * (300 s) bounds how long a client can keep sending.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = Number.isFinite(declared) && declared > limit;
    if (refused) resolve({ ok: false, tooLarge: true });
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) return;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: `invalid JSON body: ${(e as Error).message}` };
  }
}

/**
 * JSON.stringify, except that every number is written as a JSON float: `2.0`, not `2`. Python's
 * `json` reads `2` as an int, and OpenRLHF's `torch.tensor([reward])` of ints is int64, whose
 * `std()` (group normalisation with n_samples_per_prompt > 1) raises "std and var only support
 * floating point". Non-finite numbers become null, as in JSON.stringify; so do values JSON cannot
 * hold. Exponent forms (1e+21, 5e-7) are floats in Python already.
 */
export function floatJson(value: unknown): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return 'null';
      return Number.isInteger(value) && Math.abs(value) < 1e21
        ? `${Object.is(value, -0) ? '-0' : value}.0`
        : String(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value))
        return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : floatJson(v))).join(',')}]`;
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || typeof v === 'function') continue;
        parts.push(`${JSON.stringify(k)}:${floatJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}

function send(res: ServerResponse, reply: Reply, closing: boolean): void {
  const payload = floatJson(reply.body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  };
  // While shutting down, answer and hang up so keep-alive connections do not hold the server open.
  if (closing) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** The path without the query string; unparsable request targets map to no route. */
function pathOf(url = ''): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export async function startRewardServer(options: RewardServerOptions = {}): Promise<RewardServer> {
  const scoring: ScoringOptions = {
    formatWeight: options.formatWeight ?? DEFAULT_SCORING.formatWeight,
    eosTokens: options.eosTokens ?? DEFAULT_SCORING.eosTokens,
    rewards: options.rewards,
  };
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // An empty key would let `Authorization: Bearer ` through.
  if (options.apiKey === '') throw new RangeError('apiKey must not be empty');
  const keyDigest = options.apiKey === undefined ? null : digestOf(options.apiKey);
  const log = options.log ?? (() => {});
  let closing = false;

  async function handle(req: IncomingMessage): Promise<Reply> {
    const path = pathOf(req.url);
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    if (route === undefined)
      return errorReply(404, { message: `no endpoint ${path} (try ${Object.keys(ROUTES).join(', ')})`, field: null });
    if (req.method !== route.method) {
      return errorReply(
        405,
        { message: `${path} takes ${route.method}, not ${req.method}`, field: null },
        { allow: route.method },
      );
    }
    if (keyDigest !== null && path !== '/health' && !authorized(req.headers.authorization, keyDigest)) {
      return errorReply(
        401,
        { message: 'missing or wrong API key (send Authorization: Bearer <key>)', field: null },
        { 'www-authenticate': 'Bearer' },
      );
    }
    if (route.method === 'GET') return route.handle(undefined, scoring);
    const body = await readBody(req, limit);
    if (!body.ok)
      return errorReply(413, { message: `request body over the ${limit}-byte limit (--body-limit)`, field: null });
    const json = parseJson(body.text);
    if (!json.ok) return errorReply(400, { message: json.message, field: null });
    return route.handle(json.value, scoring);
  }

  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  let inFlight = 0;
  const server = createServer((req, res) => {
    // A bounded queue: past the limit, say "come back in a second" instead of growing memory.
    if (inFlight >= maxInFlight) {
      log(`${req.method} ${pathOf(req.url)} → 503: ${inFlight} requests in flight (--max-in-flight ${maxInFlight})`);
      req.resume();
      send(
        res,
        errorReply(
          503,
          { message: `busy: ${inFlight} requests in flight; retry shortly`, field: null },
          { 'retry-after': '1' },
        ),
        closing,
      );
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    void handle(req)
      .catch((e: unknown) =>
        errorReply(500, { message: `internal error: ${e instanceof Error ? e.message : String(e)}`, field: null }),
      )
      .then((reply) => {
        if (res.destroyed) return; // the client went away mid-request
        if (reply.status >= 400)
          log(
            `${req.method} ${pathOf(req.url)} → ${reply.status}: ` +
              `${(reply.body as { error: RequestError }).error.message}`,
          );
        send(res, reply, closing);
      })
      // Never let one connection's failure become an unhandled rejection that stops the process.
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5000, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const grace = options.shutdownGraceMs ?? 10_000;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        // server.close() stops accepting and (Node ≥ 19) drops idle keep-alive connections; the
        // callback fires once the in-flight requests have been answered.
        const timer = setTimeout(() => server.closeAllConnections(), grace);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
