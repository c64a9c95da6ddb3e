/**
 * `vreason serve`: the embedded model behind an OpenAI-compatible API, so the evaluator (or any
 * OpenAI client) talks to it over HTTP exactly as it would to vLLM.
 *
 *   POST /v1/chat/completions   text + image_url data-URI frames (or video_url); stream: true for SSE
 *   GET  /v1/models             the one model served (GET /v1/models/{id}: that model, or 404)
 *   GET  /v1/stats              queue and batching counters (batch sizes per decoder pass)
 *   GET  /health                liveness
 *
 * Requests are decoded (frames → RGB) concurrently, then queued for the Scheduler, which batches
 * every request that is running into one forward pass per generated token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../core/errors.js';
import { Semaphore } from '../eval/pool.js';
import { modelFrames } from '../clients/frames.js';
import { chatPrompt } from '../nn/chat.js';
import type { Prompt } from '../nn/generate.js';
import { patchesPerFrame, type VideoLM } from '../nn/model.js';
import { Rng } from '../nn/random.js';
import type { Tokenizer } from '../nn/tokenizer.js';
import { authorized, readBody } from '../rewards/server.js';
import { rgbFrames } from '../media/rgb.js';
import { tokenLogprob, type TokenLogprob } from './logprobs.js';
import { parseChatRequest, type ChatCompletionRequest } from './request.js';
import { QueueFull, Scheduler, type JobResult } from './scheduler.js';
import { BadVisual, findBadImage, resolveVisuals, type ResolvedVisuals } from './visuals.js';

export interface ServeOptions {
  model: VideoLM;
  tokenizer: Tokenizer;
  /** The id reported by /v1/models; requests naming another model get 404. */
  modelName: string;
  host?: string;
  port?: number;
  apiKey?: string;
  /** Largest request body in bytes (413 above it). */
  bodyLimit?: number;
  /** Sequences decoded together (the batch of one forward pass). */
  maxBatch?: number;
  /** Requests waiting beyond maxBatch (decoding their frames included); more get 503. */
  maxQueue?: number;
  allowLocalPaths?: boolean;
  /** How long close() waits for requests in flight before cutting connections. */
  shutdownGraceMs?: number;
  log?: (line: string) => void;
}

export interface ModelServer {
  url: string;
  port: number;
  scheduler: Scheduler;
  close(): Promise<void>;
}

