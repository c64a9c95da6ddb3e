/**
 * The summary views of the report, one function per section: headline numbers, accuracy by track
 * and discipline against the baselines, Δknowledge with its transition matrix, the Video-R1 suite
 * table, the temporal probe and training curves. Each number on the page is a `metric` span that
 * names its JSON path in the run's results.json, so what the page says can be checked against it.
 */
import { DISCIPLINES, TRACKS } from '../core/types.js';
import type { Results } from '../tasks/videommmu/results.js';
import type { MeanStat } from '../tasks/videor1/results.js';
import type { AccuracyStat } from '../metrics/accuracy.js';
import type { ClusterStat } from '../metrics/cluster.js';
import type { StabilityStat } from '../metrics/stability.js';
import { barChart, lineChart } from './charts.js';
import { ciText, esc, metric, pct, pp, signedPercent } from './format.js';
import type { LoadedRun, MmmuRun, SuiteRun } from './runData.js';
import { chartGroups } from './trainLog.js';

const ci = (c: [number, number] | null | undefined, scale = 100): string =>
  c ? ` <span class="ci">${esc(ciText(c, scale))}</span>` : '';
const acc = (run: number, path: string, s: AccuracyStat | undefined | null): string =>
  s && s.n
    ? `${metric(run, `${path}.accuracy`, s.accuracy, pct(s.accuracy), 'pct')}${ci(s.ci95)}<br><small>n=${s.n}</small>`
    : '–';
const mean = (run: number, path: string, s: MeanStat | undefined | null): string =>
  s && s.n ? `${metric(run, `${path}.mean`, s.mean, pct(s.mean), 'pct')}${ci(s.ci95)}<br><small>n=${s.n}</small>` : '–';

/** Headline table for Video-MMMU runs: overall, tracks, Δknowledge; baselines of the first run. */
export function mmmuHeadline(runs: readonly MmmuRun[]): string {
  const head =
    `<tr><th>run</th><th>model</th><th>Overall</th>${TRACKS.map((t) => `<th>${t}</th>`).join('')}<th>` +
    `Δknowledge</th></tr>`;
  const rows = runs.map((r) => {
    const i = r.index;
    const dk = r.results.delta_knowledge;
    return (
      `<tr><th scope="row">${esc(r.name)}</th><td>${esc(r.model)}</td><td class="big">` +
      `${acc(i, 'overall', r.results.overall)}</td>` +
      `${TRACKS.map((t) => `<td>${acc(i, `tracks.${t}`, r.results.tracks[t])}</td>`).join('')}<td>` +
      `${metric(i, 'delta_knowledge.value', dk.value, signedPercent(dk.value), 'signed')}${ci(dk.ci95, 1)}</td></tr>`
    );
  });
  const b = runs[0]?.results.baselines;
  const r0 = runs[0]?.index ?? 0;
  const trackBase = (t: string, key: 'random' | 'frequent'): string =>
    metric(r0, `baselines.by_track.${t}.${key}`, b?.by_track[t]?.[key], pct(b?.by_track[t]?.[key]), 'pct');
  const base = (name: string, key: 'random' | 'frequent'): string =>
    `<tr class="baseline"><th scope="row">${name}</th><td></td><td>` +
    `${metric(r0, `baselines.${key}`, b?.[key], pct(b?.[key]), 'pct')}</td>` +
    `${TRACKS.map((t) => `<td>${trackBase(t, key)}</td>`).join('')}<td></td></tr>`;
  return (
    `<table class="headline"><thead>${head}</thead><tbody>${rows.join('')}` +
    `${b ? base('Random choice', 'random') + base('Frequent choice', 'frequent') : ''}</tbody></table>
<p class="hint">Accuracy with 95% bootstrap CIs in brackets (with the video, all tracks). Baselines are computed ` +
    `from the questions${runs.length > 1 ? ' of the first run' : ''}.</p>`
  );
}

