/**
 * Keyframe seeking for frame sampling: from an MP4's sample tables, the presentation order of its
 * frames (frame number k = k-th frame by composition time, what a full decode counts) and, for a
 * set of wanted frame numbers, the keyframes to seek to so that decoding from each one reproduces
 * the wanted frames exactly. Pure: the ffmpeg run lives in frameSampler.ts.
 *
 * Exactness rests on three facts, each checked here or by the caller:
 * - a frame is identified by its presentation timestamp, which ffmpeg reports unchanged with
 *   `-copyts` (pts = composition time − the edit list's media_time), not by counting frames
 *   after a seek (so B-frame reordering and variable frame rate cannot shift it);
 * - the keyframe chosen for frame k precedes it in decode order *and* in presentation order, so k
 *   is never an open-GOP leading picture (those reference the previous GOP) of that keyframe;
 * - the seek time given to ffmpeg lands on that keyframe or an earlier one whatever ffmpeg's
 *   version compares against (decode or presentation time, edit-list shifted or not, with or
 *   without its 3/23 s B-frame allowance); landing earlier only costs decoding, and a frame that
 *   never appears is caught by the caller, which then decodes in full.
 */
import type { Mp4SampleTables } from './mp4Boxes.js';

export interface SeekIndex {
  timescale: number;
  /** ffmpeg's pts (ticks) of frame number k, ascending. */
  pts: number[];
  /** Decode-order sample of frame number k. */
  sampleOf: number[];
  /** Composition time (ticks, edit list not applied) of each sample in decode order. */
  cts: number[];
  /** Decode time (ticks) of each sample in decode order. */
  dts: number[];
  /** Sync samples in decode order (every sample when the track has no stss). */
  sync: number[];
  /** The edit list's media_time (ticks) that ffmpeg subtracts from composition times. */
  shift: number;
}

/** The index, or a sentence saying why this track's frames cannot be located exactly. */
export function buildSeekIndex(t: Mp4SampleTables, declaredFrames: number): SeekIndex | string {
  const n = t.dts.length;
  if (n === 0) return 'the track has no sample timing table';
  if (n !== declaredFrames) return `stts times ${n} samples but the track declares ${declaredFrames}`;
  if (!t.timescale) return 'the track has no timescale';
  let shift = 0;
  if (t.edits.length > 1) return `edit list with ${t.edits.length} entries`;
  if (t.edits.length === 1) {
    const e = t.edits[0]!;
    if (e.mediaTime < 0 || e.rate !== 1) return 'edit list with an empty or rate-changed edit';
    shift = e.mediaTime;
  }
  const cts = t.dts.map((d, i) => d + t.ctts[i]!);
  const sampleOf = Array.from({ length: n }, (_, i) => i).sort((a, b) => cts[a]! - cts[b]!);
  const pts = sampleOf.map((s) => cts[s]! - shift);
  if (pts[0]! < 0) return 'frames before the edit list start (ffmpeg would drop them)';
  for (let k = 1; k < n; k++) if (pts[k]! <= pts[k - 1]!) return `two frames share a presentation time (${pts[k]})`;
  const sync = t.sync ?? Array.from({ length: n }, (_, i) => i);
  if (sync.length === 0 || sync[0] !== 0) return 'the first sample is not a keyframe';
  return { timescale: t.timescale, pts, sampleOf, cts, dts: t.dts, sync, shift };
}

export interface SeekGroup {
  /** Decode-order sample of the keyframe decoding starts from. */
  keySample: number;
  /** `-ss` value (seconds, with `-seek_timestamp 1`), or null to start at the beginning. */
  seekSec: number | null;
  /** Frame numbers this group yields, ascending. */
  frames: number[];
  /** Their pts, in the same order. */
  pts: number[];
  /** Last decode-order sample the group needs. */
  lastSample: number;
}

export interface SeekPlan {
  groups: SeekGroup[];
  /** Samples decoded in all (keyframe to last needed sample, summed over groups). */
  decodedSamples: number;
  /** Whether some group starts at an open-GOP keyframe (one with leading pictures). */
  openGop: boolean;
}

