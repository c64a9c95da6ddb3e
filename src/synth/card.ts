/**
 * The dataset card: what was generated, how it is balanced, and what a model gets without
 * learning anything (random and frequent-choice baselines, question-only guessers on Adaptation).
 * Deterministic: no dates or timings, so the same seed gives a byte-identical card.
 */
import { TRACKS } from '../core/types.js';
import { baselines } from '../tasks/videommmu/baselines.js';
import { disciplineMap } from './families/index.js';
import { leakage, openFrequentAccuracy, type LeakageReport } from './guessers.js';
import { LETTERS } from './mc.js';
import { SPLITS, type DatasetPlan, type UnitSpec } from './plan.js';
import { r1Entries } from './records.js';

export interface CotStats {
  total: number;
  kept: number;
  by_type: Record<string, { total: number; kept: number }>;
}

export interface Card {
  name: string;
  config: DatasetPlan['config'];
  videos: {
    total: number;
    by_split: Record<string, number>;
    by_family: Record<string, number>;
    by_discipline: Record<string, number>;
    by_subject: Record<string, number>;
  };
  frames: {
    lecture: number;
    question_only: number;
    clip: number;
    fps: { lecture: number; clip: number };
    size: string;
  };
  families: ReturnType<typeof disciplineMap>;
  videommmu: {
    questions: number;
    by_track: Record<string, number>;
    by_track_type: Record<string, Record<string, number>>;
    by_discipline: Record<string, number>;
    by_family: Record<string, number>;
    answer_letters: Record<string, Record<string, number>>;
    baselines: Record<string, ReturnType<typeof baselines>>;
    adaptation_question_only: { multiple_choice: LeakageReport; open_frequent_answer: number; open_n: number };
  };
  videor1: {
    records: number;
    by_split: Record<string, number>;
    by_problem_type: Record<string, number>;
    by_data_type: Record<string, number>;
    by_source: Record<string, number>;
    answer_letters: Record<string, number>;
    random_mc: number;
    frequent_letter_mc: number;
    cot: CotStats;
  };
}

const inc = (m: Record<string, number>, k: string, by = 1): void => {
  m[k] = (m[k] ?? 0) + by;
};

