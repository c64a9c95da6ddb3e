/** A unit conversion with an invented rate: 1 ZOK = r KEP, both unit names invented per video. */
import { INK } from '../canvas.js';
import { drawLines, header, linesSlide } from '../lecture.js';
import { inventWord } from '../names.js';
import { int } from '../random.js';
import type { Family, RuleBase } from './types.js';

/** `name` is the big unit. */
export interface UnitsRule extends RuleBase {
  small: string;
  rate: number;
}

export type UnitsQuery =
  | { kind: 'rate'; big: string; small: string }
  | { kind: 'convert'; x: number; big: string; small: string };

export const unitsFamily: Family<UnitsRule, UnitsQuery> = {
  name: 'units',
  title: 'UNITS',
  subjects: ['Finance', 'Economics', 'Pharmacy', 'Chemistry', 'Energy_and_Power'],
  nameSyllables: 1,

  drawRule(rand, name) {
    let small = inventWord(rand, 1);
    while (small === name) small = inventWord(rand, 1);
    return { name, small, rate: int(rand, 2, 12) };
  },
  // Unit names are in the questions; only the rate is the video's secret.
  redraw: (rule, rand) => ({ ...rule, rate: int(rand, 2, 12) }),
  solve(r, q) {
    const def = `The rule slide says 1 ${r.name} = ${r.rate} ${r.small}.`;
    if (q.kind === 'rate') return { value: String(r.rate), steps: [def] };
    const v = q.x * r.rate;
    return { value: String(v), steps: [def, `So ${q.x} ${r.name} = ${q.x} × ${r.rate} = ${v} ${r.small}.`] };
  },
  plan(r, rand) {
    const units = { big: r.name, small: r.small };
    const example = { kind: 'convert' as const, x: int(rand, 2, 9), ...units };
    const fresh = (): UnitsQuery => {
      for (;;) {
        const x = int(rand, 2, 12);
        if (x !== example.x) return { kind: 'convert', x, ...units };
      }
    };
    const c = fresh();
    const a = fresh();
    const cx = c.kind === 'convert' ? c.x : 0;
    return {
      example,
      perception:
        rand() < 0.5
          ? {
              query: { kind: 'rate', ...units },
              question: `According to the lecture's rule slide, how many ${r.small} make one ${r.name}?`,
              open: true,
            }
          : {
              query: example,
              question: `In the lecture's worked example, how many ${r.small} did ${example.x} ${r.name} convert to?`,
              open: true,
            },
      comprehension: {
        query: c,
        question:
          `The lecture converted ${example.x} ${r.name} into ${r.small}. Redo the conversion for ${cx} ` +
          `${r.name}: how many ${r.small} is that?`,
        open: true,
      },
      adaptation: {
        query: a,
        question:
          `<image 1> Using the conversion between ${r.name} and ${r.small} taught in the lecture, answer ` +
          `the question in the image: how many ${r.small}?`,
        open: true,
      },
    };
  },
  teach(r, ex, { colour }) {
    if (ex.kind !== 'convert') throw new RangeError('units example must convert');
    const v = ex.x * r.rate;
    return [
      linesSlide(
        'RULE',
        colour,
        [{ text: `1 ${r.name}` }, { text: '=', scale: 2 }, { text: `${r.rate} ${r.small}` }],
        8,
      ),
      {
        frames: 10,
        draw: (c, i) => {
          header(c, 'EXAMPLE', colour);
          const lines = [{ text: `${ex.x} ${r.name}` }];
          if (i >= 3) lines.push({ text: `${ex.x}×${r.rate}` });
          if (i >= 6) lines.push({ text: `=${v} ${r.small}` });
          drawLines(c, lines);
        },
      },
    ];
  },
  recap: (r) => [`1 ${r.name} =`, `${r.rate} ${r.small}`],
  drawQuiz(c, q) {
    if (q.kind !== 'convert') throw new RangeError('units quiz must convert');
    header(c, 'QUIZ', INK);
    drawLines(c, [{ text: `${q.x} ${q.big}` }, { text: `= ? ${q.small}` }]);
  },
  describeQuiz: (q) =>
    q.kind === 'convert' ? `the quiz image asks how many ${q.small} make ${q.x} ${q.big}` : 'the quiz image',
};
