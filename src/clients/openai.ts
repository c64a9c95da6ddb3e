import { ModelError } from '../core/errors.js';
import { backoffMs, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, sleep, type RetryPolicy } from './retry.js';
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
}

/** Statuses that will fail the same way for every item: stop the run instead of recording N errors. */
const FATAL = new Set([401, 403, 404]);

export class FatalModelError extends ModelError {
  override name = 'FatalModelError';
}

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

  constructor(private readonly opts: OpenAIClientOptions) {
    this.name = opts.model;
    this.endpoint = `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 300_000;
  }

  async complete(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const body = JSON.stringify(this.payload(req));
    const started = performance.now();
    let lastError = 'no attempt made';
    let lastStatus: number | null = null;
    let attempts = 0;
    for (let attempt = 0; attempt <= this.policy.retries; attempt++) {
      const outcome = await this.attempt(body, signal);
      attempts = attempt + 1;
      if (outcome.ok)
        return { ...outcome.value, attempts: attempt + 1, latencyMs: Math.round(performance.now() - started) };
      lastError = outcome.error;
      lastStatus = outcome.status;
      if (outcome.status !== null && FATAL.has(outcome.status))
        throw new FatalModelError(
          `${this.endpoint}: HTTP ${outcome.status}: ${outcome.error}`,
          outcome.status,
          attempt + 1,
        );
      if (!outcome.retryable || attempt === this.policy.retries) break;
      const wait =
        outcome.retryAfterMs !== null
          ? Math.min(outcome.retryAfterMs, this.policy.retryAfterMaxMs)
          : backoffMs(attempt + 1, this.policy);
      await sleep(wait, signal);
    }
    throw new ModelError(
      `${lastStatus === null ? '' : `HTTP ${lastStatus}: `}${lastError} (after ${attempts} attempt${attempts > 1 ? 's' : ''})`,
      lastStatus,
      attempts,
    );
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
    return p;
  }

  private async attempt(body: string, outer?: AbortSignal): Promise<Attempt> {
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
    let text: string;
    try {
      res = await fetch(this.endpoint, { method: 'POST', headers: this.headers(), body, signal: ctl.signal });
      text = await res.text();
    } catch (e) {
      if (outer?.aborted) throw e;
      const msg = timedOut ? `timed out after ${this.timeoutMs} ms` : `connection failed: ${causeOf(e)}`;
      return { ok: false, error: msg, status: null, retryable: true, retryAfterMs: null };
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
    return parseCompletion(text);
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { 'content-type': 'application/json', ...this.opts.headers };
    if (this.opts.apiKey) h.authorization = `Bearer ${this.opts.apiKey}`;
    return h;
  }
}

type Attempt =
  | { ok: true; value: Omit<ChatResponse, 'attempts' | 'latencyMs'> }
  | { ok: false; error: string; status: number | null; retryable: boolean; retryAfterMs: number | null };

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
  const url = `data:${v.mime};base64,${Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('base64')}`;
  return v.kind === 'video' ? { type: 'video_url', video_url: { url } } : { type: 'image_url', image_url: { url } };
}

function causeOf(e: unknown): string {
  const c = (e as { cause?: { code?: string; message?: string } })?.cause;
  return c?.code ?? c?.message ?? (e as Error)?.message ?? String(e);
}