/** An answer in OpenAI's error shape: {error: {message, type, param, code}}. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
    readonly headers: Record<string, string> = {},
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

const badRequest = (message: string, param: string | null, code: string | null = null) =>
  new HttpError(400, message, 'invalid_request_error', {}, param, code);

const DEFAULT_BODY_LIMIT = 64 * 1024 ** 2;

export async function startModelServer(o: ServeOptions): Promise<ModelServer> {
  const { model, tokenizer: tok } = o;
  const enc = model.config.encoder;
  if (o.apiKey === '') throw new RangeError('apiKey must not be empty');
  const keyDigest = o.apiKey === undefined ? null : createHash('sha256').update(o.apiKey).digest();
  const scheduler = new Scheduler(model, o.maxBatch ?? 32, o.maxQueue ?? 256);
  const limit = o.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const log = o.log ?? (() => {});
  // Frame decoding is ffmpeg work: bound it by the cores, apart from the decoder queue.
  const media = new Semaphore(2);
  let preparing = 0;
  let closing = false;
  const started = Math.floor(Date.now() / 1000);
  const videoFrames = Math.max(2, Math.floor((enc?.maxFrames ?? 2) / 2) * 2);
  const maxLen = model.config.maxLen;

  /** Positions the frames will take, known before decoding: each image is a frame, each video videoFrames. */
  function framePositions(r: ChatCompletionRequest): number {
    if (!enc) return 0;
    const count = r.visuals.reduce((n, v) => n + (v.kind === 'image' ? 1 : videoFrames), 0);
    return Math.min(count, enc.maxFrames) * patchesPerFrame(enc);
  }

  /** The context check, before any decoding: one sum and two comparisons. Returns max_tokens to use. */
  function fitContext(r: ChatCompletionRequest, promptLen: number): number {
    const room = maxLen - promptLen;
    const head = `This model's maximum context length is ${maxLen} tokens.`;
    if (room < 1) {
      throw badRequest(
        `${head} However, your messages resulted in ${promptLen} tokens (frames and text), leaving no room for the ` +
          `completion. Please reduce the length of the messages.`,
        'messages',
        'context_length_exceeded',
      );
    }
    if (r.maxTokens !== null && r.maxTokens > room) {
      throw badRequest(
        `${head} However, you requested ${promptLen + r.maxTokens} tokens (${promptLen} in the messages, ` +
          `${r.maxTokens} in the completion). Please reduce the length of the messages or completion.`,
        r.maxTokensParam,
        'context_length_exceeded',
      );
    }
    return r.maxTokens ?? room;
  }

  async function frames(r: ChatCompletionRequest): Promise<Prompt['frames']> {
    if (!enc) return undefined;
    let visuals: ResolvedVisuals;
    try {
      visuals = await media.use(() =>
        resolveVisuals(r.visuals, { allowLocalPaths: o.allowLocalPaths ?? false, videoFrames }),
      );
      return await media.use(() => modelFrames(visuals.images, enc));
    } catch (e) {
      if (e instanceof BadVisual) throw badRequest(e.message, e.param);
      // One of the images cannot be decoded: find which, so the client is told the part, not ffmpeg's words.
      const bad = visuals! ? await media.use(() => findBadImage(visuals, (img) => rgbFrames([img], 8, 8))) : null;
      if (bad) {
        log(`undecodable image at ${bad.param}: ${errorMessage(e)}`);
        throw badRequest(bad.message, bad.param);
      }
      throw e;
    }
  }

  async function complete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const created = Math.floor(Date.now() / 1000);
    const body = await readBody(req, limit);
    if (!body.ok) throw new HttpError(413, `request body over the ${limit}-byte limit (--body-limit)`);
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (e) {
      throw badRequest(`invalid JSON body: ${errorMessage(e)}`, null);
    }
    const parsed = parseChatRequest(json);
    if (!parsed.ok) throw badRequest(parsed.message, parsed.param);
    const r = parsed.value;
    if (r.model !== undefined && r.model !== o.modelName) throw modelNotFound(r.model);
    if (r.visuals.length && !enc) throw badRequest('this model takes text only', r.visuals[0]!.param);
    const tokens = chatPrompt(tok, r.turns);
    let promptLen = framePositions(r) + tokens.length;
    let maxTokens = fitContext(r, promptLen);
    // The queue bound counts requests still decoding their frames, so a burst cannot pile up there.
    if (scheduler.load + preparing >= scheduler.maxBatch + scheduler.maxQueue) throw new QueueFull('queue full');
    preparing++;
    let prompt: Prompt;
    try {
      prompt = { tokens, frames: await frames(r) };
    } finally {
      preparing--;
    }
    // A video may give fewer frames than planned (a very short one): count what was decoded.
    const decoded = (prompt.frames ? prompt.frames.count * patchesPerFrame(enc!) : 0) + tokens.length;
    if (decoded !== promptLen) {
      promptLen = decoded;
      maxTokens = fitContext(r, promptLen);
    }
    const logprobs: TokenLogprob[] = [];
    const k = r.topLogprobs;
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const stream = r.stream ? sseWriter(res, id, o.modelName, created, k !== null) : null;
    const text = new TextDecoder('utf-8');
    const job = scheduler.submit(prompt, {
      maxTokens,
      temperature: r.temperature,
      topP: r.topP,
      eos: tok.eos,
      // Each request samples from its own stream, so its output does not depend on what it was batched with.
      rng: new Rng(r.seed ?? randomBytes(4).readUInt32LE(0)),
      signal: abort.signal,
      onLogits: k === null ? undefined : (logits, t) => logprobs.push(tokenLogprob(tok, logits, t, k)),
      onToken: stream ? (t) => stream.delta(text.decode(Uint8Array.of(t), { stream: true }), logprobs) : undefined,
    });
    stream?.start();
    let result: JobResult;
    try {
      result = await job;
    } catch (e) {
      if (stream) return stream.fail(errorMessage(e));
      throw e;
    }
    const usage = {
      prompt_tokens: promptLen,
      completion_tokens: result.tokens.length,
      total_tokens: promptLen + result.tokens.length,
    };
    if (stream) return stream.end(text.decode(), result.finish, r.includeUsage ? usage : null, logprobs);
    sendJson(
      res,
      200,
      {
        id,
        object: 'chat.completion',
        created,
        model: o.modelName,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: tok.decode(result.tokens), refusal: null },
            logprobs: k === null ? null : { content: logprobs, refusal: null },
            finish_reason: result.finish,
          },
        ],
        usage,
      },
      closing,
    );
  }

  const modelCard = { id: o.modelName, object: 'model', created: started, owned_by: 'vreason' };
  const modelNotFound = (name: string) =>
    new HttpError(
      404,
      `The model '${name}' does not exist; this server serves '${o.modelName}'.`,
      'invalid_request_error',
      {},
      'model',
      'model_not_found',
    );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = (req.url ?? '').split('?')[0]!;
    const routes: Record<string, string> = {
      '/v1/chat/completions': 'POST',
      '/v1/models': 'GET',
      '/v1/models/{id}': 'GET',
      '/v1/stats': 'GET',
      '/health': 'GET',
    };
    const modelId = url.startsWith('/v1/models/') ? url.slice('/v1/models/'.length) : null;
    const path = modelId !== null ? '/v1/models/{id}' : url;
    const method = routes[path];
    if (!method)
      throw new HttpError(404, `no endpoint ${path} (try ${Object.keys(routes).join(', ')})`, 'not_found_error');
    if (req.method !== method)
      throw new HttpError(405, `${path} takes ${method}, not ${req.method}`, 'invalid_request_error', {
        allow: method,
      });
    if (path === '/health') return sendJson(res, 200, { ok: true }, closing);
    if (keyDigest && !authorized(req.headers.authorization, keyDigest)) {
      throw new HttpError(
        401,
        'missing or wrong API key (send Authorization: Bearer <key>)',
        'invalid_request_error',
        { 'www-authenticate': 'Bearer' },
        null,
        'invalid_api_key',
      );
    }
    if (path === '/v1/models') return sendJson(res, 200, { object: 'list', data: [modelCard] }, closing);
    if (modelId !== null) {
      let name: string;
      try {
        name = decodeURIComponent(modelId);
      } catch {
        name = modelId;
      }
      if (name !== o.modelName) throw modelNotFound(name);
      return sendJson(res, 200, modelCard, closing);
    }
    if (path === '/v1/stats') return sendJson(res, 200, { ...scheduler.stats(), preparing }, closing);
    return complete(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err =
        e instanceof HttpError
          ? e
          : e instanceof QueueFull
            ? new HttpError(503, 'the server is at capacity; retry later', 'server_overloaded', { 'retry-after': '1' })
            : new HttpError(500, `internal error: ${errorMessage(e)}`, 'server_error');
      log(`${req.method} ${req.url} → ${err.status}: ${err.message}`);
      if (res.headersSent) return void res.destroy();
      sendJson(
        res,
        err.status,
        { error: { message: err.message, type: err.type, param: err.param, code: err.code } },
        closing,
        err.headers,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 8000, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    scheduler,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        // Stop accepting; requests in flight (queued ones included) finish, then the callback fires.
        const timer = setTimeout(() => server.closeAllConnections(), o.shutdownGraceMs ?? 30_000);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          void scheduler.idle().then(resolve);
        });
      }),
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  closing: boolean,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  const h: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  };
  // While shutting down, answer and hang up so keep-alive connections do not hold the server open.
  if (closing) h.connection = 'close';
  res.writeHead(status, h);
  res.end(payload);
}

