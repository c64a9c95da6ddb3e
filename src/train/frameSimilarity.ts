import type { VideoLM } from '../nn/model.js';
import { noGrad } from '../nn/tensor.js';
import { framesOf, type SftExample } from './sftData.js';

/**
 * Mean cosine similarity of different clips' frame tokens at the same position, over up to `clips`
 * of the examples with the most frames (the lecture videos; null when fewer than two). Near 1: the
 * encoder says the same about every video — it has collapsed, and nothing the frames show can reach
 * the decoder (what happened to the raw-pixel encoder: experiments/curriculum/notes.md). Until the seventh session
 * it took 4 clips with the first example's frame count, which on one validation order were four
 * near-identical one-frame scene images and read 0.93 for an encoder that reads 0.30 on another.
 */
export function frameSimilarity(model: VideoLM, examples: readonly SftExample[], clips = 16): number | null {
  const withFrames = examples.filter((e) => e.frames);
  const most = Math.max(0, ...withFrames.map((e) => e.frameCount));
  const sample = withFrames.filter((e) => e.frameCount === most).slice(0, clips);
  if (sample.length < 2 || !model.config.encoder) return null;
  const D = model.config.dModel;
  const enc = noGrad(() => sample.map((e) => model.encodeFrames(framesOf(e)!, 1).data.slice()));
  const tokens = enc[0]!.length / D;
  let sum = 0;
  let n = 0;
  for (let a = 0; a < enc.length; a++)
    for (let b = a + 1; b < enc.length; b++)
      for (let t = 0; t < tokens; t++) {
        sum += cosine(enc[a]!, enc[b]!, t * D, D);
        n++;
      }
  return sum / n;
}

function cosine(x: Float32Array, y: Float32Array, offset: number, length: number): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let j = offset; j < offset + length; j++) {
    dot += x[j]! * y[j]!;
    nx += x[j]! ** 2;
    ny += y[j]! ** 2;
  }
  return dot / Math.sqrt(nx * ny || 1);
}
