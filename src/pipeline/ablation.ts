/**
 * `vreason experiment tgrpo-ablation`: Video-R1's ablation at the embedded model's scale. From one
 * SFT checkpoint and one seed, train GRPO and T-GRPO for the same number of steps (same prompts,
 * same rollout seeds: the runs differ only in the temporal term and the shuffled rollouts), then
 * evaluate the SFT start and both on the synthetic test split through the real serve + eval path.
 * Writes `ablation.md`/`ablation.json` (the paper-style table with 95% CIs) and two HTML reports
 * comparing the three models (paired bootstrap CIs of the differences).
 */
import { join, resolve } from 'node:path';
import type { CI95 } from '../metrics/bootstrap.js';
import { writeJsonAtomic, writeTextAtomic } from '../core/atomicWrite.js';
import { writeReport } from '../report/build.js';
import { GRPO_DEFAULTS, trainGrpo, type GrpoOptions } from '../train/grpo.js';
import { evaluateCheckpoint, type CheckpointEval } from './evalCheckpoint.js';
import { VIDEOMMMU } from '../tasks/videommmu/task.js';

export interface AblationOptions {
  /** The SFT checkpoint both runs start from (and the KL reference). */
  init: string;
  data: string;
  out: string;
  /** Trainer options shared by both arms (temporal is set per arm). */
  grpo: Partial<Omit<GrpoOptions, 'init' | 'data' | 'out' | 'cacheDir' | 'temporal' | 'log'>>;
  split?: string;
  /** At most this many synthetic Video-R1 records evaluated (default all); Video-MMMU is always whole. */
  synthLimit?: number;
  evalMaxTokens?: number;
  log?: (line: string) => void;
  progress?: NodeJS.WriteStream | null;
}

export interface AblationRow {
  model: string;
  perception: number | null;
  comprehension: number | null;
  adaptation: number | null;
  delta_knowledge: number | null;
  delta_knowledge_ci95: CI95 | null;
  /** Synthetic Video-R1 records (temporal clips, lecture and image items), ordered frames. */
  temporal_suite: number | null;
  temporal_suite_ci95: CI95 | null;
  by_problem_type: Record<string, number | null>;
  probe_ordered: number | null;
  probe_shuffled: number | null;
  probe_drop: number | null;
  probe_drop_ci95: CI95 | null;
  format: number | null;
}

