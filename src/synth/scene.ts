/**
 * Image-only items (Video-R1 mixes image data into its training set): one rendered PNG with a few
 * coloured shapes and a caption, asked about by count, colour and text.
 */
import { Canvas, INK, PAPER } from './canvas.js';
import { COLOUR_NAMES, SHAPES, drawShape, ocrPhrase, rgbOf, type Shape } from './names.js';
import { int, pick, sample, type Rand } from './random.js';
import type { R1Draft } from './temporal.js';

export interface SceneObject {
  colour: string;
  shape: Shape;
  x: number;
  y: number;
}

export interface SceneSpec {
  objects: SceneObject[];
  caption: string;
}

const plural = (s: string): string => (s.endsWith('S') ? `${s}ES` : `${s}S`);

export function planScene(rand: Rand): SceneSpec {
  const k = int(rand, 3, 6);
  const cells = sample(rand, [0, 1, 2, 3, 4, 5, 6, 7], k);
  const objects = cells.map((cell) => ({
    colour: pick(rand, COLOUR_NAMES),
    shape: pick(rand, SHAPES),
    x: 16 + (cell % 4) * 32,
    y: 20 + Math.floor(cell / 4) * 30,
  }));
  return { objects, caption: ocrPhrase(rand) };
}

export function renderScene(s: SceneSpec, width: number, height: number): Canvas {
  const c = new Canvas(width, height).fill(PAPER);
  for (const o of s.objects) drawShape(c, o.shape, o.x, o.y, 9, rgbOf(o.colour));
  c.rect(0, height - 22, width, 22, INK);
  c.textCentered(s.caption, height - 18, 2, PAPER);
  return c;
}

/** The answer to a scene query, from the scene alone (the generator and the oracle both use it). */
export function solveScene(s: SceneSpec, q: Record<string, unknown>): string {
  switch (q.kind) {
    case 'count':
      return String(s.objects.filter((o) => o.shape === q.shape).length);
    case 'caption':
      return s.caption;
    case 'colour': {
      const o = s.objects.find((x) => x.shape === q.shape);
      if (!o) throw new RangeError(`no ${String(q.shape)} in the scene`);
      return o.colour;
    }
    default:
      throw new RangeError(`unknown scene query ${String(q.kind)}`);
  }
}

export function sceneItems(s: SceneSpec, rand: Rand): R1Draft[] {
  const seen =
    `The image shows ${s.objects.map((o) => `a ${o.colour} ${o.shape}`).join(', ')}, and the caption ` +
    `"${s.caption}".`;
  const shape = pick(rand, SHAPES);
  const n = s.objects.filter((o) => o.shape === shape).length;
  // A shape that occurs exactly once names one object unambiguously.
  const unique = s.objects.filter((o) => s.objects.filter((p) => p.shape === o.shape).length === 1);
  const items: R1Draft[] = [
    {
      problem: `How many ${plural(shape)} are in the image?`,
      type: 'numerical',
      value: String(n),
      steps: [seen, `Counting the ${plural(shape)} gives ${n}.`],
      query: { kind: 'count', shape },
    },
    {
      problem: 'What text is written in the caption of the image?',
      type: 'OCR',
      value: s.caption,
      steps: [seen, `The caption reads "${s.caption}".`],
      query: { kind: 'caption' },
    },
  ];
  if (unique.length > 0) {
    const o = pick(rand, unique);
    items.push({
      problem: `What colour is the ${o.shape} in the image?`,
      type: 'multiple choice',
      value: o.colour,
      distractors: COLOUR_NAMES.filter((c) => c !== o.colour),
      steps: [seen, `There is one ${o.shape}, and it is ${o.colour}.`],
      query: { kind: 'colour', shape: o.shape },
    });
  }
  return items;
}
