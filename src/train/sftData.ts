/**
 * SFT examples from a synthetic-world folder (`vreason data synth --out`): the annotator's chain of
 * thought as the target, the evaluator's own prompt and frames as the input, so the model is trained
 * on exactly what `vreason eval` will send it through `vreason serve`.
 *
 * - Video-MMMU items (`videommmu/<split>/`, the *after* condition: lecture frames + quiz image as
 *   the last frame), with the lmms-eval prompt, which asks to "directly output the option
 *   letter/data": the target is the bare answer, or with `vmChains` the lecture's chain of
 *   thought ending in a line the parser reads (`Answer: D. 48`, src/synth/lectureChains.ts). The
 *   *before* condition is not trained: without the video the answer is unknowable, and teaching
 *   the model to guess would only teach it to ignore the video.
 * - Every record of `videor1/<split>/cot_synth.jsonl` (lecture questions, temporal clips, scene
 *   images) with the Video-R1 "think" prompt of `eval --task synth`; the target is the annotator's
 *   `<think>…</think>` followed by `<answer>…</answer>`.
 *
 * Decoding frames costs an ffmpeg pass per item, so prepared examples are cached under the run
 * directory (frames as bytes) and reused on resume.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomicWrite.js';
import { join } from 'node:path';
import { hashObject } from '../core/hash.js';
import { loadVideoMMMU } from '../tasks/videommmu/data.js';
import { loadVideoR1 } from '../tasks/videor1/data.js';
import { DEFAULT_FRAMES, resolveFrames, VIDEO_R1_FRAMES } from '../eval/config.js';
import { runPool } from '../eval/pool.js';
import { prepareVisuals } from '../eval/visuals.js';
import { modelFrames, VIDEOMMMU_FRAMES } from '../clients/frames.js';
import { chatPrompt } from '../nn/chat.js';
import type { FrameEncoderConfig, Frames } from '../nn/model.js';
import type { Tokenizer } from '../nn/tokenizer.js';
import type { EncodedImage } from '../media/rgb.js';
import { planVideoMMMU, VIDEOMMMU } from '../tasks/videommmu/task.js';
import { planVideoR1 } from '../tasks/videor1/task.js';
import type { ExampleUnit, Scorer } from './exampleUnit.js';
import { readingUnits } from './sources/reading.js';

export type { ExampleUnit, Scorer } from './exampleUnit.js';
import { UsageError } from '../core/errors.js';
import { videoMMMUResponse } from '../synth/lectureChains.js';
import { readGeneratorMeta } from '../synth/meta.js';
import type { LectureQuestion, UnitSpec as SynthUnit } from '../synth/plan.js';

export interface SftExample {
  id: string;
  scorer: Scorer;
  /** Where it comes from: a Video-MMMU track, or the Video-R1 data source. */
  group: string;
  /** What the scorer needs (the evaluator's facts). */
  facts: Record<string, unknown>;
  /** BOS prompt EOS answer EOS. */
  tokens: number[];
  /** Tokens up to and including the prompt's EOS (the answer starts after). */
  promptLen: number;
  /** Frames as bytes (value × 255), [count, 3, H, W]. */
  frames: Uint8Array | null;
  frameCount: number;
}

/** An example's frames as the model takes them (bytes back to [0, 1]). */
export function framesOf(e: SftExample): Frames | undefined {
  if (!e.frames) return undefined;
  return { data: Float32Array.from(e.frames, (b) => b / 255), count: e.frameCount };
}

/** A unit the evaluator would ask, with the response an example pairs it with. */

/** How the targets are written. */
export interface TargetOptions {
  /**
   * Video-MMMU targets reason first (src/synth/lectureChains.ts) instead of being the bare
   * answer. Needs the generator's meta (`vreason data synth` output).
   */
  vmChains?: boolean;
}

/** Video-MMMU item → its chain-of-thought response, from the generator's meta. */
function vmChainsOf(root: string): (id: string, track: string) => string {
  const { config, units } = readGeneratorMeta(root, 'reasoning Video-MMMU targets (--vm-chains)');
  const byKey = new Map<string, { u: SynthUnit; q: LectureQuestion }>(
    units.flatMap((u) => u.questions.map((q) => [`${q.track}|${u.id}`, { u, q }] as const)),
  );
  return (id, track) => {
    const hit = byKey.get(`${track}|${id}`);
    if (!hit) throw new UsageError(`${root}: Video-MMMU item ${track}/${id} is not in meta/units.jsonl`);
    return videoMMMUResponse(hit.u, hit.q, config.seed);
  };
}

