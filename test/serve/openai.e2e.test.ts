/**
 * `vreason serve` driven by the official `openai` npm client (a real server on 127.0.0.1, a tiny
 * freshly initialised model): completions, streaming with usage, OpenAI-shaped errors the SDK
 * turns into BadRequestError with `.param`, no retries of 400s (counted server-side), models
 * list/retrieve, and logprobs checked against the model's own forward pass.
 */
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import OpenAI, { BadRequestError, NotFoundError } from 'openai';
import { chatPrompt } from '../../src/nn/chat.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { noGrad } from '../../src/nn/tensor.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { startModelServer, type ModelServer } from '../../src/serve/server.js';

const tok = new ByteTokenizer();
const CONFIG: ModelConfig = {
  vocabSize: tok.vocabSize,
  dModel: 32,
  nHeads: 4,
  nLayers: 2,
  dMlp: 64,
  maxLen: 512,
  encoder: { imageSize: 32, imageHeight: 24, patchSize: 8, channels: 3, maxFrames: 4, nLayers: 1, normalize: 'frame' },
};
const model = new VideoLM(CONFIG, 11);

let server: ModelServer;
let client: OpenAI;
let startedAt: number;
/** Requests the server answered with an error, by status (its log line per failed request). */
const errors: number[] = [];

before(async () => {
  startedAt = Math.floor(Date.now() / 1000);
  server = await startModelServer({
    model,
    tokenizer: tok,
    modelName: 'tiny',
    port: 0,
    log: (line) => {
      const m = / → (\d{3}):/.exec(line);
      if (m) errors.push(Number(m[1]));
    },
  });
  client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 3, timeout: 30_000 });
});
after(() => server?.close());

/** A w×h RGB PNG written by hand (zlib + CRC), so the test needs no image files. */
function png(w: number, h: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(h * (1 + 3 * w));
  for (let y = 0; y < h; y++) for (let x = 0; x < 3 * w; x++) rows[y * (1 + 3 * w) + 1 + x] = (x * 7 + y * 13) & 0xff;
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
const dataUri = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;
const GOOD = png(32, 24);
// The signature and header survive, the pixel data is cut: only a decoder can tell.
const TRUNCATED = GOOD.subarray(0, 60);

const user = (
  content: OpenAI.Chat.ChatCompletionUserMessageParam['content'],
): OpenAI.Chat.ChatCompletionMessageParam[] => [{ role: 'user', content }];

/** Run `fn`, expecting the SDK's BadRequestError; returns it with the count of requests the server saw fail. */
async function rejected(fn: () => Promise<unknown>): Promise<{ e: BadRequestError; requests: number }> {
  const before = errors.length;
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof BadRequestError, `expected BadRequestError, got ${String(e)}`);
    return { e, requests: errors.length - before };
  }
  assert.fail('the request succeeded');
}

test(
  'non-streaming and streaming (with usage) agree; chunks carry the request time, not ' + 'the server start',
  async () => {
    const body = { model: 'tiny', messages: user('describe the slide'), temperature: 0, max_tokens: 24 };
    const whole = await client.chat.completions.create(body);
    assert.equal(whole.object, 'chat.completion');
    assert.equal(typeof whole.choices[0]!.message.content, 'string');
    assert.equal(whole.usage!.completion_tokens, 24);
    assert.equal(whole.usage!.prompt_tokens, chatPrompt(tok, ['describe the slide']).length);
    // Let the clock pass the server's start second, so a stale `created` is visible.
    while (Math.floor(Date.now() / 1000) === startedAt) await new Promise((r) => setTimeout(r, 50));
    const t0 = Math.floor(Date.now() / 1000);
    const stream = await client.chat.completions.create({
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    const created = new Set<number>();
    for await (const c of stream) {
      created.add(c.created);
      text += c.choices[0]?.delta.content ?? '';
      if (c.usage) usage = c.usage;
    }
    assert.equal(text, whole.choices[0]!.message.content);
    assert.deepEqual(usage, whole.usage);
    assert.equal(created.size, 1);
    const [c] = created;
    assert.ok(c! >= t0 && c! > startedAt, `created ${c} vs request ${t0}, server start ${startedAt}`);
  },
);

test('a corrupt image is a 400 naming the part, in our words; the SDK does not retry it', async () => {
  const ok = await client.chat.completions.create({
    model: 'tiny',
    max_tokens: 2,
    messages: user([
      { type: 'text', text: 'what is this?' },
      { type: 'image_url', image_url: { url: dataUri(GOOD) } },
    ]),
  });
  assert.equal(ok.usage!.prompt_tokens, 12 + chatPrompt(tok, ['what is this?']).length);
  for (const [bad, why] of [
    [TRUNCATED, /could not be decoded/],
    [Buffer.from('not an image at all'), /not a PNG/],
  ] as const) {
    const { e, requests } = await rejected(() =>
      client.chat.completions.create({
        model: 'tiny',
        max_tokens: 2,
        messages: [
          { role: 'system', content: 'be brief' },
          ...user([
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: dataUri(GOOD) } },
            { type: 'image_url', image_url: { url: dataUri(bad) } },
          ]),
        ],
      }),
    );
    assert.equal(e.status, 400);
    assert.equal(e.param, 'messages[1].content[2].image_url');
    assert.equal(e.type, 'invalid_request_error');
    assert.match(e.message, why);
    assert.doesNotMatch(e.message, /ffmpeg|pipe|Invalid data|demux|error while/i);
    assert.equal(requests, 1, 'one request: 400s are not retried');
  }
});

