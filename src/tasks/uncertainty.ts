/**
 * The Markdown tables every task's results.md shares for its statistics: the naive interval beside
 * the one clustered by video (so the difference is visible), and the stability of sampled answers.
 */
import type { CI95 } from '../metrics/bootstrap.js';
import type { ClusterStat } from '../metrics/cluster.js';
import type { StabilityStat } from '../metrics/stability.js';

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : (x * 100).toFixed(1));
const ci = (c: CI95 | null | undefined): string => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : '–');
const se = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : (x * 100).toFixed(2));

export interface ClusteredRow {
  label: string;
  mean: number | null;
  /** The naive (item-level) bootstrap CI the run reports as `ci95`. */
  ci95: CI95 | null;
  clustered: ClusterStat | undefined;
}

/** One row per metric: n, clusters, the naive CI and SE, the clustered CI and SE, the design effect. */
export function clusteredMarkdown(title: string, unit: string, rows: readonly ClusteredRow[]): string[] {
  const shown = rows.filter((r) => r.clustered && r.clustered.n > 0);
  if (!shown.length) return [];
  const lines = [
    title,
    '',
    `In %. Naive: items resampled as if independent. Clustered: whole ${unit}s resampled (cluster bootstrap) and ` +
      `the cluster-robust (CR1) standard error; design effect = (clustered SE / naive SE)².`,
    '',
    `| | n | ${unit}s | mean | naive 95% CI | naive SE | clustered 95% CI | clustered SE | design effect |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of shown) {
    const c = r.clustered as ClusterStat;
    lines.push(
      `| ${r.label} | ${c.n} | ${c.clusters} | ${pct(r.mean)} | ${ci(r.ci95)} | ${se(c.naive_se)} | ` +
        `${ci(c.cluster_ci95)} | ${se(c.clustered_se)} | ` +
        `${c.design_effect === null ? '–' : c.design_effect.toFixed(2)} |`,
    );
  }
  lines.push('');
  return lines;
}

/** One row per group: the stability of N sampled answers per question. */
export function stabilityMarkdown(
  title: string,
  samples: number,
  rows: readonly { label: string; s: StabilityStat | undefined }[],
): string[] {
  const shown = rows.filter((r) => r.s && r.s.questions > 0);
  if (!shown.length) return [];
  const lines = [
    `${title} (${samples} samples per question)`,
    '',
    'Expected accuracy: mean over questions of the share of its samples scored right. Majority vote: the most ' +
      'frequent answer scored (ties: the answer given first). Within-question variance: of a question’s sample ' +
      'scores (n − 1), averaged. Consistency: share of questions whose samples all gave the same answer.',
    '',
    '| | questions | complete | expected accuracy | majority-vote accuracy | within-question variance | consistency |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { label, s } of shown) {
    const x = s as StabilityStat;
    lines.push(
      `| ${label} | ${x.questions} | ${x.complete} | ${pct(x.expected_accuracy)} | ${pct(x.majority_accuracy)} | ` +
        `${x.within_variance === null ? '–' : x.within_variance.toFixed(3)} | ${pct(x.consistency)} |`,
    );
  }
  lines.push('');
  return lines;
}