/** The units of one split with their target responses. */
async function planSplit(root: string, split: string, o: TargetOptions = {}): Promise<ExampleUnit[]> {
  const vm = await loadVideoMMMU(join(root, VIDEOMMMU, split));
  if (vm.errors.length) throw vm.errors[0]!;
  const vmFrames = resolveFrames(DEFAULT_FRAMES, { nframes: VIDEOMMMU_FRAMES });
  const chain = o.vmChains ? vmChainsOf(root) : null;
  const units: ExampleUnit[] = [];
  const byKey = new Map(vm.items.map((it) => [`${it.track}|${it.id}`, it]));
  for (const unit of planVideoMMMU(vm.items, { conditions: 'after', promptStyle: 'lmms-eval' })) {
    const item = byKey.get(unit.shardKey)!;
    const answer = chain ? chain(item.id, item.track) : String(item.answer);
    units.push({ unit, scorer: VIDEOMMMU, group: item.track, answer, frameCfg: vmFrames });
  }
  const cotFile = join(root, 'videor1', split, 'cot_synth.jsonl');
  const cot = await loadVideoR1(cotFile);
  if (cot.errors.length) throw cot.errors[0]!;
  const r1 = cot.items.filter((i) => i.process);
  const r1ById = new Map(r1.map((i) => [i.id, i]));
  for (const unit of planVideoR1(r1, { benchmark: 'synth', prompt: 'think', probe: false, seed: 0 })) {
    const item = r1ById.get(unit.itemId)!;
    units.push({
      unit,
      scorer: 'videor1',
      group: item.dataSource ?? 'videor1',
      answer: `${item.process}\n${item.solution}`,
      frameCfg: VIDEO_R1_FRAMES,
    });
  }
  return units;
}

interface FrameBytes {
  frames: Uint8Array | null;
  frameCount: number;
}

/** Model frames of a visual as bytes; items asking about the same video with the same sampling decode it once. */
function framesFor(
  u: ExampleUnit,
  enc: FrameEncoderConfig,
  memo: Map<string, Promise<FrameBytes>>,
): Promise<FrameBytes> {
  const key = JSON.stringify([u.unit.visual, u.frameCfg]);
  let p = memo.get(key);
  if (!p) {
    p = (async () => {
      const v = await prepareVisuals(u.unit.visual, u.frameCfg, 'frames');
      const f = await modelFrames(
        v.visuals.map((x): EncodedImage => ({ mime: x.mime, data: x.data })),
        enc,
      );
      return { frames: f ? toBytes(f.data) : null, frameCount: f?.count ?? 0 };
    })();
    memo.set(key, p);
  }
  return p;
}

/** [0, 1] values → bytes (value × 255, rounded); a plain loop, several times faster than a mapping `from`. */
function toBytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.round(data[i]! * 255);
  return out;
}

/** An example's prompt and target tokens; its frames are left empty. */
function textOf(u: ExampleUnit, tok: Tokenizer): SftExample {
  const prompt = chatPrompt(tok, [u.unit.prompt]);
  return {
    id: `${u.unit.itemId}|${u.group}`,
    scorer: u.scorer,
    group: u.group,
    facts: u.unit.facts,
    tokens: [...prompt, ...tok.encode(u.answer), tok.eos],
    promptLen: prompt.length,
    frames: null,
    frameCount: 0,
  };
}

async function prepare(
  u: ExampleUnit,
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  memo: Map<string, Promise<FrameBytes>>,
): Promise<SftExample> {
  return { ...textOf(u, tok), ...(await framesFor(u, enc, memo)) };
}

/** Examples whose frames are decoded on demand (see `lazyExamples`). */
export interface LazyExamples {
  /** Every example, tokenized; an example's `frames`/`frameCount` are filled by `load`. */
  examples: SftExample[];
  /** Fill in the frames of these examples (decoded once per video and frame config, cached on disk); returns them. */
  load(examples: readonly SftExample[]): Promise<readonly SftExample[]>;
}

/**
 * Examples of `units` tokenized now, frames decoded only when `load` asks for them: a trainer that
 * visits a few hundred prompts of a split of thousands (GRPO's steps × prompts per step) decodes
 * only those videos. Decoded frames are kept under `<cacheDir>/frames/`, keyed by the visual, its
 * sampling and the model's frame size, so a resumed run or a second run on the same data reads them.
 */
export function lazyExamples(
  units: readonly ExampleUnit[],
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  cacheDir: string,
): LazyExamples {
  const { normalize: _inModel, ...frameEnc } = enc;
  const pending = new Map<SftExample, ExampleUnit>();
  const examples = units.map((u) => {
    const e = textOf(u, tok);
    pending.set(e, u);
    return e;
  });
  const memo = new Map<string, Promise<FrameBytes>>();
  const dir = join(cacheDir, 'frames');
  const cached = (u: ExampleUnit): Promise<FrameBytes> => {
    const file = join(dir, `${hashObject([u.unit.visual, u.frameCfg, frameEnc], 16)}.bin`);
    if (existsSync(file)) {
      // 4 bytes of frame count (little-endian), then the bytes; a count of 0 means no frames.
      const b = readFileSync(file);
      const count = b.readUInt32LE(0);
      return Promise.resolve({
        frames: count ? new Uint8Array(b.buffer, b.byteOffset + 4, b.length - 4) : null,
        frameCount: count,
      });
    }
    return framesFor(u, enc, memo).then((f) => {
      mkdirSync(dir, { recursive: true });
      const head = Buffer.alloc(4);
      head.writeUInt32LE(f.frameCount);
      writeFileAtomic(file, Buffer.concat([head, f.frames ?? new Uint8Array(0)]));
      return f;
    });
  };
  return {
    examples,
    async load(batch) {
      const todo = [...new Set(batch)].filter((e) => pending.has(e));
      await runPool(todo, 2, async (e) => {
        const u = pending.get(e);
        if (!u) return;
        Object.assign(e, await cached(u));
        pending.delete(e);
      });
      return batch;
    },
  };
}