export function sortedRecord(m: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildCard(plan: DatasetPlan, frames: Card['frames'], cot: CotStats): Card {
  const units = plan.units;
  const count = (key: (u: UnitSpec) => string): Record<string, number> => {
    const m: Record<string, number> = {};
    for (const u of units) inc(m, key(u));
    return sortedRecord(m);
  };
  const qs = units.flatMap((u) => u.questions.map((q) => ({ u, q })));
  const byTrackType: Record<string, Record<string, number>> = {};
  const letters: Record<string, Record<string, number>> = {};
  const base: Record<string, ReturnType<typeof baselines>> = {};
  for (const t of TRACKS) {
    const tq = qs.filter((x) => x.q.track === t);
    byTrackType[t] = {};
    letters[t] = {};
    for (const { q } of tq) {
      inc(byTrackType[t], q.questionType);
      if (q.questionType === 'multiple-choice') inc(letters[t], q.answer);
    }
    letters[t] = sortedRecord(letters[t]);
    base[t] = baselines(tq.map(({ q }) => ({ questionType: q.questionType, options: q.options, answer: q.answer })));
  }
  base.overall = baselines(qs.map(({ q }) => ({ questionType: q.questionType, options: q.options, answer: q.answer })));
  const adaptation = qs.filter((x) => x.q.track === 'Adaptation');
  const adaptMc = adaptation
    .filter((x) => x.q.questionType === 'multiple-choice')
    .map(({ q }) => ({ question: q.question, options: q.options, answer: q.answer }));
  const adaptOpen = adaptation.filter((x) => x.q.questionType === 'open').map(({ q }) => q.answer);

  const entries = units.flatMap((u) => r1Entries(u));
  const r1 = {
    by_split: {} as Record<string, number>,
    by_problem_type: {} as Record<string, number>,
    by_data_type: {} as Record<string, number>,
    by_source: {} as Record<string, number>,
    letters: {} as Record<string, number>,
  };
  let randomMc = 0;
  let mcN = 0;
  for (const e of entries) {
    inc(r1.by_split, e.unit.split);
    inc(r1.by_problem_type, e.item.type);
    inc(r1.by_data_type, e.dataType);
    inc(r1.by_source, e.source);
    if (e.item.type === 'multiple choice') {
      inc(r1.letters, e.item.answer);
      randomMc += 1 / e.item.options.length;
      mcN++;
    }
  }
  const topLetter = Math.max(0, ...Object.values(r1.letters));
  return {
    name: 'vreason synthetic lecture world',
    config: plan.config,
    videos: {
      total: units.length,
      by_split: Object.fromEntries(SPLITS.map((s) => [s, units.filter((u) => u.split === s).length])),
      by_family: count((u) => u.family),
      by_discipline: count((u) => u.discipline),
      by_subject: count((u) => u.subject),
    },
    frames,
    families: disciplineMap(),
    videommmu: {
      questions: qs.length,
      by_track: Object.fromEntries(TRACKS.map((t) => [t, qs.filter((x) => x.q.track === t).length])),
      by_track_type: byTrackType,
      by_discipline: sortedRecord(qs.reduce<Record<string, number>>((m, x) => (inc(m, x.u.discipline), m), {})),
      by_family: sortedRecord(qs.reduce<Record<string, number>>((m, x) => (inc(m, x.u.family), m), {})),
      answer_letters: letters,
      baselines: base,
      adaptation_question_only: {
        multiple_choice: leakage(adaptMc),
        open_frequent_answer: openFrequentAccuracy(adaptOpen),
        open_n: adaptOpen.length,
      },
    },
    videor1: {
      records: entries.length,
      by_split: sortedRecord(r1.by_split),
      by_problem_type: sortedRecord(r1.by_problem_type),
      by_data_type: sortedRecord(r1.by_data_type),
      by_source: sortedRecord(r1.by_source),
      answer_letters: sortedRecord(r1.letters),
      random_mc: mcN ? randomMc / mcN : 0,
      frequent_letter_mc: mcN ? topLetter / mcN : 0,
      cot,
    },
  };
}

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`;

function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function renderCardMarkdown(c: Card): string {
  const v = c.videommmu;
  const r = c.videor1;
  const famRows = Object.entries(c.families).map(([f, m]) => [
    f,
    c.videos.by_family[f] ?? 0,
    Object.entries(m)
      .map(([d, s]) => `${d} (${(s ?? []).join(', ')})`)
      .join('; '),
  ]);
  const letterHead = ['track', ...LETTERS.split('')];
  return [
    `# ${c.name}`,
    '',
    `Seed ${c.config.seed}, ${c.videos.total} videos (${Object.entries(c.videos.by_split)
      .map(([s, n]) => `${s} ${n}`)
      .join(
        ', ',
      )}; split by video), ${c.frames.size} at ${c.frames.fps.lecture} fps (lectures) and ${c.frames.fps.clip} fps ` +
      `(temporal clips).`,
    `Frames rendered: ${c.frames.lecture} lecture, ${c.frames.question_only} question-only, ` +
      `${c.frames.clip} temporal-clip.`,
    '',
    '## Concept families',
    '',
    table(['family', 'videos', 'disciplines (subjects)'], famRows),
    '',
    '## Video-MMMU format',
    '',
    table(
      ['track', 'questions', 'multiple-choice', 'open', 'random', 'frequent choice'],
      TRACKS.map((t) => [
        t,
        v.by_track[t] ?? 0,
        v.by_track_type[t]?.['multiple-choice'] ?? 0,
        v.by_track_type[t]?.open ?? 0,
        pct(v.baselines[t]?.random),
        pct(v.baselines[t]?.frequent),
      ]),
    ),
    '',
    `Overall: random ${pct(v.baselines.overall?.random)}, frequent choice ${pct(v.baselines.overall?.frequent)} ` +
      `over ${v.questions} questions.`,
    '',
    table(['discipline', 'questions'], Object.entries(v.by_discipline)),
    '',
    '### Answer-letter balance (multiple choice)',
    '',
    table(
      letterHead,
      TRACKS.map((t) => [t, ...LETTERS.split('').map((l) => v.answer_letters[t]?.[l] ?? 0)]),
    ),
    '',
    '### Adaptation without the video (leakage check)',
    '',
    `The rule's parameters are only on the slides, so question-only guessers should sit at chance (` +
      `${pct(v.adaptation_question_only.multiple_choice.chance)} on ${v.adaptation_question_only.multiple_choice.n} ` +
      `multiple-choice questions).`,
    '',
    table(
      ['guesser', 'accuracy'],
      Object.entries(v.adaptation_question_only.multiple_choice.accuracy).map(([g, a]) => [g, pct(a)]),
    ),
    '',
    `Open Adaptation questions (${v.adaptation_question_only.open_n}): most frequent answer scores ` +
      `${pct(v.adaptation_question_only.open_frequent_answer)}.`,
    '',
    '## Video-R1 format',
    '',
    table(['problem type', 'records'], Object.entries(r.by_problem_type)),
    '',
    table(['data type', 'records'], Object.entries(r.by_data_type)),
    '',
    table(['source', 'records'], Object.entries(r.by_source)),
    '',
    `Multiple choice: random ${pct(r.random_mc)}, frequent letter ${pct(r.frequent_letter_mc)}; letters ` +
      `${Object.entries(r.answer_letters)
        .map(([l, n]) => `${l} ${n}`)
        .join(', ')}.`,
    '',
    `Chain-of-thought annotations kept (both rewards 1): ${r.cot.kept} of ${r.cot.total}.`,
    '',
    table(
      ['problem type', 'kept', 'total'],
      Object.entries(r.cot.by_type).map(([t, s]) => [t, s.kept, s.total]),
    ),
    '',
  ].join('\n');
}
