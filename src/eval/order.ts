/**
 * The order a run's requests go out in. `dataset`: as the task planned them. `video` (default):
 * the requests of one video together, in the order the videos first appear; within a video the
 * requests that show the identical frames first (same frames, different question: the largest such
 * group first), then those that add an image after the frames (the frames are still a shared
 * prefix), then the shuffled-frame probes (a different prefix each). A server with a prefix cache
 * (vLLM automatic prefix caching, SGLang's radix cache) then computes a video's KV once and reuses
 * it for the questions that follow. Text-only and lone-image requests keep their planned places
 * relative to each other, after the videos. Pure and stable: the same plan gives the same order.
 * (runUnits also sends a video's first request alone and the rest once it is answered: see
 * runGrouped in pool.ts.)
 */
import type { QuizImage } from '../core/types.js';
import type { UnitSpec, VisualSpec } from '../tasks/types.js';

export const ORDERS = ['video', 'dataset'] as const;
export type RequestOrder = (typeof ORDERS)[number];

/** The video a unit shows, or null for text-only and lone-image units. */
export function videoOf(v: VisualSpec): string | null {
  return v.kind === 'video' ? v.path : null;
}

/** Rank of a unit's visual within its video: identical frames, frames + image, shuffled frames. */
function prefixRank(v: VisualSpec): number {
  if (v.kind !== 'video') return 0;
  if (v.shuffleSeed !== undefined) return 2;
  return v.appendImage ? 1 : 0;
}

/** Image bytes carried in the plan (parquet quiz images) are told apart by identity, not content. */
const byteIds = new WeakMap<Uint8Array, number>();
let nextByteId = 0;
function imageKey(img: QuizImage): string {
  if (img.path !== undefined) return `p:${img.path}`;
  let id = byteIds.get(img.bytes);
  if (id === undefined) byteIds.set(img.bytes, (id = ++nextByteId));
  return `b:${id}`;
}

/** Units with the same key show exactly the same visual input. */
function visualKey(v: Extract<VisualSpec, { kind: 'video' }>): string {
  const img = v.appendImage ? imageKey(v.appendImage) : '';
  return `${v.path}\0${img}\0${v.shuffleSeed ?? ''}`;
}

export function orderUnits<T extends UnitSpec>(units: readonly T[], order: RequestOrder = 'video'): T[] {
  if (order === 'dataset') return [...units];
  const byVideo = new Map<string, T[]>();
  const rest: T[] = [];
  for (const u of units) {
    const video = videoOf(u.visual);
    if (video === null) {
      rest.push(u);
      continue;
    }
    const list = byVideo.get(video);
    if (list) list.push(u);
    else byVideo.set(video, [u]);
  }
  const out: T[] = [];
  for (const list of byVideo.values()) out.push(...orderWithinVideo(list));
  return [...out, ...rest];
}

function orderWithinVideo<T extends UnitSpec>(units: readonly T[]): T[] {
  const groups = new Map<string, { rank: number; first: number; units: T[] }>();
  units.forEach((u, i) => {
    const k = u.visual.kind === 'video' ? visualKey(u.visual) : String(i);
    const g = groups.get(k);
    if (g) g.units.push(u);
    else groups.set(k, { rank: prefixRank(u.visual), first: i, units: [u] });
  });
  return [...groups.values()]
    .sort((a, b) => a.rank - b.rank || b.units.length - a.units.length || a.first - b.first)
    .flatMap((g) => g.units);
}