/** Bars per track and per discipline (one series per run) with CI whiskers and the baselines. */
export function mmmuCharts(runs: readonly MmmuRun[]): string {
  const series = runs.map((r) => `${r.name} (${r.model})`);
  const b = runs[0]?.results.baselines;
  const bar = (s: AccuracyStat | undefined) => ({ value: s?.n ? s.accuracy : null, ci: s?.ci95 ?? null, n: s?.n ?? 0 });
  const tracks = barChart({
    title: 'Accuracy by track (with the video)',
    series,
    groups: [
      {
        label: 'Overall',
        bars: runs.map((r) => bar(r.results.overall)),
        refs: { random: b?.random, frequent: b?.frequent },
      },
      ...TRACKS.map((t) => ({
        label: t,
        bars: runs.map((r) => bar(r.results.tracks[t])),
        refs: { random: b?.by_track[t]?.random, frequent: b?.by_track[t]?.frequent },
      })),
    ],
  });
  const disciplines = barChart({
    title: 'Accuracy by discipline',
    series,
    groups: DISCIPLINES.map((d) => ({ label: d, bars: runs.map((r) => bar(r.results.disciplines[d])) })),
  });
  const disciplineCell = (r: MmmuRun, d: (typeof DISCIPLINES)[number]): string =>
    acc(r.index, `disciplines.${d}`, r.results.disciplines[d]);
  const table =
    `<table class="disciplines"><thead><tr><th>run</th>` +
    `${DISCIPLINES.map((d) => `<th>${d}</th>`).join('')}</tr></thead><tbody>${runs
      .map(
        (r) =>
          `<tr><th scope="row">${esc(r.name)}</th>` +
          `${DISCIPLINES.map((d) => `<td>${disciplineCell(r, d)}</td>`).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
  return `<div class="charts">${tracks}${disciplines}</div>${table}`;
}

/** Δknowledge and the 2×2 before/after transition matrix, with rates, for one run. */
export function deltaKnowledgeSection(r: Results, run: number, name: string): string {
  const dk = r.delta_knowledge;
  if (dk.n === 0)
    return (
      `<p class="note">${esc(name)}: no Adaptation question was answered both without and with the video (run ` +
      `with --conditions both).</p>`
    );
  const t = dk.transitions;
  const count = (k: keyof typeof t): string =>
    metric(run, `delta_knowledge.transitions.${k}`, t[k], String(t[k]), 'count');
  const wrongBefore = t.wrong_to_right + t.wrong_to_wrong;
  const rightBefore = t.right_to_right + t.right_to_wrong;
  const share = (k: number, of: number): string => (of ? ` <small>(${esc(pct(k / of))} of ${of})</small>` : '');
  const rate = (k: 'wrong_to_right' | 'right_to_wrong'): string =>
    metric(run, `delta_knowledge.${k}`, dk[k], pct(dk[k]), 'pct');
  return (
    `<div class="dk">
<p class="dk-value"><b>${esc(name)}</b>: Δknowledge ` +
    `${metric(run, 'delta_knowledge.value', dk.value, signedPercent(dk.value), 'signed')}${ci(dk.ci95, 1)} on ` +
    `${dk.n} Adaptation questions — accuracy without the video ` +
    `${metric(run, 'delta_knowledge.acc_before', dk.acc_before, pct(dk.acc_before), 'pct')}, with it ` +
    `${metric(run, 'delta_knowledge.acc_after', dk.acc_after, pct(dk.acc_after), 'pct')}.</p>
<table class="matrix"><thead><tr><th></th><th>after: right</th><th>after: wrong</th></tr></thead><tbody>
<tr><th scope="row">before: wrong</th><td class="good">wrong→right ${count('wrong_to_right')}` +
    `${share(t.wrong_to_right, wrongBefore)}</td><td>wrong→wrong ${count('wrong_to_wrong')}</td></tr>
<tr><th scope="row">before: right</th><td>right→right ${count('right_to_right')}</td><td class="bad">right→wrong ` +
    `${count('right_to_wrong')}${share(t.right_to_wrong, rightBefore)}</td></tr>
</tbody></table>
<p>wrong→right rate ` +
    `${rate('wrong_to_right')} · right→wrong rate ${rate('right_to_wrong')}</p>
</div>`
  );
}

/** Paths inside results.json of a suite's benchmark: a benchmark folder given alone is its own root. */
const benchPath = (run: SuiteRun, b: string): string => (run.single ? '' : `benchmarks.${b}.`);

/** The paper-style table of the Video-R1 suite, one row per run, plus a bar per benchmark. */
export function suiteHeadline(runs: readonly SuiteRun[]): string {
  const names = [...new Set(runs.flatMap((r) => r.results.table.map((t) => t.benchmark)))];
  const labels = new Map(runs.flatMap((r) => r.results.table.map((t) => [t.benchmark, t.label] as const)));
  const head = `<tr><th>run</th><th>model</th>${names.map((n) => `<th>${esc(labels.get(n) ?? n)}</th>`).join('')}</tr>`;
  const scoreCell = (r: SuiteRun, n: string): string =>
    mean(r.index, `${benchPath(r, n)}score`, r.results.benchmarks[n]?.score);
  const rows = runs.map(
    (r) =>
      `<tr><th scope="row">${esc(r.name)}</th><td>${esc(r.model)}</td>` +
      `${names.map((n) => `<td>${scoreCell(r, n)}</td>`).join('')}</tr>`,
  );
  const chart = barChart({
    title: 'Score by benchmark (accuracy, or MRA for numeric items)',
    series: runs.map((r) => `${r.name} (${r.model})`),
    groups: names.map((n) => ({
      label: labels.get(n) ?? n,
      bars: runs.map((r) => ({
        value: r.results.benchmarks[n]?.score.mean ?? null,
        ci: r.results.benchmarks[n]?.score.ci95 ?? null,
        n: r.results.benchmarks[n]?.score.n ?? 0,
      })),
    })),
  });
  const noTag = (r: SuiteRun, b: SuiteRun['results']['benchmarks'][string]): string =>
    metric(r.index, `${benchPath(r, b.benchmark)}no_answer_tag`, b.no_answer_tag, String(b.no_answer_tag), 'count');
  const detail = runs
    .map((r) =>
      Object.values(r.results.benchmarks)
        .map(
          (b) =>
            `<tr><th scope="row">${esc(r.name)}</th><td>${esc(b.benchmark)}</td><td>` +
            `${mean(r.index, `${benchPath(r, b.benchmark)}accuracy`, b.accuracy)}</td><td>` +
            `${mean(r.index, `${benchPath(r, b.benchmark)}mra`, b.mra)}</td><td>` +
            `${noTag(r, b)}</td><td>${b.counts.answered}/${b.counts.planned}</td><td>${b.counts.errored}</td></tr>`,
        )
        .join(''),
    )
    .join('');
  return (
    `<table class="headline"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>${chart}
<table><thead><tr><th>run</th><th>benchmark</th><th>accuracy (all but regression)</th><th>MRA (regression)</th><th>` +
    `no &lt;answer&gt; tag</th><th>answered/planned</th><th>errors</th></tr></thead><tbody>${detail}</tbody></table>`
  );
}

/** Ordered vs shuffled frames per benchmark: the temporal-sensitivity probe. Empty when not run. */
export function probeSection(runs: readonly SuiteRun[]): string {
  const blocks = runs
    .map((r) => {
      const i = r.index;
      const probed = Object.values(r.results.benchmarks).filter((b) => b.probe);
      if (!probed.length) return '';
      const chart = barChart({
        title: `${r.name}: ordered vs shuffled frames`,
        series: ['ordered', 'shuffled'],
        groups: probed.map((b) => ({
          label: b.benchmark,
          bars: [b.probe!.ordered, b.probe!.shuffled].map((s) => ({ value: s.mean, ci: s.ci95, n: s.n })),
        })),
      });
      const rows = probed
        .map((b) => {
          const p = b.probe!;
          const at = `${benchPath(r, b.benchmark)}probe`;
          return (
            `<tr><th scope="row">${esc(b.benchmark)}</th><td>${p.pairs}</td><td>` +
            `${mean(i, `${at}.ordered`, p.ordered)}</td><td>${mean(i, `${at}.shuffled`, p.shuffled)}</td><td class="` +
            `${p.drop_ci95 && (p.drop_ci95[0] > 0 || p.drop_ci95[1] < 0) ? 'sig' : ''}">` +
            `${metric(i, `${at}.drop`, p.drop, pp(p.drop), 'pp')}${ci(p.drop_ci95)}</td><td>` +
            `${metric(i, `${at}.changed_share`, p.changed_share, pct(p.changed_share), 'pct')} <small>(${p.changed})` +
            `</small></td></tr>`
          );
        })
        .join('');
      return (
        `<div class="probe"><h3>${esc(r.name)} (${esc(r.model)})</h3>${chart}<table><thead><tr><th>benchmark` +
        `</th><th>pairs</th><th>ordered</th><th>shuffled</th><th>drop [95% CI]</th><th>answer changed</th></tr>` +
        `</thead><tbody>${rows}</tbody></table></div>`
      );
    })
    .join('');
  return blocks;
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
interface UncertaintyRow {
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

function uncertaintyTable(rows: readonly UncertaintyRow[], unit: string): string {
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
 * Video-MMMU: accuracy per track with the naive interval beside the one clustered by lecture video, and Δknowledge's.
 */
export function mmmuUncertainty(runs: readonly MmmuRun[]): string {
  const rows = runs.flatMap((r): UncertaintyRow[] => {
    const c = r.results.clustered;
    if (!c) return [];
    const at = (label: string, path: string, s: AccuracyStat | undefined, cs: ClusterStat | undefined) => ({
      run: r.index,
      name: r.name,
      label,
      path: `${path}.accuracy`,
      mean: s?.accuracy ?? null,
      ci95: s?.ci95 ?? null,
      c: cs,
    });
    return [
      at('Overall', 'overall', r.results.overall, c.overall),
      ...TRACKS.map((t) => at(t, `tracks.${t}`, r.results.tracks[t], c.tracks[t])),
    ];
  });
  const dk = runs
    .filter((r) => r.results.clustered?.delta_knowledge.cluster_ci95 && r.results.delta_knowledge.value !== null)
    .map((r) => {
      const d = r.results.delta_knowledge;
      const c = r.results.clustered.delta_knowledge;
      return (
        `<li>${esc(r.name)}: Δknowledge ` +
        `${metric(r.index, 'delta_knowledge.value', d.value, signedPercent(d.value), 'signed')} — naive ` +
        `${esc(ciText(d.ci95, 1) || '–')}, clustered by video (${c.clusters}) ${esc(ciText(c.cluster_ci95, 1))}, ` +
        `bootstrap SE ${esc(c.cluster_se === null ? '–' : c.cluster_se.toFixed(1))}</li>`
      );
    })
    .join('');
  const table = uncertaintyTable(rows, 'video');
  return table ? `${table}${dk ? `<ul>${dk}</ul>` : ''}` : '';
}

/** The Video-R1 suite: each benchmark's score with the naive interval beside the one clustered by video. */
export function suiteUncertainty(runs: readonly SuiteRun[]): string {
  const rows = runs.flatMap((r) =>
    Object.values(r.results.benchmarks).map((b) => ({
      run: r.index,
      name: r.name,
      label: b.benchmark,
      path: `${benchPath(r, b.benchmark)}score.mean`,
      mean: b.score.mean,
      ci95: b.score.ci95,
      c: b.clustered?.score,
    })),
  );
  return uncertaintyTable(rows, 'video');
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
