/** The vocabulary of the synthetic world: colours, shapes, invented words. */
import { Canvas, type Rgb } from './canvas.js';
import { int, pick, type Rand } from './random.js';

/** Named colours, far apart in RGB and in luma, so each survives yuv420p and a JPEG round trip. */
export const COLOURS: Record<string, Rgb> = {
  RED: [215, 35, 35],
  GREEN: [30, 160, 60],
  BLUE: [35, 75, 215],
  YELLOW: [240, 205, 20],
  PURPLE: [135, 55, 175],
  ORANGE: [245, 135, 15],
  PINK: [245, 115, 185],
  CYAN: [30, 195, 210],
  BROWN: [120, 75, 35],
  GRAY: [125, 125, 125],
};
export const COLOUR_NAMES = Object.keys(COLOURS);

export function rgbOf(name: string): Rgb {
  const c = COLOURS[name];
  if (!c) throw new RangeError(`unknown colour ${name}`);
  return c;
}

export const SHAPES = ['CIRCLE', 'SQUARE', 'TRIANGLE', 'DIAMOND', 'CROSS'] as const;
export type Shape = (typeof SHAPES)[number];

/** Draw a filled shape of "radius" r centred at (cx, cy). */
export function drawShape(c: Canvas, shape: Shape, cx: number, cy: number, r: number, col: Rgb): void {
  c.note(shape);
  switch (shape) {
    case 'CIRCLE':
      c.circle(cx, cy, r, col);
      break;
    case 'SQUARE':
      c.rect(cx - r, cy - r, 2 * r, 2 * r, col);
      break;
    case 'TRIANGLE':
      c.triangle(cx, cy - r, cx - r, cy + r, cx + r, cy + r, col);
      break;
    case 'DIAMOND':
      c.triangle(cx, cy - r, cx - r, cy, cx + r, cy, col);
      c.triangle(cx - r, cy, cx, cy + r, cx + r, cy, col);
      break;
    case 'CROSS': {
      const t = Math.max(2, Math.round(r * 0.6));
      c.rect(cx - r, cy - t / 2, 2 * r, t, col);
      c.rect(cx - t / 2, cy - r, t, 2 * r, col);
      break;
    }
  }
}

const CONSONANTS = 'BDFGKLMNPRSTVZ';
const VOWELS = 'AEIOU';

/** An invented, pronounceable word (CVCV or CVC): names concepts and units nobody has seen before. */
export function inventWord(rand: Rand, syllables = 2): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(rand, [...CONSONANTS]) + pick(rand, [...VOWELS]);
  return rand() < 0.5 ? w : w + pick(rand, [...CONSONANTS]);
}

/** Words for OCR items: two invented words, e.g. "KAVO LUMEN" → short enough for one 128 px line. */
export function ocrPhrase(rand: Rand): string {
  return `${inventWord(rand, 1)}${pick(rand, [...VOWELS])} ${inventWord(rand, int(rand, 1, 2))}`.slice(0, 10).trim();
}
