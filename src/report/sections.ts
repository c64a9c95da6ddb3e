/**
 * The report's shared views: the generic results table of any task, training curves, the
 * clustered-uncertainty and stability tables, and what a family's view is (`FamilySections`).
 * Each number on the page is a `metric` span that names its JSON path in the run's results.json,
 * so what the page says can be checked against it. A family's own views are in views/<family>.ts.
 */
import { TRACKS } from '../core/types.js';
import type { ClusterStat } from '../metrics/cluster.js';
import type { StabilityStat } from '../metrics/stability.js';
import type { MeanStat } from '../tasks/videor1/results.js';
import { lineChart } from './charts.js';
import { ciText, esc, metric, pct } from './format.js';
import type { LoadedRun, MmmuRun, SuiteRun } from './runData.js';
import { chartGroups } from './trainLog.js';

/** One section of the page: its anchor id, its title, its HTML. */
export type Section = [id: string, name: string, html: string];

/** A task family's summary sections: it claims the runs it can draw and returns their sections. */
export interface FamilySections {
  family: string;
  claims(run: LoadedRun): boolean;
  sections(runs: readonly LoadedRun[]): Section[];
}

export const ci = (c: [number, number] | null | undefined, scale = 100): string =>
  c ? ` <span class="ci">${esc(ciText(c, scale))}</span>` : '';
export const mean = (run: number, path: string, s: MeanStat | undefined | null): string =>
  s && s.n ? `${metric(run, `${path}.mean`, s.mean, pct(s.mean), 'pct')}${ci(s.ci95)}<br><small>n=${s.n}</small>` : '–';

/** Paths inside results.json of a suite's benchmark: a benchmark folder given alone is its own root. */
export const benchPath = (run: SuiteRun, b: string): string => (run.single ? '' : `benchmarks.${b}.`);

const CLUSTER_HINT =
  'The naive interval resamples questions as if independent; questions about one video (a lecture’s three tracks, a ' +
  'clip’s items, a question’s samples) are not, so the clustered interval resamples whole videos (cluster ' +
  'bootstrap) and the clustered SE is the cluster-robust (CR1) one. Design effect = (clustered SE / naive SE)²; ' +
  'shaded where the clustered interval is wider. SEs in percentage points.';
const STABILITY_HINT =
  'Each question asked N times (--samples N): expected accuracy = mean over questions of the share of its samples ' +
  'right; majority vote = its most frequent answer scored; within-question variance of the sample scores (n − 1); ' +
  'consistency = share of questions whose N answers all agree.';

/** The uncertainty and stability sections of a family, where the runs have them. */
export function statsSections(family: string, uncertainty: string, stability: string): Section[] {
  const out: Section[] = [];
  if (uncertainty)
    out.push([`${family}-uncertainty`, 'Clustered uncertainty', `<p class="hint">${CLUSTER_HINT}</p>${uncertainty}`]);
  if (stability) out.push([`${family}-stability`, 'Stability', `<p class="hint">${STABILITY_HINT}</p>${stability}`]);
  return out;
}

/** Training curves from train.jsonl: one chart per metric group (reward components together). */
export function trainingSection(runs: readonly (MmmuRun | SuiteRun)[]): string {
  return runs
    .filter((r) => r.train)
    .map((r) => {
      const log = r.train!;
      const charts = chartGroups(log.fields)
        .map((g) =>
          lineChart({
            title: g.title,
            xLabel: 'step',
            series: g.fields.map((f) => ({
              name: f,
              points: log.points
                .filter((p) => f in p.values)
                .map((p) => [p.step, p.values[f] as number] as [number, number]),
            })),
          }),
        )
        .join('');
      const last = log.points[log.points.length - 1];
      return (
        `<div class="train" data-run-name="${esc(r.name)}"><h3>${esc(r.name)}</h3><p class="hint">` +
        `${log.points.length} logged steps${last ? `, last step ${esc(last.step)}` : ''}` +
        `${log.skipped ? `, ${log.skipped} unreadable line(s) skipped` : ''}.</p><div class="charts">` +
        `${charts}</div></div>`
      );
    })
    .join('');
}

/**
 * Any task's headline from its own summary: one row per task of each run (the view of tasks without a section of their
 * own).
 */
