/**
 * A physical rule shown by a moving object: a ball moves a fixed number of steps per second in one
 * direction. The lecture states the speed and direction and animates the ball along a marked track.
 */
import { INK, type Canvas, type Rgb } from '../canvas.js';
import { HEADER_H, drawLines, header } from '../lecture.js';
import { int, pick } from '../random.js';
import type { Family, RuleBase } from './types.js';

export type Direction = 'LEFT' | 'RIGHT';

export interface MotionRule extends RuleBase {
  speed: number;
  dir: Direction;
}

export type MotionQuery = { kind: 'speed' } | { kind: 'where'; start: number; t: number };

const BALL: Rgb = [215, 35, 35];
/** Start marks are high enough that moving left for 3 s at the top speed stays positive. */
const START_MIN = 16;
const START_MAX = 24;

const endOf = (r: MotionRule, q: { start: number; t: number }): number =>
  q.start + (r.dir === 'RIGHT' ? 1 : -1) * r.speed * q.t;

/**
 * A horizontal track with a tick per step, the ball `moved` steps from its start. Steps are drawn
 * up to 8 px apart, closer when the whole move would not fit the frame.
 */
function drawTrack(c: Canvas, y: number, sign: number, totalSteps: number, moved: number): void {
  const stepPx = Math.min(8, Math.floor((c.width - 24) / Math.max(1, totalSteps)));
  const x0 = sign > 0 ? 12 : c.width - 12;
  c.rect(4, y + 6, c.width - 8, 2, INK);
  for (let k = 0; k <= totalSteps; k++) c.rect(x0 + sign * k * stepPx, y + 3, 1, 8, INK);
  c.circle(Math.round(x0 + sign * moved * stepPx), y, 5, BALL);
}

export const motionFamily: Family<MotionRule, MotionQuery> = {
  name: 'motion',
  title: 'MOTION',
  subjects: ['Physics', 'Mechanical_Engineering'],
  nameSyllables: 2,

  drawRule: (rand, name) => ({ name, speed: int(rand, 1, 5), dir: pick(rand, ['LEFT', 'RIGHT'] as const) }),
  redraw: (rule, rand) => motionFamily.drawRule(rand, rule.name),
  solve(r, q) {
    const def =
      `The rule slide says the ${r.name} ball moves ${r.speed} step${r.speed === 1 ? '' : 's'} per second ` +
      `to the ${r.dir}.`;
    if (q.kind === 'speed') return { value: String(r.speed), steps: [def] };
    const v = endOf(r, q);
    const op = r.dir === 'RIGHT' ? '+' : '−';
    // One operation per `=`: the product, then the sum (a small model gets `17 + 4 × 3` in one step wrong).
    return {
      value: String(v),
      steps: [
        def,
        `Starting at mark ${q.start} and moving ${r.dir} for ${q.t} s: ${q.start} ${op} ${r.speed} × ${q.t} = ` +
          `${q.start} ${op} ${r.speed * q.t} = ${v}.`,
      ],
    };
  },
  plan(r, rand) {
    const where = (): MotionQuery & { kind: 'where' } => ({
      kind: 'where',
      start: int(rand, START_MIN, START_MAX),
      t: int(rand, 1, 3),
    });
    const example = where();
    const fresh = (): MotionQuery & { kind: 'where' } => {
      for (;;) {
        const q = where();
        if (q.start !== example.start || q.t !== example.t) return q;
      }
    };
    const c = fresh();
    const a = fresh();
    const ball = `the ${r.name} ball`;
    return {
      example,
      perception:
        rand() < 0.5
          ? {
              query: { kind: 'speed' },
              question: `In the lecture on ${ball}, how many steps per second does the ball move?`,
              open: true,
            }
          : {
              query: example,
              question:
                `In the lecture's demonstration of ${ball}, the ball started at mark ${example.start}. At ` +
                `which mark did it stop after ${example.t} s?`,
              open: true,
            },
      comprehension: {
        query: c,
        question:
          `The lecture on ${ball} ran it from mark ${example.start} for ${example.t} s. Redo the example ` +
          `from mark ${c.start} for ${c.t} s: at which mark does it end?`,
        open: true,
      },
      adaptation: {
        query: a,
        question:
          `<image 1> The image gives the start mark and the time for ${ball} taught in the lecture. At ` +
          `which mark does the ball end?`,
        open: true,
      },
    };
  },
  teach(r, ex, { colour, fps }) {
    if (ex.kind !== 'where') throw new RangeError('motion example must move the ball');
    const sign = r.dir === 'RIGHT' ? 1 : -1;
    const end = endOf(r, ex);
    const frames = ex.t * fps + 2;
    return [
      {
        frames: 8,
        draw: (c) => {
          header(c, 'RULE', colour);
          c.textCentered(`${r.speed} STEP/S`, HEADER_H + 10, 2, INK);
          const y = HEADER_H + 56;
          c.circle(sign > 0 ? 30 : 98, y, 6, BALL);
          c.arrow(sign > 0 ? 42 : 86, y, sign > 0 ? 100 : 28, y, 3, INK).note(sign > 0 ? '→' : '←');
        },
      },
      {
        frames,
        // The ball moves `speed` steps per second of video: the animation IS the rule.
        draw: (c, i) => {
          header(c, 'EXAMPLE', colour);
          const t = Math.min(ex.t, i / fps);
          drawTrack(c, HEADER_H + 50, sign, r.speed * ex.t, r.speed * t);
          c.text(`T=${Math.floor(t)}`, 6, HEADER_H + 6, 2, INK);
          c.text(`AT ${i >= frames - 2 ? end : ex.start}`, 54, HEADER_H + 6, 2, INK);
        },
      },
    ];
  },
  recap: (r) => [`${r.speed} STEP/S`, r.dir === 'RIGHT' ? 'TO THE →' : 'TO THE ←'],
  drawQuiz(c, q) {
    if (q.kind !== 'where') throw new RangeError('motion quiz must place the ball');
    header(c, 'QUIZ', INK);
    drawLines(c, [
      { text: `START ${q.start}`, scale: 2 },
      { text: `TIME ${q.t} S`, scale: 2 },
      { text: 'END ?', scale: 2 },
    ]);
  },
  describeQuiz: (q) =>
    q.kind === 'where' ? `the quiz image gives start mark ${q.start} and time ${q.t} s` : 'the quiz image',
};
