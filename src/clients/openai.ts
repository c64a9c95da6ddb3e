import { ModelError } from '../core/errors.js';
import {
  backoffMs,
  DEFAULT_RETRY,
  isRefusal,
  isRetryableStatus,
  parseRetryAfter,
  REFUSED_DELAY_MS,
  REFUSED_RETRIES,
  REFUSED_STREAK_FATAL,
  sleep,
  type RetryPolicy,
} from './retry.js';
import { readChatStream } from './sse.js';
import type { ChatRequest, ChatResponse, ModelClient, VisualPart } from './types.js';

export interface OpenAIClientOptions {
  /** e.g. http://127.0.0.1:8000/v1 */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Extra headers (e.g. for gateways). */
  headers?: Record<string, string>;
  /**
   * Ask for the answer as server-sent events (`stream: true`) and measure the time to the first
   * token; the answer text is the same as without streaming.
   */
  stream?: boolean;
}

/** Statuses that will fail the same way for every item: stop the run instead of recording N errors. */
export const FATAL_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);
const FATAL = FATAL_STATUSES;

/** A 400/422 that says the server does not serve the model (vLLM, SGLang, OpenAI, gateways word it so). */
const MODEL_MISSING = new RegExp(
  /\bmodel\b[^\n]{0,120}?\b(not found|does not exist|doesn't exist|not exist|not available|not served|unknown)\b/
    .source + /|\b(no such|unknown) model\b|model_not_found/.source,
  'i',
);

/**
 * Whether an answer says this *server* will refuse every request of the run, whatever the item:
 * 401/403/404 (key refused, wrong path, model not served) or a 400/422 naming the model as
 * missing. A server pool takes such a server out for the rest of the run; other 4xx are the
 * item's own (too long a prompt, a bad image) and are recorded as that item's error.
 */
export function isServerRejection(status: number, error: string): boolean {
  return FATAL.has(status) || ((status === 400 || status === 422) && MODEL_MISSING.test(error));
}

/**
 * The readable part of an error body: `error.message` (with `error.code`) of OpenAI's shape
 * `{"error": {...}}`, or `message` of vLLM's flat one; else the text itself, cut to 200 characters.
 */
export function errorSummary(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown; code?: unknown };
    const e = (j && typeof j.error === 'object' && j.error !== null ? j.error : j) as {
      message?: unknown;
      code?: unknown;
    };
    if (typeof e.message === 'string' && e.message) {
      const code = typeof e.code === 'string' ? e.code : ''; // a numeric code repeats the status
      return code && !e.message.includes(code) ? `${e.message} (${code})` : e.message;
    }
  } catch {
    /* not JSON */
  }
  return text.slice(0, 200);
}

export class FatalModelError extends ModelError {
  override name = 'FatalModelError';
}

/** The endpoint failed the check before the run: unreachable, not a model server, or refusing us. */
export class PreflightError extends Error {
  override name = 'PreflightError';
  /** The HTTP status that failed the check (401/403/404), or null when nothing answered. */
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.status = status;
  }
}

const PREFLIGHT_TIMEOUT_MS = 15_000;

/**
 * OpenAI chat-completions client for video models (vLLM, SGLang, Ollama, hosted APIs).
 * Frames go as `image_url` data URIs; a whole clip as a `video_url` part (vLLM's Qwen2.5-VL
 * extension). Retries overload and transport faults with backoff and honours Retry-After.
 */
export class OpenAIClient implements ModelClient {
  readonly name: string;
  readonly endpoint: string;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly base: string;
  /** Requests in a row that ended with the connection refused; any answer resets it. */
  private refusedStreak = 0;
  private checked: Promise<void> | null = null;

  constructor(private readonly opts: OpenAIClientOptions) {
    this.name = opts.model;
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.endpoint = `${this.base}/chat/completions`;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 300_000;
  }

