/**
 * Video-R1-format benchmarks as Tasks: one task per `eval_<name>.json(l)` file, scored as
 * eval_bench.py does, and the six-benchmark suite as a group of them.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { hashObject } from '../../core/hash.js';
import { groupMarkdown, groupTable, taskGroup } from '../group.js';
import type { CompareMetric, GroupResults, PlanOptions, Task, TaskGroup, TaskPlan } from '../task.js';
import { extractAnswer } from '../../rewards/index.js';
import { loadVideoR1 } from './data.js';
import { TYPE_TEMPLATE, type VideoR1PromptMode } from './prompt.js';
import { computeBenchmarkResults, type BenchmarkResults } from './results.js';
import { BENCHMARK_LABELS, planVideoR1, scoreVideoR1Facts, VIDEO_R1_FRAMES, VIDEO_R1_PARAMS } from './task.js';

const pct1 = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The Video-R1 suite's results.json: a row per benchmark, and each benchmark's results. */
export type SuiteResults = GroupResults<BenchmarkResults>;

/** The task that evaluates one Video-R1-format file under the benchmark name `name`. */
export function videoR1Task(name: string, file: string): Task<BenchmarkResults> {
  const task: Task<BenchmarkResults> = {
    kind: 'task',
    name,
    label: BENCHMARK_LABELS[name] ?? name,
    family: 'videor1',
    frames: VIDEO_R1_FRAMES,
    params: VIDEO_R1_PARAMS,
    async plan(opts: PlanOptions): Promise<TaskPlan> {
      const data = await loadVideoR1(file, { allowOutside: opts.allowOutsidePaths });
      if (opts.probe && opts.videoMode === 'video')
        throw new UsageError('--probe shuffle needs --video-mode frames (the server would sample the clip itself)');
      const prompt = (opts.prompt ?? 'think') as VideoR1PromptMode;
      return {
        units: planVideoR1(data.items, {
          benchmark: name,
          prompt,
          probe: Boolean(opts.probe),
          seed: opts.seed,
          limit: opts.limit,
          root: data.root,
        }),
        dataset: {
          root: data.root,
          files: [{ path: basename(file), sha256: data.sha256, rows: data.items.length + data.errors.length }],
          items: data.items.length,
          errors: data.errors,
        },
        manifest: {
          benchmark: name,
          prompt,
          prompt_template_hash: hashObject({ prompt, types: TYPE_TEMPLATE }, 16),
          probe: Boolean(opts.probe),
        },
      };
    },
    score: scoreVideoR1Facts,
    aggregate: (records, o = {}) => computeBenchmarkResults(records, { benchmark: name, ...o }),
    markdown: (r) =>
      groupMarkdown(
        { table: groupTable([{ task, results: r }]), benchmarks: { [name]: r }, manifest: r.manifest },
        new Map([[name, task]]),
      ),
    line: (r) => {
      const st = r.stability;
      const sampled = st
        ? `, ${st.samples} samples: majority vote ${pct1(st.majority_accuracy)}, consistency ${pct1(st.consistency)}`
        : '';
      const errors = r.counts.errored ? `, ${r.counts.errored} errors` : '';
      return `${task.label} ${pct1(r.score.mean)} (n=${r.score.n}${sampled}${errors})`;
    },
    summary: (r) => ({
      n: r.score.n,
      score: r.score.mean,
      score_ci95: r.score.ci95,
      ...(r.clustered ? { clustered: r.clustered.score } : {}),
      ...(r.stability ? { stability: r.stability } : {}),
      accuracy: r.accuracy.mean,
      mra: r.mra.mean,
      unparsed: r.no_answer_tag,
      errors: r.counts.errored,
      probe: r.probe && {
        pairs: r.probe.pairs,
        ordered: r.probe.ordered.mean,
        shuffled: r.probe.shuffled.mean,
        drop: r.probe.drop,
        drop_ci95: r.probe.drop_ci95,
        changed_share: r.probe.changed_share,
        changed: r.probe.changed,
      },
    }),
    facets: [
      ['benchmark', 'Benchmark'],
      ['problem_type', 'Problem type'],
      ['data_type', 'Data type'],
    ],
    facetsOf: (f) => ({ benchmark: str(f.benchmark), problem_type: str(f.problem_type), data_type: str(f.data_type) }),
    gold: (f) => extractAnswer(str(f.solution)),
    unparsedApart: false,
    compareMetrics: (): CompareMetric<BenchmarkResults>[] => [
      {
        path: 'score.mean',
        label: name,
        value: (r) => r.score.mean,
        include: (r) => r.condition === 'ordered' && r.item.benchmark === name,
      },
    ],
  };
  return task;
}

/** `eval_<name>.json` (or .jsonl) in a Video-R1 Evaluation folder, or null. */
export function videoR1File(dir: string, name: string): string | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return null;
  for (const ext of ['json', 'jsonl']) {
    const p = join(dir, `eval_${name}.${ext}`);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Which file each requested benchmark reads: a single .json/.jsonl, or eval_<name> files of a folder. */
export function suiteFiles(opts: { tasks: readonly string[]; data: string }): [string, string][] {
  const data = resolve(opts.data);
  if (/\.jsonl?$/.test(data))
    return [
      [
        basename(data)
          .replace(/\.jsonl?$/, '')
          .replace(/^eval_/, ''),
        data,
      ],
    ];
  return opts.tasks.map((t) => {
    const f = videoR1File(data, t);
    if (!f)
      throw new UsageError(
        `${data}: no eval_${t}.json or eval_${t}.jsonl for task '${t}' (Video-R1's Evaluation folder layout)`,
      );
    return [t, f];
  });
}

/** The Video-R1 suite over the requested benchmarks. */
export function videoR1Suite(opts: { tasks: readonly string[]; data: string }): TaskGroup<BenchmarkResults> {
  return taskGroup(
    'videor1',
    suiteFiles(opts).map(([name, file]) => videoR1Task(name, file)),
  );
}