test(
  'context: a ~130k-token prompt and max_tokens past the context are 400 ' + 'context_length_exceeded, fast',
  async () => {
    const t = Date.now();
    const long = await rejected(() =>
      client.chat.completions.create({ model: 'tiny', messages: user('word '.repeat(26_000)) }),
    );
    assert.equal(long.e.code, 'context_length_exceeded');
    assert.equal(long.e.param, 'messages');
    assert.match(long.e.message, /maximum context length is 512 tokens/);
    assert.ok(Date.now() - t < 5000);
    const over = await rejected(() =>
      client.chat.completions.create({ model: 'tiny', messages: user('hi'), max_completion_tokens: 600 }),
    );
    assert.deepEqual([over.e.code, over.e.param], ['context_length_exceeded', 'max_completion_tokens']);
    assert.match(over.e.message, /you requested \d+ tokens \(\d+ in the messages, 600 in the completion\)/);
    const invalid = await rejected(() =>
      client.chat.completions.create({ model: 'tiny', messages: user('hi'), temperature: 5 }),
    );
    assert.equal(invalid.e.param, 'temperature');
    const logprobs = await rejected(() =>
      client.chat.completions.create({ model: 'tiny', messages: user('hi'), top_logprobs: 2 }),
    );
    assert.equal(logprobs.e.param, 'top_logprobs');
    assert.equal(long.requests + over.requests + invalid.requests + logprobs.requests, 4);
  },
);

test('models.list and models.retrieve; an unknown model is NotFoundError', async () => {
  const list = await client.models.list();
  assert.deepEqual(
    list.data.map((m) => m.id),
    ['tiny'],
  );
  const m = await client.models.retrieve('tiny');
  assert.deepEqual([m.id, m.object, m.owned_by], ['tiny', 'model', 'vreason']);
  await assert.rejects(
    client.models.retrieve('gpt-4o'),
    (e: unknown) => e instanceof NotFoundError && e.code === 'model_not_found',
  );
  await assert.rejects(
    client.chat.completions.create({ model: 'gpt-4o', messages: user('x') }),
    (e: unknown) => e instanceof NotFoundError && e.param === 'model',
  );
});

test("logprobs: the model's own log-softmax, top_logprobs sorted, the same streamed and not", async () => {
  const body = {
    model: 'tiny',
    messages: user('tell me'),
    temperature: 0,
    max_tokens: 12,
    logprobs: true,
    top_logprobs: 3,
  };
  const r = await client.chat.completions.create(body);
  const content = r.choices[0]!.logprobs!.content!;
  assert.equal(content.length, r.usage!.completion_tokens);
  assert.equal(Buffer.from(content.flatMap((c) => c.bytes!)).toString('utf8'), r.choices[0]!.message.content);
  // Greedy: each token is the most likely one.
  for (const c of content) {
    assert.equal(c.top_logprobs.length, 3);
    assert.ok(
      c.top_logprobs[0]!.logprob >= c.top_logprobs[1]!.logprob &&
        c.top_logprobs[1]!.logprob >= c.top_logprobs[2]!.logprob,
    );
    assert.equal(c.token, c.top_logprobs[0]!.token);
    assert.equal(c.logprob, c.top_logprobs[0]!.logprob);
  }
  // The full forward pass over prompt + answer gives the same log-probabilities.
  const prompt = chatPrompt(tok, ['tell me']);
  const ids = [...prompt, ...content.map((c) => c.bytes![0]!)];
  const logits = noGrad(() => model.forward(Int32Array.from(ids), 1)).data;
  const V = CONFIG.vocabSize;
  content.forEach((c, j) => {
    const row = logits.subarray((prompt.length + j - 1) * V, (prompt.length + j) * V);
    const mx = Math.max(...row);
    const logZ = mx + Math.log(row.reduce((s, l) => s + Math.exp(l - mx), 0));
    assert.ok(Math.abs(row[ids[prompt.length + j]!]! - logZ - c.logprob) < 1e-3, `token ${j}: ${c.logprob}`);
  });
  const stream = await client.chat.completions.create({ ...body, stream: true });
  const streamed: OpenAI.Chat.ChatCompletionTokenLogprob[] = [];
  for await (const chunk of stream) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
  assert.deepEqual(streamed, content);
  // Without the flag: null, as OpenAI does.
  const plain = await client.chat.completions.create({ model: 'tiny', messages: user('tell me'), max_tokens: 2 });
  assert.equal(plain.choices[0]!.logprobs, null);
});