  async complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const body = this.body(req);
    const started = performance.now();
    let lastError = 'no attempt made';
    let lastStatus: number | null = null;
    let attempts = 0;
    let refused = 0;
    for (let attempt = 0; attempt <= this.policy.retries; attempt++) {
      const outcome = await this.send(body, signal);
      attempts = attempt + 1;
      if (outcome.ok) {
        this.refusedStreak = 0;
        return {
          ...outcome.value,
          attempts: attempt + 1,
          latencyMs: Math.round(performance.now() - started),
          server: this.base,
          ...(outcome.ttftMs !== null ? { ttftMs: outcome.ttftMs } : {}),
        };
      }
      lastError = outcome.error;
      lastStatus = outcome.status;
      if (outcome.status !== null && isServerRejection(outcome.status, outcome.error))
        throw new FatalModelError(
          `${this.endpoint}: HTTP ${outcome.status}: ${outcome.error}${this.hint(outcome.status)}`,
          outcome.status,
          attempt + 1,
        );
      if (outcome.refused) refused++;
      if (!outcome.retryable || attempt === this.policy.retries || refused > REFUSED_RETRIES) break;
      const wait = outcome.refused
        ? REFUSED_DELAY_MS * 2 ** (refused - 1)
        : outcome.retryAfterMs !== null
          ? Math.min(outcome.retryAfterMs, this.policy.retryAfterMaxMs)
          : backoffMs(attempt + 1, this.policy);
      await sleep(wait, signal);
    }
    if (refused > 0 && lastStatus === null && ++this.refusedStreak >= REFUSED_STREAK_FATAL)
      throw new FatalModelError(
        `${this.endpoint}: ${lastError} on ${this.refusedStreak} requests in a row: the server is down or not ` +
          `at this address`,
        null,
        attempts,
      );
    throw new ModelError(
      `${lastStatus === null ? '' : `HTTP ${lastStatus}: `}${lastError} (after ${attempts} attempt` +
        `${attempts > 1 ? 's' : ''})`,
      lastStatus,
      attempts,
    );
  }

  /**
   * One check of the endpoint before a run (memoised): `GET <base>/models`, and when that is not
   * served, one tiny chat request. Throws PreflightError when nothing listens, the address answers
   * 404 (with a `/v1` hint when the base URL lacks it), or the key is refused. A server that lists
   * models without ours only earns a warning on stderr: some gateways list none.
   */
  preflight(): Promise<void> {
    this.checked ??= this.check();
    return this.checked;
  }

  private async check(): Promise<void> {
    const models = await this.probe(`${this.base}/models`, { method: 'GET', headers: this.headers() });
    if (models.status === 200) {
      const ids = modelIds(models.text);
      if (ids && ids.length && !ids.includes(this.opts.model))
        process.stderr.write(
          `warning: ${this.base}/models does not list '${this.opts.model}' (it lists ${ids.slice(0, 5).join(', ')}); ` +
            'requests may fail with 404: check --model-name\n',
        );
      return;
    }
    if (models.status === 401 || models.status === 403) throw this.rejected(models.status, models.text);
    // No /models here (some servers, some gateways): one tiny request tells whether chat works.
    const tiny = JSON.stringify({
      model: this.opts.model,
      messages: [{ role: 'user', content: 'ping' }],
      max_tokens: 1,
      temperature: 0,
    });
    const chat = await this.probe(this.endpoint, { method: 'POST', headers: this.headers(), body: tiny });
    if (chat.status === 401 || chat.status === 403) throw this.rejected(chat.status, chat.text);
    if (chat.status === 404)
      throw new PreflightError(
        `${this.endpoint} answers 404 (and ${this.base}/models ${models.status}): not an OpenAI-compatible chat ` +
          `endpoint, or no model '${this.opts.model}'${this.hint(404)}`,
        404,
      );
  }

  /** One request with a short timeout; a transport failure is a PreflightError naming the URL. */
  private async probe(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS) });
      return { status: res.status, text: await res.text() };
    } catch (e) {
      const cause = causeOf(e);
      const why = /timeout|abort/i.test(cause) ? `no answer within ${PREFLIGHT_TIMEOUT_MS / 1000} s` : cause;
      throw new PreflightError(
        `cannot reach the model server at ${this.base} (${why}): is it running, and is --base-url right?`,
      );
    }
  }

  private rejected(status: number, text: string): PreflightError {
    return new PreflightError(
      `${this.base} refused the request (HTTP ${status}: ${text.slice(0, 200)}): check the API key (--api-key-env)`,
      status,
    );
  }

  /** A base URL without a version path that 404s most likely lacks `/v1`. */
  hint(status: number): string {
    if (status !== 404) return '';
    return /\/v\d+$/.test(this.base)
      ? ' (check --model-name and --base-url)'
      : ` (did you mean --base-url ${this.base}/v1 ?)`;
  }

  /** The base URL requests go to (`…/v1`). */
  get baseUrl(): string {
    return this.base;
  }

  /** The JSON body of a request, serialized once and sent as is on every attempt. */
  body(req: ChatRequest): string {
    return JSON.stringify(this.payload(req));
  }

  private payload(req: ChatRequest): Record<string, unknown> {
    const content = [...req.visuals.map(visualPart), { type: 'text', text: req.prompt }];
    const p: Record<string, unknown> = {
      model: this.opts.model,
      messages: [{ role: 'user', content }],
      temperature: req.params.temperature,
      max_tokens: req.params.maxTokens,
    };
    if (req.params.topP !== undefined) p.top_p = req.params.topP;
    if (req.params.seed !== undefined) p.seed = req.params.seed;
    const video = videoSampling(req.visuals);
    if (video) p.media_io_kwargs = { video };
    if (this.opts.stream) {
      p.stream = true;
      p.stream_options = { include_usage: true };
    }
    return p;
  }

  /**
   * One attempt: POST the body, read the answer (a JSON completion, or the event stream with
   * `stream`). Never throws for a server or transport fault (it says what happened); throws only
   * when `outer` aborts. What the retry loops (here and in ServerPool) are built on.
   */
  async send(body: string, outer?: AbortSignal): Promise<SendOutcome> {
    const t0 = performance.now();
    const a = await this.attempt(body, t0, outer);
    return { ...a, latencyMs: Math.round(performance.now() - t0), ttftMs: a.ok ? (a.ttftMs ?? null) : null };
  }

  private async attempt(body: string, t0: number, outer?: AbortSignal): Promise<Attempt> {
    // One plain controller + timer per attempt: Node 20's AbortSignal.timeout/any build
    // transferable signals, which cost more CPU than the whole request on a fast server.
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    const onOuter = (): void => ctl.abort(outer?.reason);
    outer?.addEventListener('abort', onOuter, { once: true });
    let res: Response;
    let text = '';
    let streamed: Awaited<ReturnType<typeof readChatStream>> | null = null;
    try {
      res = await fetch(this.endpoint, { method: 'POST', headers: this.headers(), body, signal: ctl.signal });
      const sse = this.opts.stream && res.ok && /text\/event-stream/i.test(res.headers.get('content-type') ?? '');
      if (sse && res.body) streamed = await readChatStream(res.body, t0);
      else text = await res.text();
    } catch (e) {
      if (outer?.aborted) throw e;
      const cause = causeOf(e);
      const msg = timedOut ? `timed out after ${this.timeoutMs} ms` : `connection failed: ${cause}`;
      return {
        ok: false,
        error: msg,
        status: null,
        retryable: true,
        retryAfterMs: null,
        refused: isRefusal(cause),
        timedOut,
      };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    }
    if (!res.ok) {
      const retryAfterMs =
        res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : null;
      return {
        ok: false,
        error: text.slice(0, 300) || res.statusText,
        status: res.status,
        retryable: isRetryableStatus(res.status),
        retryAfterMs,
      };
    }
    return streamed ? fromStream(streamed) : parseCompletion(text);
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { 'content-type': 'application/json', ...this.opts.headers };
    if (this.opts.apiKey) h.authorization = `Bearer ${this.opts.apiKey}`;
    return h;
  }
}

