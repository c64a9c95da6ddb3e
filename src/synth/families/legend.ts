/**
 * A symbol legend: four shapes stand for invented values (an unknown numeral system), and a row of
 * symbols is read as the sum of their values.
 */
import { INK, type Canvas } from '../canvas.js';
import { HEADER_H, drawLines, header } from '../lecture.js';
import { SHAPES, drawShape, type Shape } from '../names.js';
import { int, sample, type Rand } from '../random.js';
import type { Family, RuleBase } from './types.js';

export interface LegendRule extends RuleBase {
  shapes: Shape[];
  values: number[];
}

export type LegendQuery = { kind: 'value'; shape: Shape } | { kind: 'sum'; seq: Shape[] };

const valueOf = (r: LegendRule, s: Shape): number => {
  const k = r.shapes.indexOf(s);
  if (k < 0) throw new RangeError(`${s} is not in the legend of ${r.name}`);
  return r.values[k] as number;
};

/** A row of symbols centred at height y. */
function drawRow(c: Canvas, seq: readonly Shape[], y: number): void {
  const step = 24;
  const x0 = Math.round(c.width / 2 - ((seq.length - 1) * step) / 2);
  seq.forEach((s, i) => drawShape(c, s, x0 + i * step, y, 8, INK));
}

const values = (rand: Rand): number[] => sample(rand, [1, 2, 3, 4, 5, 6, 7, 8, 9], 4);
const seqWords = (seq: readonly Shape[]): string => seq.join(' ');

/** `3 + 3 + 2 + 3 = 6 + 2 + 3 = 8 + 3 = 11`: one addition per `=`, left to right. */
export function runningSum(vs: readonly number[]): string {
  const parts = [vs.join(' + ')];
  for (let rest = [...vs]; rest.length > 1; ) {
    rest = [rest[0]! + rest[1]!, ...rest.slice(2)];
    parts.push(rest.join(' + '));
  }
  return parts.join(' = ');
}

export const legendFamily: Family<LegendRule, LegendQuery> = {
  name: 'legend',
  title: 'LEGEND',
  subjects: ['History', 'Literature', 'Sociology', 'Geography', 'Diagnostics_and_Laboratory_Medicine'],
  nameSyllables: 2,

  drawRule: (rand, name) => ({ name, shapes: sample(rand, SHAPES, 4), values: values(rand) }),
  // Which shapes are used shows in the quiz; the values are the video's secret.
  redraw: (rule, rand) => ({ ...rule, values: values(rand) }),
  solve(r, q) {
    const def = `The legend slide gives ${r.shapes.map((s) => `${s} = ${valueOf(r, s)}`).join(', ')}.`;
    if (q.kind === 'value')
      return { value: String(valueOf(r, q.shape)), steps: [def, `So a ${q.shape} is worth ${valueOf(r, q.shape)}.`] };
    const vs = q.seq.map((s) => valueOf(r, s));
    const v = vs.reduce((a, b) => a + b, 0);
    return {
      value: String(v),
      steps: [def, `A row of symbols is the sum of their values: ${q.seq.join(' + ')} = ${runningSum(vs)}.`],
    };
  },
  plan(r, rand) {
    const row = (): Shape[] => Array.from({ length: int(rand, 3, 4) }, () => r.shapes[int(rand, 0, 3)] as Shape);
    const example = { kind: 'sum' as const, seq: row() };
    const fresh = (): LegendQuery => {
      for (;;) {
        const seq = row();
        if (seq.join() !== example.seq.join()) return { kind: 'sum', seq };
      }
    };
    const c = fresh();
    const a = fresh();
    const asked = r.shapes[int(rand, 0, 3)] as Shape;
    const legend = `the ${r.name} legend`;
    return {
      example,
      perception:
        rand() < 0.5
          ? {
              query: { kind: 'value', shape: asked },
              question: `In the lecture on ${legend}, what value does the legend give a ${asked}?`,
              open: true,
            }
          : {
              query: example,
              question:
                `In the lecture on ${legend}, what total did the worked example give for the row ` +
                `${seqWords(example.seq)}?`,
              open: true,
            },
      comprehension: {
        query: c,
        question:
          `The lecture on ${legend} read the row ${seqWords(example.seq)}. Redo the example for the row ` +
          `${c.kind === 'sum' ? seqWords(c.seq) : ''}: what is its total?`,
        open: true,
      },
      adaptation: {
        query: a,
        question:
          `<image 1> Read the row of symbols in the image with ${legend} taught in the lecture. What total ` +
          `does it stand for?`,
        open: true,
      },
    };
  },
  teach(r, ex, { colour }) {
    if (ex.kind !== 'sum') throw new RangeError('legend example must sum a row');
    const vs = ex.seq.map((s) => valueOf(r, s));
    return [
      {
        frames: 8,
        draw: (c) => {
          header(c, 'LEGEND', colour);
          r.shapes.forEach((s, k) => {
            const y = HEADER_H + 12 + k * 21;
            drawShape(c, s, 40, y, 8, INK);
            c.text(`= ${valueOf(r, s)}`, 56, y - 7, 2, INK);
          });
        },
      },
      {
        frames: 10,
        draw: (c, i) => {
          header(c, 'EXAMPLE', colour);
          drawRow(c, ex.seq, HEADER_H + 16);
          const lines = [];
          if (i >= 3) lines.push({ text: vs.join('+'), scale: 2 });
          if (i >= 6) lines.push({ text: `= ${vs.reduce((a, b) => a + b, 0)}` });
          if (lines.length) drawLines(c, lines, HEADER_H + 28);
        },
      },
    ];
  },
  recap: () => ['ROW =', 'SUM OF', 'SYMBOLS'],
  drawQuiz(c, q) {
    if (q.kind !== 'sum') throw new RangeError('legend quiz must be a row');
    header(c, 'QUIZ', INK);
    drawRow(c, q.seq, HEADER_H + 20);
    drawLines(c, [{ text: '= ?' }], HEADER_H + 34);
  },
  describeQuiz: (q) => (q.kind === 'sum' ? `the quiz image shows the row ${seqWords(q.seq)}` : 'the quiz image'),
};