/**
 * Server-sent events in OpenAI's chat.completion.chunk format, ending with `data: [DONE]`. With
 * logprobs, a chunk carries the entries of the tokens whose text it delivers (a character split
 * over several byte tokens is sent once whole, with all of their entries).
 */
function sseWriter(res: ServerResponse, id: string, model: string, created: number, withLogprobs: boolean) {
  let flushed = 0;
  const pending = (all: readonly TokenLogprob[]) => {
    const out = all.slice(flushed);
    flushed = all.length;
    return { content: out, refusal: null };
  };
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
    logprobs: unknown = null,
  ): void => {
    const choices = [{ index: 0, delta, logprobs, finish_reason: finish }];
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`,
    );
  };
  return {
    start(): void {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      chunk({ role: 'assistant', content: '' }, null);
    },
    delta(text: string, logprobs: readonly TokenLogprob[]): void {
      // A multi-byte character arrives over several tokens: send it once it is whole.
      if (text && !res.destroyed) chunk({ content: text }, null, {}, withLogprobs ? pending(logprobs) : null);
    },
    end(rest: string, finish: string, usage: Record<string, number> | null, logprobs: readonly TokenLogprob[]): void {
      if (rest || (withLogprobs && flushed < logprobs.length))
        chunk({ content: rest }, null, {}, withLogprobs ? pending(logprobs) : null);
      chunk({}, finish);
      if (usage)
        res.write(
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`,
        );
      res.end('data: [DONE]\n\n');
    },
    fail(message: string): void {
      res.end(`data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`);
    },
  };
}
