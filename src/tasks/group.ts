/** A suite: tasks run one after another into sub-folders, summarised as one table. */
import { accountMarkdown } from './account.js';
import type { RunAccount } from './record.js';
import type { GroupResults, GroupRow, Task, TaskGroup } from './task.js';
import { clusteredMarkdown, stabilityMarkdown } from './uncertainty.js';

/** A group of tasks with the suite manifest every group writes. */
export function taskGroup<R extends RunAccount>(name: string, tasks: readonly Task<R>[]): TaskGroup<R> {
  return {
    kind: 'group',
    name,
    tasks,
    manifest: (opts, model) => ({
      model,
      tasks: opts.tasks,
      data: opts.data,
      prompt: opts.prompt ?? 'think',
      probe: Boolean(opts.probe),
      seed: opts.seed,
    }),
  };
}

/** One row per task, in the order the tasks ran. */
export function groupTable<R extends RunAccount>(members: readonly { task: Task<R>; results: R }[]): GroupRow[] {
  return members.map(({ task, results }) => {
    const s = task.summary(results);
    return {
      benchmark: task.name,
      label: task.label,
      n: s.n,
      score: s.score,
      accuracy: s.accuracy,
      mra: s.mra,
      probe_drop: s.probe?.drop ?? null,
      errors: s.errors,
    };
  });
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : (x * 100).toFixed(1));

/** The suite as the Video-R1 paper's table: one column per task, then details, the probe and counts. */
export function groupMarkdown<R extends RunAccount>(
  results: GroupResults<R>,
  tasks: ReadonlyMap<string, Task<R>>,
): string {
  const model = (results.manifest.model as { name?: string } | undefined)?.name ?? 'model';
  const rows = results.table;
  const lines = [
    `# Video-R1 suite — ${model}`,
    '',
    'Scores in %: accuracy, or mean relative accuracy (MRA) for numeric (regression) items; the column is the mean ' +
      'over all items.',
    '',
  ];
  lines.push(`| Model | ${rows.map((b) => b.label).join(' | ')} |`, `|---|${rows.map(() => '---').join('|')}|`);
  lines.push(`| ${model} | ${rows.map((b) => pct(b.score)).join(' | ')} |`, '');
  lines.push(
    '| Benchmark | n | score [95% CI] | accuracy (all but regression) | MRA (regression) | no <answer> tag | errors |',
    '|---|---|---|---|---|---|---|',
  );
  const summaries = Object.entries(results.benchmarks).map(([name, r]) => {
    const task = tasks.get(name);
    if (!task) throw new Error(`group results name a task '${name}' that is not in the group`);
    return [name, task.summary(r)] as const;
  });
  for (const [name, s] of summaries) {
    const ci = s.score_ci95 ? ` [${pct(s.score_ci95[0])}, ${pct(s.score_ci95[1])}]` : '';
    lines.push(
      `| ${name} | ${s.n} | ${pct(s.score)}${ci} | ${pct(s.accuracy)} | ${pct(s.mra)} | ${s.unparsed} | ${s.errors} |`,
    );
  }
  lines.push('');
  lines.push(
    ...clusteredMarkdown(
      '## Uncertainty with items clustered by video',
      'video',
      summaries.map(([name, s]) => ({ label: name, mean: s.score, ci95: s.score_ci95, clustered: s.clustered })),
    ),
  );
  const sampled = summaries.filter(([, s]) => s.stability);
  const samples = sampled[0]?.[1].stability?.samples;
  if (samples)
    lines.push(
      ...stabilityMarkdown(
        '## Stability',
        samples,
        sampled.map(([name, s]) => ({ label: name, s: s.stability })),
      ),
    );
  if (lines[lines.length - 1] === '') lines.pop();
  const probed = summaries.filter(([, s]) => s.probe);
  if (probed.length) {
    lines.push(
      '',
      '## Temporal-sensitivity probe (same frames, shuffled)',
      '',
      '| Benchmark | pairs | ordered | shuffled | drop [95% CI] | answer changed |',
      '|---|---|---|---|---|---|',
    );
    for (const [name, s] of probed) {
      const p = s.probe!;
      const ci = p.drop_ci95 ? ` [${pct(p.drop_ci95[0])}, ${pct(p.drop_ci95[1])}]` : '';
      lines.push(
        `| ${name} | ${p.pairs} | ${pct(p.ordered)} | ${pct(p.shuffled)} | ${pct(p.drop)}${ci} | ` +
          `${pct(p.changed_share)} (${p.changed}) |`,
      );
    }
  }
  lines.push('');
  for (const [name, r] of Object.entries(results.benchmarks))
    lines.push(...accountMarkdown(r, `## ${name}: data and request problems`));
  return lines.join('\n');
}