export function summaryTable(runs: readonly LoadedRun[]): string {
  const rows = runs.flatMap((run) => {
    const members =
      run.kind === 'task'
        ? [{ task: run.task, results: run.results, at: '' }]
        : run.members.map((m) => ({
            task: m.task,
            results: run.results.benchmarks[m.name],
            at: run.single ? '' : `benchmarks.${m.name}.`,
          }));
    return members.flatMap(({ task, results }) => {
      if (!results) return [];
      const s = task.summary(results);
      return [
        `<tr><th scope="row">${esc(run.name)}</th><td>${esc(run.model)}</td><td>${esc(task.label)}</td><td ` +
          `class="big">${pct(s.score)}${ci(s.score_ci95)}<br><small>n=${s.n}</small></td><td>${s.unparsed}</td><td>` +
          `${s.errors}</td></tr>`,
      ];
    });
  });
  return (
    `<table class="headline"><thead><tr><th>run</th><th>model</th><th>task</th><th>score</th><th>unreadable` +
    `</th><th>errors</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** One row of the uncertainty table: a metric of a run with its naive CI and its clustered statistics. */
export interface UncertaintyRow {
  run: number;
  name: string;
  label: string;
  /** JSON path of the mean in the run's results.json. */
  path: string;
  mean: number | null;
  ci95: [number, number] | null;
  c: ClusterStat | undefined;
}

const seText = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : (x * 100).toFixed(2));

export function uncertaintyTable(rows: readonly UncertaintyRow[], unit: string): string {
  const body = rows
    .filter((r) => r.c && r.c.n > 0)
    .map((r) => {
      const c = r.c as ClusterStat;
      const wider = c.design_effect !== null && c.design_effect > 1.05;
      return (
        `<tr><th scope="row">${esc(r.name)}</th><td>${esc(r.label)}</td><td>${c.n}</td><td>${c.clusters}</td>` +
        `<td>${metric(r.run, r.path, r.mean, pct(r.mean), 'pct')}</td><td>${esc(ciText(r.ci95) || '–')}</td><td>` +
        `${esc(seText(c.naive_se))}</td><td class="${wider ? 'sig' : ''}">${esc(ciText(c.cluster_ci95) || '–')}</td>` +
        `<td>${esc(seText(c.clustered_se))}</td><td>` +
        `${c.design_effect === null ? '–' : esc(c.design_effect.toFixed(2))}</td></tr>`
      );
    })
    .join('');
  return body
    ? `<table class="uncertainty"><thead><tr><th>run</th><th>metric</th><th>n</th><th>${unit}s</th><th>mean</th><th>` +
        `naive 95% CI</th><th>naive SE</th><th>clustered 95% CI</th><th>clustered SE</th><th>design effect</th></tr>` +
        `</thead><tbody>${body}</tbody></table>`
    : '';
}

/**
 * `--samples N`: expected and majority-vote accuracy, within-question variance and consistency. Empty without samples.
 */
export function stabilitySection(runs: readonly (MmmuRun | SuiteRun)[]): string {
  const row = (run: number, name: string, label: string, path: string, s: StabilityStat, n: number): string =>
    `<tr><th scope="row">${esc(name)}</th><td>${esc(label)}</td><td>${n}</td><td>${s.questions}</td><td>` +
    `${metric(run, `${path}.expected_accuracy`, s.expected_accuracy, pct(s.expected_accuracy), 'pct')}</td><td>` +
    `${metric(run, `${path}.majority_accuracy`, s.majority_accuracy, pct(s.majority_accuracy), 'pct')}</td><td>` +
    `${esc(s.within_variance === null ? '–' : s.within_variance.toFixed(3))}</td><td>` +
    `${metric(run, `${path}.consistency`, s.consistency, pct(s.consistency), 'pct')}</td></tr>`;
  const rows = runs.flatMap((r) => {
    if (r.kind === 'task') {
      const st = r.results.stability;
      if (!st) return [];
      return [
        row(r.index, r.name, 'Overall', 'stability.overall', st.overall, st.samples),
        ...TRACKS.filter((t) => st.tracks[t]).map((t) =>
          row(r.index, r.name, t, `stability.tracks.${t}`, st.tracks[t] as StabilityStat, st.samples),
        ),
      ];
    }
    return Object.values(r.results.benchmarks).flatMap((b) =>
      b.stability
        ? [row(r.index, r.name, b.benchmark, `${benchPath(r, b.benchmark)}stability`, b.stability, b.stability.samples)]
        : [],
    );
  });
  if (!rows.length) return '';
  return (
    `<table class="stability"><thead><tr><th>run</th><th>group</th><th>samples</th><th>questions</th><th>` +
    `expected accuracy</th><th>majority-vote accuracy</th><th>within-question variance</th><th>consistency</th></tr>` +
    `</thead><tbody>${rows.join('')}</tbody></table>`
  );
}
