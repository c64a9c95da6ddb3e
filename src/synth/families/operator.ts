/** An invented binary operator: A ⊕ B = p·A + q·B, with p ≠ q drawn per video (order matters). */
import { INK } from '../canvas.js';
import { drawLines, header, linesSlide } from '../lecture.js';
import { int, pick } from '../random.js';
import type { Family, RuleBase } from './types.js';

export interface OperatorRule extends RuleBase {
  sym: string;
  p: number;
  q: number;
}

export type OperatorQuery = { kind: 'coef'; of: 'A' | 'B' } | { kind: 'apply'; a: number; b: number; sym: string };

// Symbols that stay distinct from digits and letters at 5×7 (a circled ⊗ reads as a zero).
const SYMBOLS = ['#', '&', '@', '◇'];

const formula = (r: OperatorRule): string => `${r.p}A+${r.q}B`;

export const operatorFamily: Family<OperatorRule, OperatorQuery> = {
  name: 'operator',
  title: 'OPERATOR',
  subjects: ['Math', 'Computer_Science', 'Accounting'],
  nameSyllables: 2,

  drawRule(rand, name) {
    const p = int(rand, 1, 9);
    let q = int(rand, 1, 8);
    if (q >= p) q++;
    return { name, sym: pick(rand, SYMBOLS), p, q };
  },
  redraw(rule, rand) {
    // The symbol is in every question; only the coefficients are the video's secret.
    return { ...operatorFamily.drawRule(rand, rule.name), sym: rule.sym };
  },
  solve(r, q) {
    if (q.kind === 'coef') {
      const v = q.of === 'A' ? r.p : r.q;
      return {
        value: String(v),
        steps: [`The rule slide defines A ${r.sym} B = ${r.p}A + ${r.q}B.`, `The coefficient of ${q.of} is ${v}.`],
      };
    }
    const v = r.p * q.a + r.q * q.b;
    return {
      value: String(v),
      steps: [
        `The rule slide defines A ${r.sym} B = ${r.p}A + ${r.q}B.`,
        `With A = ${q.a} and B = ${q.b}: ${r.p} × ${q.a} + ${r.q} × ${q.b} = ${r.p * q.a} + ${r.q * q.b} = ${v}.`,
      ],
    };
  },
  plan(r, rand) {
    const example = { kind: 'apply' as const, a: int(rand, 1, 9), b: int(rand, 1, 9), sym: r.sym };
    const fresh = (): OperatorQuery & { kind: 'apply' } => {
      for (;;) {
        const c = { kind: 'apply' as const, a: int(rand, 1, 9), b: int(rand, 1, 9), sym: r.sym };
        if (c.a !== example.a || c.b !== example.b) return c;
      }
    };
    const of = pick(rand, ['A', 'B'] as const);
    const lecture = `the lecture on the ${r.name} operator ${r.sym}`;
    const perception =
      rand() < 0.5
        ? {
            query: { kind: 'coef' as const, of },
            question: `In ${lecture}, what is the coefficient of ${of} in the rule for A ${r.sym} B?`,
            open: true,
          }
        : {
            query: example,
            question: `In ${lecture}, what result did the worked example show for ${example.a} ${r.sym} ${example.b}?`,
            open: true,
          };
    const c = fresh();
    const a = fresh();
    return {
      example,
      perception,
      comprehension: {
        query: c,
        question:
          `In ${lecture}, the worked example computed ${example.a} ${r.sym} ${example.b}. Redo it with A = ` +
          `${c.a} and B = ${c.b}: what is ${c.a} ${r.sym} ${c.b}?`,
        open: true,
      },
      adaptation: {
        query: a,
        question:
          `<image 1> The image shows a new case for the ${r.name} operator ${r.sym} taught in the lecture. ` +
          `What is the result?`,
        open: true,
      },
    };
  },
  teach(r, ex, { colour }) {
    if (ex.kind !== 'apply') throw new RangeError('operator example must apply the rule');
    const v = r.p * ex.a + r.q * ex.b;
    return [
      linesSlide('RULE', colour, [{ text: `A${r.sym}B =` }, { text: formula(r) }], 8),
      {
        frames: 10,
        // The working appears in two steps: the case, then the expansion, then the value.
        draw: (c, i) => {
          header(c, 'EXAMPLE', colour);
          const lines = [{ text: `${ex.a}${r.sym}${ex.b}` }];
          if (i >= 3) lines.push({ text: `${r.p}×${ex.a}+${r.q}×${ex.b}` });
          if (i >= 6) lines.push({ text: `= ${v}` });
          drawLines(c, lines);
        },
      },
    ];
  },
  recap: (r) => [`A${r.sym}B`, `=${formula(r)}`],
  drawQuiz(c, q) {
    if (q.kind !== 'apply') throw new RangeError('operator quiz must apply the rule');
    header(c, 'QUIZ', INK);
    drawLines(c, [{ text: `${q.a}${q.sym}${q.b}` }, { text: '= ?' }]);
  },
  describeQuiz: (q) =>
    q.kind === 'apply' ? `the quiz image shows ${q.a} ${q.sym} ${q.b}, so A = ${q.a} and B = ${q.b}` : 'the quiz image',
};
