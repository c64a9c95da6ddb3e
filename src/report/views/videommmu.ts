/**
 * The Video-MMMU family's report sections: the headline (overall, tracks, Δknowledge against the
 * baselines), accuracy by track and discipline, Δknowledge with its transition matrix, and the
 * clustered uncertainty by lecture video.
 */
import { DISCIPLINES, TRACKS } from '../../core/types.js';
import type { AccuracyStat } from '../../metrics/accuracy.js';
import type { ClusterStat } from '../../metrics/cluster.js';
import type { Results } from '../../tasks/videommmu/results.js';
import { VIDEOMMMU } from '../../tasks/videommmu/task.js';
import { barChart } from '../charts.js';
import { ciText, esc, metric, pct, signedPercent } from '../format.js';
import type { MmmuRun } from '../runData.js';
import {
  ci,
  stabilitySection,
  statsSections,
  uncertaintyTable,
  type FamilySections,
  type UncertaintyRow,
} from '../sections.js';

const acc = (run: number, path: string, s: AccuracyStat | undefined | null): string =>
  s && s.n
    ? `${metric(run, `${path}.accuracy`, s.accuracy, pct(s.accuracy), 'pct')}${ci(s.ci95)}<br><small>n=${s.n}</small>`
    : '–';

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

export const videoMMMUSections: FamilySections = {
  family: VIDEOMMMU,
  claims: (r) => r.kind === 'task' && r.task.family === VIDEOMMMU,
  sections: (runs) => {
    const mmmu = runs as readonly MmmuRun[];
    return [
      ['headline', 'Video-MMMU', `${mmmuHeadline(mmmu)}${mmmuCharts(mmmu)}`],
      [
        'delta',
        'Δknowledge',
        `<p class="hint">Adaptation questions asked without the video (before) and with it (after); Δknowledge = ` +
          `(Acc_after − Acc_before) / (100% − Acc_before) × 100%, with a paired bootstrap 95% CI.</p>` +
          `${mmmu.map((r) => deltaKnowledgeSection(r.results, r.index, r.name)).join('')}`,
      ],
      ...statsSections(VIDEOMMMU, mmmuUncertainty(mmmu), stabilitySection(mmmu)),
    ];
  },
};
