/**
 * `vreason power`: the questions a paired comparison needs and the smallest difference a finished
 * run could detect, from the runs' own per-question variance. The unit is the question: a
 * `--samples N` run's answers to one question count once, as the question's mean score over its
 * samples (N answers to one question are not N questions). Two runs pair by question, so runs with
 * different N pair too; with N = 1 this is the per-answer computation it always was.
 */
import { UsageError } from '../core/errors.js';
import { clusteredMean } from '../metrics/cluster.js';
import {
  minDetectableDifference,
  pairedQuestionDiffs,
  pairedSampleSize,
  populationVariance,
  questionMeans,
  sampleSd,
  type PowerOptions,
  type QuestionScore,
} from '../metrics/power.js';
import { PRIMARY, videoOf } from './diff.js';
import { outcomeOf } from './drilldown.js';
import { loadRun, recordGroups } from './runData.js';

interface Answer extends QuestionScore {
  /** The video the question is about (Video-MMMU's item id, shared by its three tracks; a suite item's clip). */
  cluster: string;
  condition: string;
}

/** A run's answered records (errors left out), the headline's conditions only where it has them. */
function answersOf(dir: string, index: number): { answers: Answer[]; conditions: string[] } {
  const run = loadRun(dir, { index });
  const all: Answer[] = [];
  for (const { task, records } of recordGroups(run))
    for (const r of records) {
      const o = outcomeOf(task, r);
      if (o.outcome === 'error') continue;
      all.push({
        // Item ids repeat across Video-MMMU's tracks: the facets tell the questions apart. No sample index.
        question: `${task.name}\0${JSON.stringify(task.facetsOf(r.item))}\0${r.item_id}\0${r.condition}`,
        cluster: videoOf(task, r),
        condition: r.condition,
        score: o.score ?? 0,
      });
    }
  // In a fixed order, so a merged run (records in shard order) sums to the same last bit as one run.
  all.sort((x, y) => (x.question < y.question ? -1 : x.question > y.question ? 1 : x.score - y.score));
  const primary = all.filter((a) => PRIMARY.has(a.condition));
  const answers = primary.length ? primary : all;
  return { answers, conditions: [...new Set(answers.map((a) => a.condition))].sort() };
}

const samplesPerQuestion = (answers: readonly Answer[]): number =>
  Math.max(0, ...[...questionMeans(answers).values()].map((q) => q.answers));

export interface PowerResult {
  /** Always 'question': n counts questions; a question's samples are averaged first. */
  unit: 'question';
  /** Per-question standard deviation of B − A (of question means). */
  sd_diff: number;
  source: string;
  /** Questions (paired: answered in both runs). */
  n: number;
  /** Answers behind them, and the most samples any question has, per run. */
  answers: { a: number; b: number | null };
  samples: { a: number; b: number | null };
  /** Paired: the mean per-question difference B − A. */
  mean_diff: number | null;
  delta: number;
  power: number;
  alpha: number;
  questions_needed: number | null;
  min_detectable: number;
  /**
   * Paired, with questions of one video not independent (Video-MMMU's tracks): the design effect
   * (clustered SE / naive SE)² of the mean difference, and the two numbers above inflated by it.
   * Null when every question is its own video or there are fewer than 2 videos.
   */
  by_video: { clusters: number; design_effect: number; questions_needed: number | null; min_detectable: number } | null;
}

export interface PowerFlags extends PowerOptions {
  delta: number;
  /** One run: the assumed correlation of two models' per-question scores. */
  correlation: number;
}

export function runPower(dirA: string, dirB: string | undefined, o: PowerFlags): PowerResult {
  const opts = { alpha: o.alpha ?? 0.05, power: o.power ?? 0.8 };
  const A = answersOf(dirA, 0);
  const base = { unit: 'question' as const, delta: o.delta, power: opts.power, alpha: opts.alpha };
  if (dirB) {
    const B = answersOf(dirB, 1);
    const pairs = pairedQuestionDiffs(A.answers, B.answers);
    const n = pairs.length;
    if (n < 2) throw new UsageError('the runs share fewer than 2 answered questions');
    const sd = sampleSd(pairs.map((p) => p.diff));
    const clusterOf = new Map(A.answers.map((a) => [a.question, a.cluster]));
    const c = clusteredMean(
      pairs.map((p) => p.diff),
      pairs.map((p) => clusterOf.get(p.question) as string),
      { resamples: 1 },
    );
    const deff = c.clustered_se !== null && c.naive_se && c.clusters < n ? (c.clustered_se / c.naive_se) ** 2 : null;
    const needed = sd > 0 ? pairedSampleSize(sd, o.delta, opts) : null;
    const mdd = minDetectableDifference(sd, n, opts);
    const sa = samplesPerQuestion(A.answers);
    const sb = samplesPerQuestion(B.answers);
    const shared = new Set(pairs.map((p) => p.question));
    const conds = A.conditions.filter((x) => B.conditions.includes(x));
    return {
      ...base,
      sd_diff: sd,
      source:
        `paired, measured on ${n} shared questions (${conds.join(', ')})` +
        (sa > 1 || sb > 1 ? `; each question's mean over its samples (A ${sa}, B ${sb} per question)` : ''),
      n,
      answers: {
        a: A.answers.filter((x) => shared.has(x.question)).length,
        b: B.answers.filter((x) => shared.has(x.question)).length,
      },
      samples: { a: sa, b: sb },
      mean_diff: pairs.reduce((s, p) => s + p.diff, 0) / n,
      questions_needed: needed,
      min_detectable: mdd,
      by_video:
        deff === null
          ? null
          : {
              clusters: c.clusters,
              design_effect: deff,
              questions_needed: needed === null ? null : Math.ceil(needed * deff),
              min_detectable: mdd * Math.sqrt(deff),
            },
    };
  }
  const means = [...questionMeans(A.answers).values()].map((q) => q.mean);
  const n = means.length;
  if (n === 0) throw new UsageError(`${dirA}: no answered questions to work from`);
  const p = means.reduce((s, x) => s + x, 0) / n;
  const variance = populationVariance(means);
  const sd = Math.sqrt(2 * variance * (1 - o.correlation));
  const sa = samplesPerQuestion(A.answers);
  return {
    ...base,
    sd_diff: sd,
    source:
      `from ${n} questions (${A.conditions.join(', ')}) of mean score ${(p * 100).toFixed(1)}%, ` +
      `per-question variance ` +
      `${variance.toFixed(4)} and assumed correlation ${o.correlation}` +
      (sa > 1 ? `; ${sa} samples per question, each question's mean counts once` : ''),
    n,
    answers: { a: A.answers.length, b: null },
    samples: { a: sa, b: null },
    mean_diff: null,
    questions_needed: sd > 0 ? pairedSampleSize(sd, o.delta, opts) : null,
    min_detectable: minDetectableDifference(sd, n, opts),
    by_video: null,
  };
}
