import type { SuiteResults } from '../eval/evaluate.js';

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : (x * 100).toFixed(1));

/** The Video-R1 suite as the paper's table: one column per benchmark, plus the probe and counts. */
export function renderSuiteMarkdown(r: SuiteResults): string {
  const model = (r.manifest.model as { name?: string } | undefined)?.name ?? 'model';
  const rows = r.table;
  const lines = [`# Video-R1 suite — ${model}`, '', 'Scores in %: accuracy, or mean relative accuracy (MRA) for numeric (regression) items; the column is the mean over all items.', ''];
  lines.push(`| Model | ${rows.map((b) => b.label).join(' | ')} |`, `|---|${rows.map(() => '---').join('|')}|`);
  lines.push(`| ${model} | ${rows.map((b) => pct(b.score)).join(' | ')} |`, '');
  lines.push('| Benchmark | n | score [95% CI] | accuracy (non-numeric) | MRA (numeric) | no <answer> tag | errors |', '|---|---|---|---|---|---|---|');
  for (const b of Object.values(r.benchmarks)) {
    const ci = b.score.ci95 ? ` [${pct(b.score.ci95[0])}, ${pct(b.score.ci95[1])}]` : '';
    lines.push(`| ${b.benchmark} | ${b.score.n} | ${pct(b.score.mean)}${ci} | ${pct(b.accuracy.mean)} | ${pct(b.mra.mean)} | ${b.no_answer_tag} | ${b.counts.errored} |`);
  }
  const probed = Object.values(r.benchmarks).filter((b) => b.probe);
  if (probed.length) {
    lines.push('', '## Temporal-sensitivity probe (same frames, shuffled)', '', '| Benchmark | pairs | ordered | shuffled | drop [95% CI] | answer changed |', '|---|---|---|---|---|---|');
    for (const b of probed) {
      const p = b.probe!;
      const ci = p.drop_ci95 ? ` [${pct(p.drop_ci95[0])}, ${pct(p.drop_ci95[1])}]` : '';
      lines.push(`| ${b.benchmark} | ${p.pairs} | ${pct(p.ordered.mean)} | ${pct(p.shuffled.mean)} | ${pct(p.drop)}${ci} | ${pct(p.changed_share)} (${p.changed}) |`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
