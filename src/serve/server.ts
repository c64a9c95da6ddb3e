/**
 * `vreason serve`: the embedded model behind an OpenAI-compatible API, so the evaluator (or any
 * OpenAI client) talks to it over HTTP exactly as it would to vLLM.
 *
 *   POST /v1/chat/completions   text + image_url data-URI frames (or video_url); stream: true for SSE
 *   GET  /v1/models             the one model served
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
import { parseChatRequest, type ChatCompletionRequest } from './request.js';
import { QueueFull, Scheduler, type JobResult } from './scheduler.js';
import { BadVisual, resolveVisuals } from './visuals.js';

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

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

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
  const created = Math.floor(Date.now() / 1000);

  async function prepare(r: ChatCompletionRequest): Promise<Prompt> {
    const images = await media.use(() => resolveVisuals(r.visuals, { allowLocalPaths: o.allowLocalPaths ?? false, videoFrames: Math.max(2, Math.floor((enc?.maxFrames ?? 2) / 2) * 2) }));
    if (images.length && !enc) throw new HttpError(400, 'this model takes text only');
    const frames = enc ? await modelFrames(images, enc) : undefined;
    return { tokens: chatPrompt(tok, r.turns), frames };
  }

  async function complete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, limit);
    if (!body.ok) throw new HttpError(413, `request body over the ${limit}-byte limit (--body-limit)`);
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch (e) {
      throw new HttpError(400, `invalid JSON body: ${errorMessage(e)}`);
    }
    const parsed = parseChatRequest(json);
    if (!parsed.ok) throw new HttpError(400, parsed.message);
    const r = parsed.value;
    if (r.model !== undefined && r.model !== o.modelName) throw new HttpError(404, `the model '${r.model}' does not exist; this server serves '${o.modelName}'`, 'not_found_error');
    // The queue bound counts requests still decoding their frames, so a burst cannot pile up there.
    if (scheduler.load + preparing >= scheduler.maxBatch + scheduler.maxQueue) throw new QueueFull('queue full');
    preparing++;
    let prompt: Prompt;
    try {
      prompt = await prepare(r);
    } catch (e) {
      if (e instanceof BadVisual) throw new HttpError(400, e.message);
      throw e;
    } finally {
      preparing--;
    }
    const promptLen = (prompt.frames ? prompt.frames.count * patchesPerFrame(enc!) : 0) + prompt.tokens.length;
    const room = model.config.maxLen - promptLen;
    if (room < 1) throw new HttpError(400, `the prompt takes ${promptLen} positions (frames and text); the model's context is ${model.config.maxLen}`);
    const maxTokens = Math.min(room, r.maxTokens ?? room);
    const id = `chatcmpl-${randomBytes(12).toString('hex')}`;
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const stream = r.stream ? sseWriter(res, id, o.modelName, created) : null;
    const text = new TextDecoder('utf-8');
    const job = scheduler.submit(prompt, {
      maxTokens,
      temperature: r.temperature,
      topP: r.topP,
      eos: tok.eos,
      // Each request samples from its own stream, so its output does not depend on what it was batched with.
      rng: new Rng(r.seed ?? randomBytes(4).readUInt32LE(0)),
      signal: abort.signal,
      onToken: stream ? (t) => stream.delta(text.decode(Uint8Array.of(t), { stream: true })) : undefined,
    });
    stream?.start();
    let result: JobResult;
    try {
      result = await job;
    } catch (e) {
      if (stream) return stream.fail(errorMessage(e));
      throw e;
    }
    const usage = { prompt_tokens: promptLen, completion_tokens: result.tokens.length, total_tokens: promptLen + result.tokens.length };
    if (stream) return stream.end(text.decode(), result.finish, r.includeUsage ? usage : null);
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: o.modelName,
      choices: [{ index: 0, message: { role: 'assistant', content: tok.decode(result.tokens) }, logprobs: null, finish_reason: result.finish }],
      usage,
    }, closing);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0]!;
    const routes: Record<string, string> = { '/v1/chat/completions': 'POST', '/v1/models': 'GET', '/v1/stats': 'GET', '/health': 'GET' };
    const method = routes[path];
    if (!method) throw new HttpError(404, `no endpoint ${path} (try ${Object.keys(routes).join(', ')})`, 'not_found_error');
    if (req.method !== method) throw new HttpError(405, `${path} takes ${method}, not ${req.method}`, 'invalid_request_error', { allow: method });
    if (path === '/health') return sendJson(res, 200, { ok: true }, closing);
    if (keyDigest && !authorized(req.headers.authorization, keyDigest)) {
      throw new HttpError(401, 'missing or wrong API key (send Authorization: Bearer <key>)', 'authentication_error', { 'www-authenticate': 'Bearer' });
    }
    if (path === '/v1/models') return sendJson(res, 200, { object: 'list', data: [{ id: o.modelName, object: 'model', created, owned_by: 'vreason' }] }, closing);
    if (path === '/v1/stats') return sendJson(res, 200, { ...scheduler.stats(), preparing }, closing);
    return complete(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err =
        e instanceof HttpError ? e
        : e instanceof QueueFull ? new HttpError(503, 'the server is at capacity; retry later', 'server_overloaded', { 'retry-after': '1' })
        : new HttpError(500, `internal error: ${errorMessage(e)}`, 'server_error');
      log(`${req.method} ${req.url} → ${err.status}: ${err.message}`);
      if (res.headersSent) return void res.destroy();
      sendJson(res, err.status, { error: { message: err.message, type: err.type, param: null, code: null } }, closing, err.headers);
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

function sendJson(res: ServerResponse, status: number, body: unknown, closing: boolean, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  const h: Record<string, string | number> = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers };
  // While shutting down, answer and hang up so keep-alive connections do not hold the server open.
  if (closing) h.connection = 'close';
  res.writeHead(status, h);
  res.end(payload);
}

/** Server-sent events in OpenAI's chat.completion.chunk format, ending with `data: [DONE]`. */
function sseWriter(res: ServerResponse, id: string, model: string, created: number) {
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): void => {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`);
  };
  return {
    start(): void {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      chunk({ role: 'assistant', content: '' }, null);
    },
    delta(text: string): void {
      // A multi-byte character arrives over several tokens: send it once it is whole.
      if (text && !res.destroyed) chunk({ content: text }, null);
    },
    end(rest: string, finish: string, usage: Record<string, number> | null): void {
      if (rest) chunk({ content: rest }, null);
      chunk({}, finish);
      if (usage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
      res.end('data: [DONE]\n\n');
    },
    fail(message: string): void {
      res.end(`data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`);
    },
  };
}
