/**
 * Video-R1-style temporal clips: objects appear one after another, each sliding in one direction,
 * then a caption appears. Questions ask about order, counts, direction, "what happened after X"
 * and timing, one per Video-R1 problem type; the answers come from the event script.
 */
import { Canvas, INK, PAPER } from './canvas.js';
import { COLOUR_NAMES, SHAPES, drawShape, ocrPhrase, rgbOf, type Shape } from './names.js';
import { int, pick, sample, type Rand } from './random.js';

export const DIRECTIONS = ['LEFT', 'RIGHT', 'UP', 'DOWN'] as const;
export type Dir = (typeof DIRECTIONS)[number];

export interface ClipEvent {
  colour: string;
  shape: Shape;
  dir: Dir;
  /** Seconds from the start of the clip when the object appears. */
  at: number;
  /** Where it appears (its centre), in pixels. */
  x: number;
  y: number;
}

export interface ClipSpec {
  events: ClipEvent[];
  caption: string;
  fps: number;
  /** Total length in frames. */
  frames: number;
}

/** Pixels an object slides per frame while it is moving (its first second on screen). */
const SLIDE_PX = 2;
const LEAD_IN = 0.5;

export const objectName = (e: Pick<ClipEvent, 'colour' | 'shape'>): string => `${e.colour} ${e.shape}`;

export function planClip(rand: Rand, fps: number): ClipSpec {
  const k = int(rand, 3, 5);
  // Distinct colours so "the RED object" is never ambiguous; cells of a 3×2 grid so objects never overlap.
  const colours = sample(rand, COLOUR_NAMES, k);
  const cells = sample(rand, [0, 1, 2, 3, 4, 5], k);
  const events = colours.map((colour, i) => {
    const cell = cells[i] as number;
    return {
      colour,
      shape: pick(rand, SHAPES),
      dir: pick(rand, DIRECTIONS),
      at: LEAD_IN + i,
      x: 22 + (cell % 3) * 42,
      y: 24 + Math.floor(cell / 3) * 34,
    };
  });
  return { events, caption: ocrPhrase(rand), fps, frames: Math.round((LEAD_IN + k + 1) * fps) };
}

const DELTA: Record<Dir, [number, number]> = { LEFT: [-1, 0], RIGHT: [1, 0], UP: [0, -1], DOWN: [0, 1] };

export function renderClip(spec: ClipSpec, width: number, height: number): Canvas[] {
  const out: Canvas[] = [];
  const captionFrom = spec.frames - spec.fps;
  for (let f = 0; f < spec.frames; f++) {
    const c = new Canvas(width, height).fill(PAPER);
    const now = f / spec.fps;
    for (const e of spec.events) {
      if (now < e.at) continue;
      const moved = Math.min(spec.fps, Math.round((now - e.at) * spec.fps)) * SLIDE_PX;
      const [dx, dy] = DELTA[e.dir];
      drawShape(c, e.shape, e.x + dx * moved, e.y + dy * moved, 7, rgbOf(e.colour));
    }
    if (f >= captionFrom) {
      c.rect(0, height - 22, width, 22, INK);
      c.textCentered(spec.caption, height - 18, 2, PAPER);
    }
    out.push(c);
  }
  return out;
}

export type R1Type = 'multiple choice' | 'numerical' | 'OCR' | 'free-form' | 'regression';

/** A Video-R1 item before letters are dealt: the gold answer text, distractor pool for MC, reasoning. */
export interface R1Draft {
  problem: string;
  type: R1Type;
  /** The answer text (for MC: the gold option's text). */
  value: string;
  /** MC only: the candidate distractors (the dealer trims and orders them). */
  distractors?: string[];
  steps: string[];
  /** What was asked, for the metadata. */
  query: Record<string, unknown>;
}