/** Which video an item belongs to: its media file's name without the clip/scene suffix. */
function videoKey(u: ExampleUnit): string {
  const v = u.unit.visual;
  const path = v.kind === 'video' ? v.path : v.kind === 'image' ? (v.image.path ?? u.unit.itemId) : u.unit.itemId;
  return path.replace(/^.*[\\/]/, '').replace(/(_clip|_scene)?\.\w+$/, '');
}

/**
 * The texts of a split grouped by video (prompt and target), to learn a tokenizer's vocabulary
 * from; `extra` units (the reading task's) join their video's group.
 */
export async function splitDocuments(
  root: string,
  split: string,
  extra: readonly ExampleUnit[] = [],
  o: TargetOptions = {},
): Promise<string[][]> {
  const docs = new Map<string, string[]>();
  for (const u of [...(await planSplit(root, split, o)), ...extra]) {
    const k = videoKey(u);
    const d = docs.get(k) ?? [];
    d.push(u.unit.prompt, u.answer);
    docs.set(k, d);
  }
  return [...docs.values()];
}

/** Every example of `split`, from the cache when it was built for the same data, tokenizer and frame size. */
export async function loadSftSplit(
  root: string,
  split: string,
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  cacheDir: string,
  log?: (s: string) => void,
  o: TargetOptions = {},
): Promise<SftExample[]> {
  return prepareExamples(split, { root, split }, await planSplit(root, split, o), tok, enc, cacheDir, log);
}

/** The reading task's examples of `split` (src/train/readingData.ts), cached like the others. */
export async function loadReadingSplit(
  root: string,
  split: string,
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  cacheDir: string,
  log?: (s: string) => void,
): Promise<SftExample[]> {
  return prepareExamples(
    `${split}-reading`,
    { root, split },
    readingUnits(root, split, enc.maxFrames),
    tok,
    enc,
    cacheDir,
    log,
  );
}

/**
 * Examples of `units` (frames decoded, prompt and response tokenized), cached under
 * `<cacheDir>/<name>.json|.frames` and read back when `source`, the units, the tokenizer and the
 * frame size are those the cache was built from.
 */
export async function prepareExamples(
  name: string,
  source: Record<string, unknown>,
  units: readonly ExampleUnit[],
  tok: Tokenizer,
  enc: FrameEncoderConfig,
  cacheDir: string,
  log?: (s: string) => void,
): Promise<SftExample[]> {
  // Pixel standardisation happens inside the model, so it does not change the stored bytes.
  const { normalize: _inModel, ...frameEnc } = enc;
  const key = hashObject(
    {
      ...source,
      enc: frameEnc,
      tokenizer: tok.toJSON(),
      units: units.map((u) => [u.unit.prompt, u.answer, u.unit.visual]),
    },
    16,
  );
  const index = join(cacheDir, `${name}.json`);
  const bin = join(cacheDir, `${name}.frames`);
  if (existsSync(index) && existsSync(bin)) {
    const cached = JSON.parse(readFileSync(index, 'utf8')) as {
      key: string;
      examples: (Omit<SftExample, 'frames'> & { offset: number; bytes: number })[];
    };
    if (cached.key === key) {
      const data = readFileSync(bin);
      return cached.examples.map(({ offset, bytes, ...e }) => ({
        ...e,
        frames: bytes ? new Uint8Array(data.buffer, data.byteOffset + offset, bytes) : null,
      }));
    }
  }
  const examples: SftExample[] = new Array(units.length);
  let done = 0;
  const memo = new Map<string, Promise<FrameBytes>>();
  await runPool(units, 2, async (u, i) => {
    examples[i] = await prepare(u, tok, enc, memo);
    if (++done % 100 === 0 || done === units.length) log?.(`${name}: prepared ${done}/${units.length} examples`);
  });
  mkdirSync(cacheDir, { recursive: true });
  let offset = 0;
  const meta = examples.map(({ frames, ...e }) => {
    const m = { ...e, offset, bytes: frames?.length ?? 0 };
    offset += m.bytes;
    return m;
  });
  writeFileAtomic(bin, Buffer.concat(examples.map((e) => e.frames ?? new Uint8Array(0))));
  writeFileAtomic(index, JSON.stringify({ key, examples: meta }));
  return examples;
}
