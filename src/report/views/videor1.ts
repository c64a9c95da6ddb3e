/** The Video-R1 suite's report sections: the paper-style table, the temporal probe, the clustered uncertainty. */
import { barChart } from '../charts.js';
import { esc, metric, pct, pp } from '../format.js';
import type { SuiteRun } from '../runData.js';
import {
  benchPath,
  ci,
  mean,
  stabilitySection,
  statsSections,
  uncertaintyTable,
  type FamilySections,
  type Section,
} from '../sections.js';

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

export const videoR1Sections: FamilySections = {
  family: 'videor1',
  claims: (r) => r.kind === 'group' && r.members.every((m) => m.task.family === 'videor1'),
  sections: (runs) => {
    const suite = runs as readonly SuiteRun[];
    const out: Section[] = [['suite', 'Video-R1 suite', suiteHeadline(suite)]];
    const probe = probeSection(suite);
    if (probe)
      out.push([
        'probe',
        'Temporal probe',
        `<p class="hint">Each video item asked again with the same sampled frames in a seeded random order. A model ` +
          `that uses time loses score when the order is destroyed; drop = ordered − shuffled with a paired ` +
          `bootstrap 95% CI.</p>${probe}`,
      ]);
    out.push(...statsSections('videor1', suiteUncertainty(suite), stabilitySection(suite)));
    return out;
  },
};
