/** Video-MMMU as a Task: lmms-eval's layout, prompts and parser; Δknowledge over the Adaptation track. */
import { hashObject } from '../../core/hash.js';
import { DISCIPLINES, TRACKS, type Track } from '../../core/types.js';
import type { StoredRecord } from '../record.js';
import type { CompareMetric, PlanOptions, Task, TaskPlan } from '../task.js';
import { loadVideoMMMU } from './data.js';
import { renderMarkdown } from './markdown.js';
import { checkVariant, type Variant } from './variants.js';
import { scoringFor, scoringKey, scoringManifest, type ParserName } from './scoring.js';
import { LMMS_EVAL_PROMPTS, type PromptStyle } from './prompt.js';
import { computeResults, type Results } from './results.js';
import {
  DEFAULT_FRAMES,
  DEFAULT_PARAMS,
  planVideoMMMU,
  scoreVideoMMMUFacts,
  VIDEOMMMU,
  type ConditionChoice,
} from './task.js';

async function plan(opts: PlanOptions): Promise<TaskPlan> {
  const data = await loadVideoMMMU(opts.data, {
    tracks: opts.tracks as Track[] | undefined,
    allowOutside: opts.allowOutsidePaths,
  });
  const conditions = (opts.conditions ?? 'both') as ConditionChoice;
  const promptStyle = (opts.promptStyle ?? 'lmms-eval') as PromptStyle;
  const variant = checkVariant(opts.variant);
  const scoring = scoringFor(opts.parser as ParserName | undefined, {
    reasoningTags: opts.reasoningTags,
    unclosed: opts.unclosedThinking,
  });
  return {
    units: planVideoMMMU(data.items, { conditions, promptStyle, limit: opts.limit, scoring, variant, seed: opts.seed }),
    dataset: { root: data.root, files: data.files, items: data.items.length, errors: data.errors },
    manifest: {
      prompt_style: promptStyle,
      prompt_template_hash: hashObject({ style: promptStyle, prompts: LMMS_EVAL_PROMPTS }, 16),
      ...scoringManifest(scoring),
      conditions,
      ...(variant !== 'standard' ? { variant } : {}),
    },
    resumeKey: variantKey(scoringKey(scoring), variant),
  };
}

/** The variant joins the resume key (no_visual changes what is shown, which the prompt does not tell). */
function variantKey(k: Record<string, unknown> | undefined, variant: Variant): Record<string, unknown> | undefined {
  return variant === 'standard' ? k : { ...k, variant };
}

function compareMetrics(): CompareMetric<Results>[] {
  const after = (r: StoredRecord): boolean => r.condition === 'after';
  return [
    { path: 'overall.accuracy', label: 'Overall', value: (r) => r.overall.accuracy, include: after },
    ...TRACKS.map((t) => ({
      path: `tracks.${t}.accuracy`,
      label: t,
      value: (r: Results) => r.tracks[t]?.accuracy,
      include: (r: StoredRecord) => after(r) && r.item.track === t,
    })),
    ...DISCIPLINES.map((d) => ({
      path: `disciplines.${d}.accuracy`,
      label: d,
      value: (r: Results) => r.disciplines[d]?.accuracy,
      include: (r: StoredRecord) => after(r) && r.item.discipline === d,
    })),
    {
      path: 'before.accuracy',
      label: 'Adaptation without video',
      value: (r) => r.before?.accuracy,
      include: (r) => r.condition === 'before',
    },
  ];
}

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export const videoMMMU: Task<Results> = {
  kind: 'task',
  name: VIDEOMMMU,
  label: 'Video-MMMU',
  family: VIDEOMMMU,
  frames: DEFAULT_FRAMES,
  params: DEFAULT_PARAMS,
  plan,
  score: scoreVideoMMMUFacts,
  aggregate: (records, o = {}) => computeResults(records, { task: VIDEOMMMU, ...o }),
  markdown: renderMarkdown,
  line: (r) => {
    const dk = r.delta_knowledge.value;
    const st = r.stability?.overall;
    const sampled = st
      ? `, ${r.stability?.samples} samples: majority vote ${pct(st.majority_accuracy)}, consistency ` +
        `${pct(st.consistency)}`
      : '';
    return (
      `accuracy ${pct(r.overall.accuracy)} (n=${r.overall.n})` +
      `${dk === null ? '' : `, Δknowledge ${dk.toFixed(1)}%`}${sampled}, unparsed ${r.unparsed}, errors ` +
      `${r.counts.errored}`
    );
  },
  summary: (r) => ({
    n: r.overall.n,
    score: r.overall.accuracy,
    score_ci95: r.overall.ci95,
    ...(r.clustered ? { clustered: r.clustered.overall } : {}),
    ...(r.stability ? { stability: { samples: r.stability.samples, ...r.stability.overall } } : {}),
    accuracy: r.overall.accuracy,
    mra: null,
    unparsed: r.unparsed,
    errors: r.counts.errored,
    probe: null,
  }),
  facets: [
    ['track', 'Track'],
    ['discipline', 'Discipline'],
    ['type', 'Question type'],
  ],
  facetsOf: (f) => ({ track: str(f.track), discipline: str(f.discipline), type: str(f.question_type) }),
  gold: (f) => f.answer,
  unparsedApart: true,
  compareMetrics,
};
