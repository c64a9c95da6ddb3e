/**
 * `vreason serve` with the native decode step against the op-by-op step it replaced
 * (VREASON_DECODE=ops), in the same run: requests/s and generated tokens/s at 1 and 32 concurrent
 * clients over real HTTP on 127.0.0.1, each client sending its next request as soon as the last
 * one is answered. Two requests, greedy, 32 new tokens each (an untrained model never stops early):
 *  - video: the Video-MMMU Adaptation request as the evaluator sends it (8 lecture frames + the
 *    quiz image as JPEG data URIs, the lmms-eval prompt), as bench/serve.ts;
 *  - text: the same prompt without the images.
 * The model is the SFT default architecture with the byte tokenizer; server and clients share the
 * process and its cores. Writes bench/results/engine-serve.json.
 *
 *   node dist/bench/engine/serve.js
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_FRAMES } from '../../src/eval/config.js';
import { readImageAsFrame, sampleFrames } from '../../src/media/index.js';
import { engineInfo } from '../../src/nn/engine.js';
import { VideoLM } from '../../src/nn/model.js';
import { ByteTokenizer } from '../../src/nn/tokenizer.js';
import { startModelServer } from '../../src/serve/server.js';
import { DEFAULT_CONFIG } from '../../src/synth/plan.js';
import { writeSynth } from '../../src/synth/write.js';
import { DEFAULT_SFT_MODEL } from '../../src/train/sft.js';
import { writeBenchResult } from '../util.js';

const LEVELS = [1, 32];
const MAX_TOKENS = 32;

function findVideo(root: string, id: string): string {
  const d = readdirSync(root).find((x) => existsSync(join(root, x, `${id}.mp4`)));
  if (!d) throw new Error(`${root}: no video for ${id}`);
  return join(root, d, `${id}.mp4`);
}

async function requests(dir: string): Promise<Record<'video' | 'text', string>> {
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
  const images = [...s.frames, quiz].map((f) => ({
    type: 'image_url',
    image_url: { url: `data:image/jpeg;base64,${f.toString('base64')}` },
  }));
  const prompt =
    `Please directly output the option letter/data as the answer. You should watch and learn the video ` +
    `content. Then apply what you learned to answer the following multi-choice question. The image for this ` +
    `question is at the end of the video.\n${row.question}\n` +
    `${row.options.map((o, i) => `${'ABCDEFGHIJ'[i]}. ${o}`).join('\n')}`;
  const body = (content: unknown[]) =>
    JSON.stringify({
      model: 'bench',
      messages: [{ role: 'user', content }],
      temperature: 0,
      max_tokens: MAX_TOKENS,
    });
  return {
    video: body([...images, { type: 'text', text: prompt }]),
    text: body([{ type: 'text', text: prompt }]),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-eserve-'));
  const before = process.env.VREASON_DECODE;
  try {
    const bodies = await requests(dir);
    const tok = new ByteTokenizer();
    const model = new VideoLM({ ...DEFAULT_SFT_MODEL, vocabSize: tok.vocabSize }, 0);
    const rows = [];
    for (const kind of ['text', 'video'] as const)
      for (const clients of LEVELS)
        for (const decode of ['ops', 'native'] as const) {
          // Read by every Decoder the server makes (src/nn/generate.ts).
          process.env.VREASON_DECODE = decode;
          const server = await startModelServer({ model, tokenizer: tok, modelName: 'bench', port: 0, maxBatch: 32 });
          const perClient = Math.max(2, Math.ceil(64 / clients));
          const one = async (): Promise<number> => {
            const res = await fetch(`${server.url}/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: bodies[kind],
            });
            if (!res.ok) throw new Error(`serve answered ${res.status}: ${await res.text()}`);
            const j = (await res.json()) as { usage: { completion_tokens: number } };
            return j.usage.completion_tokens;
          };
          await one(); // warm-up: ffmpeg's first start, the kernels' self-check
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
          const n = clients * perClient;
          const row = {
            request: kind,
            decode: decode === 'native' ? 'native decode step' : 'op by op (before)',
            clients,
            requests: n,
            seconds: Number(seconds.toFixed(2)),
            requests_per_s: Number((n / seconds).toFixed(2)),
            generated_tokens_per_s: Number((counts.reduce((a, b) => a + b, 0) / seconds).toFixed(1)),
            mean_batch_size: Number(stats.mean_batch_size.toFixed(2)),
          };
          process.stderr.write(`  ${JSON.stringify(row)}\n`);
          rows.push(row);
        }
    const result = {
      model: { params: model.numParams(), config: model.config, tokenizer: 'byte' },
      max_tokens: MAX_TOKENS,
      engine: engineInfo(),
      earlier: {
        note:
          'bench/results/serve.json of 2026-11-25 (AMD EPYC, video request, op by op): 221.5 tok/s at 1 ' +
          'client, 288.8 at 32',
        requests_per_s: { 1: 6.92, 32: 9.03 },
      },
      rows,
    };
    writeBenchResult('engine-serve', result);
    return result;
  } finally {
    if (before === undefined) delete process.env.VREASON_DECODE;
    else process.env.VREASON_DECODE = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(JSON.stringify(r, null, 2));
}
