/**
 * A loopback "vLLM-like" chat server in its own process whose latency follows a prefix-cache
 * model, for the prefix-cache benchmark (not the product):
 *
 * - A request's prompt is its content parts in order; each image part is one cache block of
 *   ⌈w/28⌉·⌈h/28⌉ tokens (Qwen2.5-VL's 28-pixel patches), the text is ⌈chars/4⌉ tokens and is
 *   never cached (every question differs).
 * - Blocks are identified by the chain of everything before them (a hash of the previous block's
 *   id and this image's bytes), as vLLM's automatic prefix caching hashes full blocks: a frame is
 *   reused only when every frame before it matched too.
 * - The cache is an LRU of at most `cacheFrames` blocks; a request's blocks enter it when its
 *   prefill ends (a request that starts while another computes the same prefix computes it too).
 * - At most `slots` requests are served at once (max_num_seqs); the rest wait in FIFO order.
 *   A served request sleeps `msPerKTokens` per 1000 uncached prompt tokens (prefill), then
 *   `decodeMs` (the answer).
 *
 * argv: one JSON object { slots, msPerKTokens, decodeMs, cacheFrames }. Prints its base URL.
 * `GET /stats` → what it computed: requests, prompt/image/cached tokens, hits, misses, evictions.
 * Client mistakes get 4xx in OpenAI's error shape.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { imageSize } from '../src/media/image.js';

export interface PrefixServerConfig {
  slots: number;
  msPerKTokens: number;
  decodeMs: number;
  cacheFrames: number;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as Partial<PrefixServerConfig>;
const SLOTS = cfg.slots ?? 4;
const MS_PER_K = cfg.msPerKTokens ?? 50;
const DECODE_MS = cfg.decodeMs ?? 40;
const CACHE_FRAMES = cfg.cacheFrames ?? 64;

/** Block id → its tokens; Map order is recency order (oldest first). */
const cache = new Map<string, number>();
const stats = {
  requests: 0,
  prompt_tokens: 0,
  image_tokens: 0,
  cached_tokens: 0,
  block_hits: 0,
  block_misses: 0,
  evicted_blocks: 0,
  max_queue: 0,
};

let busy = 0;
const waiting: (() => void)[] = [];
async function takeSlot(): Promise<void> {
  if (busy < SLOTS) {
    busy++;
    return;
  }
  await new Promise<void>((r) => waiting.push(r));
  stats.max_queue = Math.max(stats.max_queue, waiting.length + 1);
}
function releaseSlot(): void {
  const next = waiting.shift();
  if (next) next();
  else busy--;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Block {
  id: string;
  tokens: number;
}

class ClientError extends Error {}

/** The request's image blocks (chained ids) and its text tokens. */
function promptOf(body: Record<string, unknown>): { blocks: Block[]; textTokens: number } {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw new ClientError('messages: expected a non-empty array');
  const blocks: Block[] = [];
  let text = 0;
  let prev = '';
  for (const m of messages as { content?: unknown }[]) {
    const parts = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    if (!Array.isArray(parts)) throw new ClientError('messages[].content: expected a string or an array of parts');
    for (const p of parts as { type?: string; text?: string; image_url?: { url?: string } }[]) {
      if (p.type === 'text') text += Math.ceil((p.text ?? '').length / 4);
      else if (p.type === 'image_url') {
        const url = p.image_url?.url ?? '';
        const comma = url.indexOf(',');
        if (!url.startsWith('data:') || comma < 0) throw new ClientError('image_url.url: expected a data: URI');
        const size = imageSize(Buffer.from(url.slice(comma + 1), 'base64'));
        if (!size) throw new ClientError('image_url.url: not a JPEG or PNG image');
        const id = createHash('sha1').update(prev).update(url).digest('hex');
        blocks.push({ id, tokens: Math.ceil(size.width / 28) * Math.ceil(size.height / 28) });
        prev = id;
      } else throw new ClientError(`content part type '${p.type}' is not supported here`);
    }
  }
  return { blocks, textTokens: text };
}

/** The leading blocks found in the cache (refreshed as used) and their tokens; a miss ends the prefix. */
function lookup(blocks: readonly Block[]): { hits: number; tokens: number } {
  let hits = 0;
  let tokens = 0;
  for (const b of blocks) {
    const t = cache.get(b.id);
    if (t === undefined) break;
    cache.delete(b.id);
    cache.set(b.id, t);
    hits++;
    tokens += t;
  }
  return { hits, tokens };
}

function insert(blocks: readonly Block[]): void {
  for (const b of blocks) {
    cache.delete(b.id);
    cache.set(b.id, b.tokens);
  }
  for (const k of cache.keys()) {
    if (cache.size <= CACHE_FRAMES) break;
    cache.delete(k);
    stats.evicted_blocks++;
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const errorBody = (message: string, type = 'invalid_request_error') => ({
  error: { message, type, param: null, code: null },
});

async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let body: Record<string, unknown>;
  let prompt: ReturnType<typeof promptOf>;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    prompt = promptOf(body);
  } catch (e) {
    json(res, 400, errorBody(e instanceof ClientError ? e.message : `request body is not JSON: ${String(e)}`));
    return;
  }
  await takeSlot();
  try {
    const image = prompt.blocks.reduce((n, b) => n + b.tokens, 0);
    const { hits, tokens: cached } = lookup(prompt.blocks);
    stats.block_hits += hits;
    stats.block_misses += prompt.blocks.length - hits;
    const total = image + prompt.textTokens;
    stats.requests++;
    stats.prompt_tokens += total;
    stats.image_tokens += image;
    stats.cached_tokens += cached;
    await sleep(((total - cached) / 1000) * MS_PER_K);
    insert(prompt.blocks);
    await sleep(DECODE_MS);
    json(res, 200, {
      id: `chatcmpl-${stats.requests}`,
      object: 'chat.completion',
      created: 0,
      model: String(body.model ?? 'bench'),
      choices: [{ index: 0, message: { role: 'assistant', content: 'The answer is (A).' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: total,
        completion_tokens: 6,
        total_tokens: total + 6,
        prompt_tokens_details: { cached_tokens: cached },
      },
    });
  } finally {
    releaseSlot();
  }
}

const server = createServer((req, res) => {
  const route = `${req.method} ${req.url}`;
  if (route === 'GET /v1/models') return json(res, 200, { object: 'list', data: [{ id: 'bench', object: 'model' }] });
  if (route === 'GET /stats') return json(res, 200, { ...stats, cache_blocks: cache.size });
  if (route === 'POST /v1/chat/completions') {
    void chat(req, res).catch((e: unknown) => json(res, 500, errorBody(String(e), 'server_error')));
    return;
  }
  json(res, 404, errorBody(`no route ${route}`));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