/** The answer to a clip query, from the event script alone (the generator and the oracle both use it). */
export function solveClip(spec: ClipSpec, q: Record<string, unknown>): string {
  const ev = spec.events;
  const byName = (name: unknown): number => {
    const i = ev.findIndex((e) => objectName(e) === name);
    if (i < 0) throw new RangeError(`no ${String(name)} in the clip`);
    return i;
  };
  switch (q.kind) {
    case 'order':
      return objectName(ev[Number(q.rank)] as ClipEvent);
    case 'direction':
      return (ev[byName(q.object)] as ClipEvent).dir;
    case 'count':
      return String(ev.filter((e) => e.dir === q.dir).length);
    case 'caption':
      return spec.caption;
    case 'after': {
      const next = ev[byName(q.object) + 1];
      if (!next) throw new RangeError(`nothing appeared after ${String(q.object)}`);
      return `the ${objectName(next).toLowerCase()} appeared and moved ${next.dir.toLowerCase()}`;
    }
    case 'time':
      return String((ev[byName(q.object)] as ClipEvent).at);
    default:
      throw new RangeError(`unknown clip query ${String(q.kind)}`);
  }
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

export function clipItems(spec: ClipSpec, rand: Rand): R1Draft[] {
  const ev = spec.events;
  const story = ev.map((e) => `at ${e.at} s the ${objectName(e)} appeared and moved ${e.dir.toLowerCase()}`).join('; ');
  const watch = `Watching the clip: ${story}; at the end the caption "${spec.caption}" appeared.`;
  const rank = int(rand, 0, ev.length - 1);
  const ranked = ev[rank] as ClipEvent;
  const ordinal = rank === ev.length - 1 ? 'last' : (ORDINALS[rank] as string);
  const others = COLOUR_NAMES.flatMap((c) => SHAPES.map((s) => `${c} ${s}`)).filter(
    (n) => !ev.some((e) => objectName(e) === n),
  );
  const moving = pick(rand, ev);
  const dir = pick(rand, DIRECTIONS);
  const count = ev.filter((e) => e.dir === dir).length;
  const afterIdx = int(rand, 0, ev.length - 2);
  const before = ev[afterIdx] as ClipEvent;
  const next = ev[afterIdx + 1] as ClipEvent;
  const timed = pick(rand, ev);
  return [
    {
      problem: `Which object appeared ${ordinal} in the video?`,
      type: 'multiple choice',
      value: objectName(ranked),
      distractors: [...ev.filter((e) => e !== ranked).map(objectName), ...sample(rand, others, 4)],
      steps: [watch, `The ${ordinal} object to appear was the ${objectName(ranked)}.`],
      query: { kind: 'order', rank },
    },
    {
      problem: `In which direction did the ${objectName(moving)} move?`,
      type: 'multiple choice',
      value: moving.dir,
      distractors: DIRECTIONS.filter((d) => d !== moving.dir),
      steps: [watch, `The ${objectName(moving)} moved ${moving.dir.toLowerCase()}.`],
      query: { kind: 'direction', object: objectName(moving) },
    },
    {
      problem: `How many objects moved ${dir.toLowerCase()} in the video?`,
      type: 'numerical',
      value: String(count),
      steps: [
        watch,
        `Objects moving ${dir.toLowerCase()}: ${
          ev
            .filter((e) => e.dir === dir)
            .map(objectName)
            .join(', ') || 'none'
        }, so ${count}.`,
      ],
      query: { kind: 'count', dir },
    },
    {
      problem: 'What text appears in the caption at the end of the video?',
      type: 'OCR',
      value: spec.caption,
      steps: [watch, `The caption reads "${spec.caption}".`],
      query: { kind: 'caption' },
    },
    {
      problem: `What happened right after the ${objectName(before)} appeared?`,
      type: 'free-form',
      value: `the ${objectName(next).toLowerCase()} appeared and moved ${next.dir.toLowerCase()}`,
      steps: [
        watch,
        `Right after the ${objectName(before)}, the ${objectName(next)} appeared and moved ${next.dir.toLowerCase()}.`,
      ],
      query: { kind: 'after', object: objectName(before) },
    },
    {
      problem: `At what time, in seconds from the start, did the ${objectName(timed)} appear?`,
      type: 'regression',
      value: String(timed.at),
      steps: [watch, `The ${objectName(timed)} appeared ${timed.at} s after the start.`],
      query: { kind: 'time', object: objectName(timed) },
    },
  ];
}