/** Continuing to decode is preferred to a new seek when it costs at most this many more frames. */
export const SEEK_OVERHEAD_FRAMES = 30;

/** ffmpeg's allowance when seeking in a stream with B-frames (fftools: 3 * AV_TIME_BASE / 23). */
const DTS_HEURISTIC_SEC = 3 / 23;

/** Group the wanted frames (sorted, distinct, in range) by the keyframe to decode them from. */
export function planSeeks(ix: SeekIndex, wanted: readonly number[]): SeekPlan {
  const groups: SeekGroup[] = [];
  let decodedSamples = 0;
  for (const k of wanted) {
    const s = ix.sampleOf[k]!;
    const key = keyframeFor(ix, k);
    const cur = groups[groups.length - 1];
    if (cur && key <= cur.lastSample + SEEK_OVERHEAD_FRAMES) {
      cur.frames.push(k);
      cur.pts.push(ix.pts[k]!);
      cur.lastSample = Math.max(cur.lastSample, s);
      continue;
    }
    groups.push({ keySample: key, seekSec: seekTime(ix, key), frames: [k], pts: [ix.pts[k]!], lastSample: s });
  }
  for (const g of groups) decodedSamples += g.lastSample - g.keySample + 1;
  return { groups, decodedSamples, openGop: groups.some((g) => hasLeadingPictures(ix, g.keySample)) };
}

/** The last sync sample at or before frame k in decode order whose presentation is not after k. */
export function keyframeFor(ix: SeekIndex, k: number): number {
  const s = ix.sampleOf[k]!;
  const c = ix.cts[s]!;
  let lo = 0;
  let hi = ix.sync.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ix.sync[mid]! <= s) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && ix.cts[ix.sync[lo]!]! > c) lo--;
  return ix.sync[lo]!;
}

/** Samples decoded after a keyframe but shown before it: open-GOP leading pictures. */
function hasLeadingPictures(ix: SeekIndex, key: number): boolean {
  for (let s = key + 1; s < Math.min(ix.cts.length, key + 32); s++) if (ix.cts[s]! < ix.cts[key]!) return true;
  return false;
}

/**
 * A seek time that lands on `key` or an earlier keyframe under every reading ffmpeg has had of
 * a seek target: decode or composition time, with or without the edit-list shift, with or
 * without the B-frame allowance. Null for the first keyframe (no seek at all).
 */
export function seekTime(ix: SeekIndex, key: number): number | null {
  const pos = ix.sync.indexOf(key);
  if (pos <= 0) return null;
  const ts = ix.timescale;
  // Smallest and largest time any reading gives a sample.
  const low = (s: number): number => (Math.min(ix.dts[s]!, ix.cts[s]!) - ix.shift) / ts;
  const high = (s: number): number => Math.max(ix.dts[s]!, ix.cts[s]!) / ts;
  const next = ix.sync[pos + 1];
  const nextLow = next === undefined ? Number.POSITIVE_INFINITY : low(next);
  const margin = Math.max(1 / ts, 2e-6);
  const hi = high(key);
  // Past every reading of this keyframe (plus the allowance, when it cannot overshoot the next):
  // lands exactly here. Otherwise at or below every reading: lands here or earlier.
  if (hi + 2 * margin + DTS_HEURISTIC_SEC < nextLow) return hi + margin + DTS_HEURISTIC_SEC;
  if (hi + 2 * margin < nextLow) return hi + margin;
  const lo = low(key) - margin;
  return lo > 0 ? lo : null;
}

/**
 * A select expression true exactly on the given values of `v` (sorted, distinct): a binary search,
 * so each frame costs O(log k) comparisons and nesting stays logarithmic.
 */
export function membershipExpression(v: string, sorted: readonly number[], lo = 0, hi = sorted.length): string {
  if (hi <= lo) return '0';
  if (hi - lo === 1) return `eq(${v},${sorted[lo]})`;
  const mid = (lo + hi) >>> 1;
  return (
    `if(lt(${v},${sorted[mid]}),${membershipExpression(v, sorted, lo, mid)},` +
    `${membershipExpression(v, sorted, mid, hi)})`
  );
}
