/**
 * Continuous batching with the native decode step, through the official `openai` npm client and a
 * real server on 127.0.0.1: 32 concurrent chat requests of different lengths (greedy) are decoded
 * together, and each answer equals the one the same server gives with the op-by-op step
 * (VREASON_DECODE=ops) and the one a request gets alone.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';
import { nativeStatus } from '../../src/nn/engine.js';
import { VideoLM, type ModelConfig } from '../../src/nn/model.js';
import { Rng } from '../../src/nn/random.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { startModelServer } from '../../src/serve/server.js';

const tok = new ByteTokenizer();
const CONFIG: ModelConfig = {
  vocabSize: tok.vocabSize,
  dModel: 32,
  nHeads: 4,
  nLayers: 2,
  dMlp: 64,
  maxLen: 256,
  encoder: null,
  rope: true,
};
const model = new VideoLM(CONFIG, 5);
// Large random weights: greedy answers then vary with the prompt, so a mix-up between requests shows.
{
  const r = new Rng(8);
  for (const p of model.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.3 * r.normal();
}
const words = ['frame', 'order', 'slide', 'lecture', 'answer', 'option', 'video', 'time'];
const prompts = Array.from({ length: 32 }, (_, i) =>
  Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * 3 + j) % words.length]).join(' '),
);

async function answers(decode: 'native' | 'ops', concurrent: boolean): Promise<{ texts: string[]; maxBatch: number }> {
  process.env.VREASON_DECODE = decode;
  const server = await startModelServer({ model, tokenizer: tok, modelName: 'tiny', port: 0, maxBatch: 32 });
  try {
    const client = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    const ask = async (p: string) =>
      (
        await client.chat.completions.create({
          model: 'tiny',
          messages: [{ role: 'user', content: p }],
          temperature: 0,
          max_tokens: 12,
        })
      ).choices[0]!.message.content ?? '';
    const texts: string[] = [];
    if (concurrent) texts.push(...(await Promise.all(prompts.map(ask))));
    else for (const p of prompts.slice(0, 4)) texts.push(await ask(p));
    return { texts, maxBatch: server.scheduler.stats().max_batch_size };
  } finally {
    await server.close();
    delete process.env.VREASON_DECODE;
  }
}

const native = nativeStatus();

test('32 concurrent clients share native decode steps and get the op-by-op answers, and the lone answers', {
  skip: native.ok ? false : 'native engine unusable here',
}, async () => {
  const batched = await answers('native', true);
  assert.ok(batched.maxBatch > 8, `requests were batched (largest pass ${batched.maxBatch})`);
  const ops = await answers('ops', true);
  assert.deepEqual(batched.texts, ops.texts);
  const alone = await answers('native', false);
  assert.equal(alone.maxBatch, 1);
  assert.deepEqual(batched.texts.slice(0, 4), alone.texts);
  assert.ok(new Set(batched.texts).size > 4, 'answers differ between prompts');
});