type Attempt =
  | { ok: true; value: Omit<ChatResponse, 'attempts' | 'latencyMs'>; ttftMs?: number | null }
  | {
      ok: false;
      error: string;
      status: number | null;
      retryable: boolean;
      retryAfterMs: number | null;
      /** Nothing listens there (ECONNREFUSED, unknown host): a short retry budget. */
      refused?: boolean;
      /** The attempt ran past the client's timeout. */
      timedOut?: boolean;
    };

/** What one attempt came to, with its own latency (and time to first token when streamed). */
export type SendOutcome = Attempt & { latencyMs: number; ttftMs: number | null };

/** A stream cut short or failing mid-way is a server fault like a truncated body: retry it. */
function fromStream(s: Awaited<ReturnType<typeof readChatStream>>): Attempt {
  if (s.error !== null)
    return {
      ok: false,
      error: `error in stream: ${s.error.slice(0, 300)}`,
      status: 200,
      retryable: true,
      retryAfterMs: null,
    };
  if (!s.done)
    return { ok: false, error: 'stream ended before [DONE]', status: 200, retryable: true, retryAfterMs: null };
  return {
    ok: true,
    ttftMs: s.ttftMs,
    value: {
      text: s.text,
      finishReason: s.finishReason,
      usage: s.usage,
      ...(s.reasoning !== null ? { reasoning: s.reasoning } : {}),
    },
  };
}

