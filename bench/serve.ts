/**
 * `vreason serve` throughput: requests/s and generated tokens/s at 1, 8 and 32 concurrent clients,
 * each client sending its next request as soon as the previous one is answered. Every request is a
 * Video-MMMU Adaptation request as the evaluator sends it (8 lecture frames + the quiz image as
 * JPEG data URIs, the lmms-eval prompt), greedy, 32 new tokens. The model is the SFT default
 * architecture (freshly initialised unless VREASON_BENCH_CHECKPOINT names a checkpoint: an
 * untrained model never stops early, so every request generates exactly 32 tokens).
 * Server and clients share the process and its two cores, as they would on one small machine.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FRAMES } from '../src/eval/config.js';
import { loadCheckpoint } from '../src/nn/checkpoint.js';
import { engineInfo } from '../src/nn/engine.js';
import { VideoLM } from '../src/nn/model.js';
import { ByteTokenizer } from '../src/nn/tokenizer.js';
import { readImageAsFrame, sampleFrames } from '../src/media/index.js';
import { startModelServer } from '../src/serve/server.js';
import { DEFAULT_CONFIG } from '../src/synth/plan.js';
import { writeSynth } from '../src/synth/write.js';
import { DEFAULT_SFT_MODEL } from '../src/train/sft.js';
import { writeBenchResult } from './util.js';

const LEVELS = [1, 8, 32];
const MAX_TOKENS = 32;

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-serve-'));
  try {
    await writeSynth({ ...DEFAULT_CONFIG, seed: 1, videos: 2, ratios: [1, 0, 0], jobs: 2, out: dir });
    const root = join(dir, 'videommmu/train');
    const row = JSON.parse(readFileSync(join(root, 'Adaptation.jsonl'), 'utf8').split('\n')[0]!) as {
      id: string;
      question: string;
      options: string[];
      image: string;
    };
    const s = await sampleFrames(findVideo(root, row.id), { ...DEFAULT_FRAMES, nframes: 8 });
    const quiz = await readImageAsFrame(join(root, row.image), s.width, s.height, 'jpeg', 3);
    const content = [...s.frames, quiz].map((f) => ({
      type: 'image_url',
      image_url: { url: `data:image/jpeg;base64,${f.toString('base64')}` },
    }));
    const prompt =
      `Please directly output the option letter/data as the answer. You should watch and learn the ` +
      `video content. Then apply what you learned to answer the following multi-choice question. The image for this ` +
      `question is at the end of the video.\n${row.question}\n` +
      `${row.options.map((o, i) => `${'ABCDEFGHIJ'[i]}. ${o}`).join('\n')}`;
    const body = JSON.stringify({
      model: 'bench',
      messages: [{ role: 'user', content: [...content, { type: 'text', text: prompt }] }],
      temperature: 0,
      max_tokens: MAX_TOKENS,
    });

    const tok = new ByteTokenizer();
    const ckpt = process.env.VREASON_BENCH_CHECKPOINT;
    const model = ckpt ? loadCheckpoint(ckpt).model : new VideoLM(DEFAULT_SFT_MODEL, 0);
    const levels = [];
    for (const clients of LEVELS) {
      const server = await startModelServer({ model, tokenizer: tok, modelName: 'bench', port: 0, maxBatch: 32 });
      const perClient = Math.max(2, Math.ceil(64 / clients));
      const one = async (): Promise<number> => {
        const res = await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const j = (await res.json()) as { usage: { completion_tokens: number } };
        return j.usage.completion_tokens;
      };
      await one(); // warm-up: first-call costs (ffmpeg start, kernel self-check) out of the timing
      const t0 = performance.now();
      const counts = await Promise.all(
        Array.from({ length: clients }, async () => {
          let n = 0;
          for (let i = 0; i < perClient; i++) n += await one();
          return n;
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const stats = server.scheduler.stats();
      await server.close();
      const requests = clients * perClient;
      const tokens = counts.reduce((a, b) => a + b, 0);
      levels.push({
        clients,
        requests,
        seconds: Number(seconds.toFixed(2)),
        requests_per_s: Number((requests / seconds).toFixed(2)),
        generated_tokens_per_s: Number((tokens / seconds).toFixed(1)),
        mean_latency_s: Number(((seconds * clients) / requests).toFixed(2)),
        mean_batch_size: Number(stats.mean_batch_size.toFixed(2)),
        max_batch_size: stats.max_batch_size,
      });
    }
    const result = {
      model: { checkpoint: ckpt ?? null, params: model.numParams(), config: model.config },
      engine: engineInfo().backend,
      request: { images: content.length, prompt_bytes: Buffer.byteLength(prompt), max_tokens: MAX_TOKENS },
      levels,
    };
    writeBenchResult('serve', result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lecture lives under its discipline's folder. */
function findVideo(root: string, id: string): string {
  const d = readdirSync(root).find((x) => existsSync(join(root, x, `${id}.mp4`)));
  if (!d) throw new Error(`${root}: no video for ${id}`);
  return join(root, d, `${id}.mp4`);
}