export function ablationRow(model: string, ev: CheckpointEval): AblationRow {
  const v = ev.videommmu.results;
  const b = Object.values(ev.synth.results.benchmarks)[0];
  const acc = (t: string) => v.tracks[t]?.accuracy ?? null;
  return {
    model,
    perception: acc('Perception'),
    comprehension: acc('Comprehension'),
    adaptation: acc('Adaptation'),
    delta_knowledge: v.delta_knowledge.value,
    delta_knowledge_ci95: v.delta_knowledge.ci95,
    temporal_suite: b?.score.mean ?? null,
    temporal_suite_ci95: b?.score.ci95 ?? null,
    by_problem_type: Object.fromEntries(Object.entries(b?.by_problem_type ?? {}).map(([k, s]) => [k, s.mean])),
    probe_ordered: b?.probe?.ordered.mean ?? null,
    probe_shuffled: b?.probe?.shuffled.mean ?? null,
    probe_drop: b?.probe?.drop ?? null,
    probe_drop_ci95: b?.probe?.drop_ci95 ?? null,
    format: null,
  };
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}`);
const ci = (c: CI95 | null, scale = 100) => (c ? ` [${(c[0] * scale).toFixed(1)}, ${(c[1] * scale).toFixed(1)}]` : '');

export function renderAblationMarkdown(rows: readonly AblationRow[], meta: Record<string, unknown>): string {
  const types = [...new Set(rows.flatMap((r) => Object.keys(r.by_problem_type)))].sort();
  const lines = [
    '# T-GRPO ablation (synthetic test split)',
    '',
    `Settings: ${Object.entries(meta)
      .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ')}.`,
    '',
    '| model | Perception | Comprehension | Adaptation | Δknowledge [95% CI] | synth records [95% CI] | ordered | ' +
      'shuffled | drop [95% CI] |',
    '|---|---:|---:|---:|---|---|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.model} | ${pct(r.perception)} | ${pct(r.comprehension)} | ${pct(r.adaptation)} | ` +
        `${r.delta_knowledge === null ? '–' : r.delta_knowledge.toFixed(1)}${ci(r.delta_knowledge_ci95, 1)} | ` +
        `${pct(r.temporal_suite)}${ci(r.temporal_suite_ci95)} | ${pct(r.probe_ordered)} | ${pct(r.probe_shuffled)} ` +
        `| ${pct(r.probe_drop)}${ci(r.probe_drop_ci95)} |`,
    ),
    '',
    'Accuracy in %, Δknowledge in % (Video-MMMU definition); "synth records" is the mean score of the synthetic',
    'Video-R1 records (temporal clips, lecture items, images), ordered frames; the probe columns are the video items',
    'asked again with the same frames shuffled (seeded): a model that uses frame order loses points when shuffled.',
    '',
    `| model | ${types.join(' | ')} |`,
    `|---|${types.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.model} | ${types.map((t) => pct(r.by_problem_type[t] ?? null)).join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}

export interface AblationOutcome {
  rows: AblationRow[];
  markdown: string;
  reports: string[];
}

export async function runAblation(o: AblationOptions): Promise<AblationOutcome> {
  const log = o.log ?? (() => {});
  const out = resolve(o.out);
  const split = o.split ?? 'test';
  const arms = [
    { name: 'GRPO', dir: 'grpo', temporal: false },
    { name: 'T-GRPO', dir: 'tgrpo', temporal: true },
  ];
  const checkpoints: Record<string, string> = { SFT: resolve(o.init) };
  for (const a of arms) {
    log(`training ${a.name} from ${o.init}`);
    // One frame cache for both arms: they prepare the same prompts.
    const r = await trainGrpo({
      ...GRPO_DEFAULTS,
      ...o.grpo,
      init: resolve(o.init),
      data: o.data,
      out: join(out, a.dir),
      cacheDir: join(out, 'data'),
      temporal: a.temporal,
      log: (l) => log(`  ${a.name}: ${l}`),
    });
    checkpoints[a.name] = r.checkpoint;
  }
  const rows: AblationRow[] = [];
  const dirs: string[] = [];
  for (const [name, ckpt] of Object.entries(checkpoints)) {
    log(`evaluating ${name} on the ${split} split`);
    const dir = join(out, 'eval', name.toLowerCase());
    // Its SFT stage answers Video-MMMU with the bare letter (no --vm-chains): 32 tokens is plenty.
    const ev = await evaluateCheckpoint({
      checkpoint: ckpt,
      data: o.data,
      split,
      out: dir,
      modelName: name,
      synthLimit: o.synthLimit,
      maxTokens: o.evalMaxTokens,
      videommmuMaxTokens: 32,
      seed: o.grpo.seed ?? 0,
      progress: o.progress,
    });
    rows.push(ablationRow(name, ev));
    dirs.push(dir);
  }
  const meta = {
    steps: o.grpo.steps ?? GRPO_DEFAULTS.steps,
    group: o.grpo.group ?? GRPO_DEFAULTS.group,
    seed: o.grpo.seed ?? GRPO_DEFAULTS.seed,
    split,
    synth_limit: o.synthLimit ?? 'all',
  };
  const markdown = renderAblationMarkdown(rows, meta);
  writeTextAtomic(join(out, 'ablation.md'), markdown);
  writeJsonAtomic(join(out, 'ablation.json'), { meta, rows });
  const names = Object.keys(checkpoints);
  const r1 = await writeReport(
    dirs.map((d) => join(d, VIDEOMMMU)),
    join(out, 'report-videommmu.html'),
    { names },
  );
  const r2 = await writeReport(
    dirs.map((d) => join(d, 'synth')),
    join(out, 'report-temporal.html'),
    { names },
  );
  return { rows, markdown, reports: [r1.htmlPath, r2.htmlPath] };
}
