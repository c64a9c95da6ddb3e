/**
 * A colour-mixing law: five colours get invented numbers 0–4 (a "wheel" drawn per video), and
 * mixing two colours gives the colour numbered (n₁ + n₂) mod 5. Colours are shown as swatches.
 */
import { shuffled } from '../../core/rng.js';
import { INK, type Canvas } from '../canvas.js';
import { HEADER_H, drawLines, header, linesSlide } from '../lecture.js';
import { COLOUR_NAMES, rgbOf } from '../names.js';
import { pick, sample } from '../random.js';
import type { Family, RuleBase } from './types.js';

export interface ColourRule extends RuleBase {
  /** wheel[k] is the colour numbered k. */
  wheel: string[];
}

export type ColourQuery =
  | { kind: 'number'; colour: string; set: string[] }
  | { kind: 'mix'; x: string; y: string; set: string[] };

const N = 5;

function numberOf(r: ColourRule, colour: string): number {
  const k = r.wheel.indexOf(colour);
  if (k < 0) throw new RangeError(`${colour} is not on the wheel of ${r.name}`);
  return k;
}

/** Five swatches in a row with their numbers below. */
function drawWheel(c: Canvas, r: ColourRule, top: number): void {
  const w = 20;
  const gap = 4;
  const x0 = Math.round((c.width - (N * w + (N - 1) * gap)) / 2);
  r.wheel.forEach((col, k) => {
    const x = x0 + k * (w + gap);
    c.rect(x, top, w, w, rgbOf(col)).note(col);
    c.text(String(k), x + 5, top + w + 4, 2, INK);
  });
}

/** The options of a colour question are the wheel's five colours, in a fixed (sorted) order. */
const setOf = (r: ColourRule): string[] => [...r.wheel].sort();

export const colourFamily: Family<ColourRule, ColourQuery> = {
  name: 'colour',
  title: 'COLOUR LAW',
  subjects: ['Art', 'Art_Theory', 'Design'],
  nameSyllables: 2,

  drawRule: (rand, name) => ({ name, wheel: sample(rand, COLOUR_NAMES, N) }),
  // The set of colours is visible in the options; which number each carries is the secret.
  redraw: (rule, rand) => ({ ...rule, wheel: shuffled(rule.wheel, rand) }),
  solve(r, q) {
    const def =
      `The wheel slide numbers the colours: ${r.wheel.map((col, k) => `${col} = ${k}`).join(', ')}; ` +
      `mixing adds the numbers mod ${N}.`;
    if (q.kind === 'number')
      return {
        value: String(numberOf(r, q.colour)),
        steps: [def, `${q.colour} has the number ${numberOf(r, q.colour)}.`],
      };
    const a = numberOf(r, q.x);
    const b = numberOf(r, q.y);
    const k = (a + b) % N;
    return {
      value: r.wheel[k] as string,
      steps: [def, `${q.x} + ${q.y} = ${a} + ${b} = ${a + b}, and ${a + b} mod ${N} = ${k}, which is ${r.wheel[k]}.`],
    };
  },
  plan(r, rand) {
    const set = setOf(r);
    const pair = (): [string, string] => {
      const [x, y] = sample(rand, r.wheel, 2);
      return [x as string, y as string];
    };
    const [ex, ey] = pair();
    const example = { kind: 'mix' as const, x: ex, y: ey, set };
    const fresh = (): ColourQuery & { kind: 'mix' } => {
      for (;;) {
        const [x, y] = pair();
        if (!((x === ex && y === ey) || (x === ey && y === ex))) return { kind: 'mix', x, y, set };
      }
    };
    const c = fresh();
    const a = fresh();
    const asked = pick(rand, r.wheel);
    const law = `the ${r.name} colour law`;
    return {
      example,
      perception:
        rand() < 0.5
          ? {
              query: { kind: 'number', colour: asked, set },
              question: `In the lecture on ${law}, which number did the wheel slide give to ${asked}?`,
              open: true,
            }
          : {
              query: example,
              question: `In the lecture on ${law}, which colour did the worked example get by mixing ${ex} with ${ey}?`,
              open: false,
            },
      comprehension: {
        query: c,
        question:
          `The lecture on ${law} mixed ${ex} with ${ey}. Redo the example for ${c.x} mixed with ${c.y}: ` +
          `which colour results?`,
        open: false,
      },
      adaptation: {
        query: a,
        question:
          `<image 1> Apply ${law} taught in the lecture to the two colours in the image. Which colour ` +
          `results from mixing them?`,
        open: false,
      },
    };
  },
  teach(r, ex, { colour }) {
    if (ex.kind !== 'mix') throw new RangeError('colour example must mix');
    const a = numberOf(r, ex.x);
    const b = numberOf(r, ex.y);
    const k = (a + b) % N;
    return [
      { frames: 8, draw: (c) => (header(c, 'COLOUR NUMBERS', colour), drawWheel(c, r, HEADER_H + 20)) },
      linesSlide(
        'RULE',
        colour,
        [
          { text: 'MIX =', scale: 2 },
          { text: 'ADD', scale: 3 },
          { text: `MOD ${N}`, scale: 2 },
        ],
        6,
      ),
      {
        frames: 10,
        // The two swatches slide together, then the sum and the result swatch appear.
        draw: (c, i, n) => {
          header(c, 'EXAMPLE', colour);
          const t = Math.min(1, i / (n / 2));
          const y = HEADER_H + 8;
          c.rect(Math.round(8 + 28 * t), y, 22, 22, rgbOf(ex.x)).note(ex.x);
          c.rect(Math.round(98 - 28 * t), y, 22, 22, rgbOf(ex.y)).note(ex.y);
          if (i >= n / 2) {
            c.text(`${a}+${b}→${k}`, 26, y + 30, 2, INK);
            c.rect(53, y + 50, 22, 22, rgbOf(r.wheel[k] as string)).note(r.wheel[k] as string);
          }
        },
      },
    ];
  },
  recap: () => ['MIX = ADD', `MOD ${N}`],
  drawQuiz(c, q) {
    if (q.kind !== 'mix') throw new RangeError('colour quiz must mix');
    header(c, 'QUIZ', INK);
    const y = HEADER_H + 14;
    c.rect(8, y, 30, 30, rgbOf(q.x)).note(q.x);
    c.text('+', 46, y + 8, 2, INK);
    c.rect(60, y, 30, 30, rgbOf(q.y)).note(q.y);
    c.text('=?', 96, y + 8, 2, INK);
    drawLines(c, [{ text: 'MIX', scale: 2 }], y + 36);
  },
  describeQuiz: (q) =>
    q.kind === 'mix' ? `the quiz image shows a ${q.x} swatch plus a ${q.y} swatch` : 'the quiz image',
};