/**
 * vLLM reads per-request video sampling from `media_io_kwargs` ("Additional kwargs to pass to the
 * media IO connectors, keyed by modality": ChatCompletionRequest in
 * vllm/entrypoints/openai/protocol.py). Its VideoMediaIO hands `num_frames` and the other video
 * kwargs to the video loader (vllm/multimodal/video.py: `load_bytes(data, num_frames=-1, fps=-1, …)`
 * samples min(num_frames, total) frames evenly, and with fps > 0 at most ⌊duration·fps⌋). Servers
 * that do not know the field ignore it (OpenAI-compatible servers drop unknown fields).
 */
function videoSampling(visuals: readonly VisualPart[]): Record<string, number> | null {
  const s = visuals.find((v) => v.kind === 'video' && v.sampling)?.sampling;
  if (!s) return null;
  const out: Record<string, number> = {};
  if (s.numFrames !== undefined) out.num_frames = s.numFrames;
  if (s.fps !== undefined) out.fps = s.fps;
  return Object.keys(out).length ? out : null;
}

/** A 200 with a body we cannot use (truncated JSON, no choices) is a server fault: retry it. */
function parseCompletion(text: string): Attempt {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: `malformed JSON in response: ${JSON.stringify(text.slice(0, 120))}`,
      status: 200,
      retryable: true,
      retryAfterMs: null,
    };
  }
  const choice = (json as { choices?: unknown[] })?.choices?.[0] as
    | { message?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown }; finish_reason?: string }
    | undefined;
  if (!choice) return { ok: false, error: 'response has no choices', status: 200, retryable: true, retryAfterMs: null };
  const content = choice.message?.content;
  const textOut =
    typeof content === 'string'
      ? content
      : Array.isArray(content)
        ? content.map((c: { text?: string }) => c?.text ?? '').join('')
        : content == null
          ? ''
          : null;
  if (textOut === null)
    return {
      ok: false,
      error: 'choices[0].message.content is not text',
      status: 200,
      retryable: true,
      retryAfterMs: null,
    };
  const usage = (json as { usage?: { prompt_tokens?: number; completion_tokens?: number } }).usage;
  // vLLM/SGLang/DeepSeek send the thinking apart as reasoning_content (newer vLLM: reasoning).
  const rc = choice.message?.reasoning_content ?? choice.message?.reasoning;
  return {
    ok: true,
    value: {
      text: textOut,
      finishReason: choice.finish_reason ?? null,
      usage: usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : null,
      ...(typeof rc === 'string' ? { reasoning: rc } : {}),
    },
  };
}

function visualPart(v: VisualPart): Record<string, unknown> {
  const url =
    `data:${v.mime};base64,` + `${Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('base64')}`;
  return v.kind === 'video' ? { type: 'video_url', video_url: { url } } : { type: 'image_url', image_url: { url } };
}

/** Model ids of a `/models` listing, or null when the body is not one. */
function modelIds(text: string): string[] | null {
  try {
    const data = (JSON.parse(text) as { data?: { id?: unknown }[] }).data;
    return Array.isArray(data) ? data.map((m) => String(m?.id ?? '')) : null;
  } catch {
    return null;
  }
}

function causeOf(e: unknown): string {
  const c = (e as { cause?: { code?: string; message?: string } })?.cause;
  return c?.code ?? c?.message ?? (e as Error)?.message ?? String(e);
}
