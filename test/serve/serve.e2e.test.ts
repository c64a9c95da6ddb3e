import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { Rng } from '../../src/nn/random.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { QueueFull, Scheduler } from '../../src/serve/scheduler.js';
import { startModelServer, type ModelServer } from '../../src/serve/server.js';
import { DEFAULT_CONFIG } from '../../src/synth/plan.js';
import { writeSynth } from '../../src/synth/write.js';
import { evalOptions } from '../helpers/evalOptions.js';

const tok = new ByteTokenizer();
const CONFIG: ModelConfig = {
  vocabSize: tok.vocabSize,
  dModel: 32,
  nHeads: 4,
  nLayers: 2,
  dMlp: 64,
  maxLen: 768,
  encoder: { imageSize: 32, imageHeight: 24, patchSize: 8, channels: 3, maxFrames: 9, nLayers: 1, normalize: 'frame' },
};
// A freshly initialised model: its answers are noise, but deterministic noise, which is all these
// tests need (the trained model is exercised by the SFT tests and experiments/curriculum/notes.md).
const model = new VideoLM(CONFIG, 3);

let dir: string;
let server: ModelServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-serve-'));
  await writeSynth({ ...DEFAULT_CONFIG, seed: 5, videos: 6, ratios: [0.5, 0, 0.5], jobs: 2, out: join(dir, 'synth') });
  server = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, maxBatch: 16 });
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function chat(
  body: Record<string, unknown>,
  s: { url: string } = server,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const res = await fetch(`${s.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text, headers: res.headers };
}

const pngDataUri = (path: string): string => `data:image/png;base64,${readFileSync(path).toString('base64')}`;

test('vreason eval runs unchanged against the served model: every request answered, results.json written', async () => {
  const out = join(dir, 'eval');
  const opts = evalOptions(join(dir, 'synth/videommmu/test'), out, server.url, {
    model: { baseUrl: server.url, name: 'tiny', timeoutMs: 60_000, retry: { retries: 0 } },
    frames: { nframes: 8 },
    params: { temperature: 0, maxTokens: 24, seed: 0 },
    concurrency: 8,
  });
  const r = await evaluateVideoMMMU(opts);
  assert.ok(existsSync(join(out, 'results.json')));
  assert.ok(r.results.counts.planned > 0);
  assert.equal(r.results.counts.errored, 0);
  assert.equal(r.results.counts.answered, r.results.counts.planned);
  const records = readFileSync(join(out, 'records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // Adaptation "after" = 8 lecture frames + the quiz image; the server reports what it used.
  const adapt = records.find((x) => x.item.track === 'Adaptation' && x.condition === 'after');
  assert.equal(adapt.request.frames.count, 9);
  assert.equal(adapt.response.usage.promptTokens, 9 * 12 + tok.encode(adapt.request.prompt).length + 2);
});

test(
  'concurrent requests are batched into shared forward passes and give the same greedy outputs as ' + 'sequential ones',
  async () => {
    const s = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, maxBatch: 8 });
    try {
      const quiz = pngDataUri(
        join(dir, 'synth/videommmu/test/images', readdirFirst(join(dir, 'synth/videommmu/test/images'))),
      );
      const bodies = Array.from({ length: 8 }, (_, i) => ({
        model: 'tiny',
        messages: [
          {
            role: 'user',
            content: [
              ...(i % 2 ? [{ type: 'image_url', image_url: { url: quiz } }] : []),
              { type: 'text', text: `question number ${i}: ${'why '.repeat(i)}?` },
            ],
          },
        ],
        temperature: 0,
        max_tokens: 20 + i,
      }));
      const sequential: string[] = [];
      for (const b of bodies) sequential.push((await chat(b, s)).json.choices[0].message.content);
      assert.equal((await stats(s)).max_batch_size, 1);
      const concurrent = await Promise.all(bodies.map((b) => chat(b, s)));
      assert.deepEqual(
        concurrent.map((c) => c.json.choices[0].message.content),
        sequential,
      );
      assert.deepEqual(
        concurrent.map((c) => c.json.usage.completion_tokens),
        bodies.map((b) => b.max_tokens),
      );
      assert.ok((await stats(s)).max_batch_size > 1, 'some forward pass carried several requests');
    } finally {
      await s.close();
    }
  },
);

test('sampling is seeded per request: same seed → same text, alone or batched; top_p 1e-9 is greedy', async () => {
  const body = (seed: number, extra: Record<string, unknown> = {}) => ({
    messages: [{ role: 'user', content: 'sample me' }],
    temperature: 1,
    seed,
    max_tokens: 30,
    ...extra,
  });
  const alone = (await chat(body(7))).json.choices[0].message.content;
  const batched = await Promise.all([chat(body(7)), chat(body(8)), chat(body(7))]);
  assert.equal(batched[0]!.json.choices[0].message.content, alone);
  assert.equal(batched[2]!.json.choices[0].message.content, alone);
  assert.notEqual(batched[1]!.json.choices[0].message.content, alone);
  const greedy = (await chat({ ...body(1), temperature: 0 })).json.choices[0].message.content;
  assert.equal((await chat(body(99, { top_p: 1e-9 }))).json.choices[0].message.content, greedy);
});

test('stream: true sends OpenAI chunks whose deltas add up to the non-streamed answer, then [DONE]', async () => {
  const body = {
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'stream this' },
    ],
    temperature: 0,
    max_tokens: 40,
  };
  const whole = (await chat(body)).json;
  const res = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
  });
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events = (await res.text())
    .split('\n\n')
    .filter(Boolean)
    .map((e) => e.replace(/^data: /, ''));
  assert.equal(events.at(-1), '[DONE]');
  const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
  assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0].id));
  assert.equal(chunks[0].choices[0].delta.role, 'assistant');
  const text = chunks.flatMap((c) => c.choices.map((ch: any) => ch.delta.content ?? '')).join('');
  assert.equal(text, whole.choices[0].message.content);
  assert.equal(
    chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason,
    whole.choices[0].finish_reason,
  );
  assert.deepEqual(chunks.at(-1).usage, whole.usage);
  assert.ok(chunks.length > 3, 'tokens arrive as separate events');
});

test('models endpoint, validation errors, unknown model, body limit, context limit', async () => {
  const models: any = await (await fetch(`${server.url}/models`)).json();
  assert.deepEqual(
    models.data.map((m: any) => m.id),
    ['tiny'],
  );
  assert.equal((await chat({ messages: [] })).status, 400);
  const bad = await chat({ messages: [{ role: 'user', content: 'x' }], temperature: 'hot' });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.message, /temperature/);
  assert.equal((await chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).status, 404);
  assert.equal(
    (
      await chat({
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }],
      })
    ).status,
    400,
  );
  const long = await chat({ messages: [{ role: 'user', content: 'x'.repeat(CONFIG.maxLen) }] });
  assert.equal(long.status, 400);
  assert.match(long.json.error.message, /context/);
  // max_tokens beyond the remaining context is refused (as OpenAI and vLLM do); without it, the rest of the context is
  // the limit.
  const over = await chat({
    messages: [{ role: 'user', content: 'x'.repeat(CONFIG.maxLen - 10) }],
    temperature: 0,
    max_tokens: 1000,
  });
  assert.equal(over.status, 400);
  assert.deepEqual([over.json.error.param, over.json.error.code], ['max_tokens', 'context_length_exceeded']);
  const rest = await chat({ messages: [{ role: 'user', content: 'x'.repeat(CONFIG.maxLen - 10) }], temperature: 0 });
  assert.equal(rest.status, 200);
  assert.ok(rest.json.usage.total_tokens <= CONFIG.maxLen);
  const small = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, bodyLimit: 1000 });
  try {
    assert.equal((await chat({ messages: [{ role: 'user', content: 'y'.repeat(2000) }] }, small)).status, 413);
  } finally {
    await small.close();
  }
});

test('--api-key: 401 without the key or with a wrong one, 200 with it', async () => {
  const s = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, apiKey: 'sekret' });
  try {
    const body = { messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 };
    assert.equal((await chat(body, s)).status, 401);
    assert.equal((await chat(body, s, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await chat(body, s, { authorization: 'Bearer sekret' })).status, 200);
    assert.equal((await fetch(`${s.url}/models`)).status, 401);
  } finally {
    await s.close();
  }
});

test('video_url: a local path only with --allow-local-paths; a data-URI video always', async () => {
  const video = join(
    dir,
    'synth/videommmu/test/question_only',
    readdirFirst(join(dir, 'synth/videommmu/test/question_only')),
  );
  const body = (url: string) => ({
    messages: [
      {
        role: 'user',
        content: [
          { type: 'video_url', video_url: { url } },
          { type: 'text', text: 'what?' },
        ],
      },
    ],
    temperature: 0,
    max_tokens: 4,
  });
  const refused = await chat(body(video));
  assert.equal(refused.status, 400);
  assert.match(refused.json.error.message, /allow-local-paths/);
  const inline = await chat(body(`data:video/mp4;base64,${readFileSync(video).toString('base64')}`));
  assert.equal(inline.status, 200);
  const s = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, allowLocalPaths: true });
  try {
    const local = await chat(body(video), s);
    assert.equal(local.status, 200);
    // Same frames whether the clip came inline or from disk.
    assert.equal(local.json.choices[0].message.content, inline.json.choices[0].message.content);
    assert.equal(local.json.usage.prompt_tokens, inline.json.usage.prompt_tokens);
    assert.equal((await chat(body('/no/such/video.mp4'), s)).status, 400);
  } finally {
    await s.close();
  }
});

test(
  'the queue is bounded: past maxBatch running + maxQueue waiting, submit refuses (HTTP ' + '503 + Retry-After)',
  async () => {
    const sch = new Scheduler(model, 2, 1);
    const job = () =>
      sch.submit(
        { tokens: [tok.bos, 65, tok.eos] },
        { maxTokens: 3, temperature: 0, topP: 1, eos: tok.eos, rng: new Rng(0) },
      );
    const accepted = [job(), job(), job()];
    assert.throws(job, QueueFull);
    const done = await Promise.all(accepted);
    assert.ok(done.every((d) => d.tokens.length === 3 && d.finish === 'length'));
    assert.doesNotThrow(() => void job());
    await sch.idle();
    // Over HTTP: a server with no room at all answers 503 with Retry-After.
    const s = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, maxBatch: 0, maxQueue: 0 });
    try {
      const r = await chat({ messages: [{ role: 'user', content: 'hi' }] }, s);
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '1');
    } finally {
      await s.close();
    }
  },
);

test('graceful shutdown: a request in flight when close() is called still gets its full answer', async () => {
  const s = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0 });
  const pending = chat({ messages: [{ role: 'user', content: 'finish me' }], temperature: 0, max_tokens: 200 }, s);
  // Wait until the request is inside the scheduler, then shut down.
  while (s.scheduler.load === 0) await new Promise((r) => setImmediate(r));
  await s.close();
  const r = await pending;
  assert.equal(r.status, 200);
  assert.equal(r.json.usage.completion_tokens, 200);
  await assert.rejects(fetch(`${s.url}/models`));
});

async function stats(s: { url: string }): Promise<any> {
  return (await fetch(`${s.url}/stats`)).json();
}

function readdirFirst(d: string): string {
  return readdirSync(d).sort()[0]!;
}
