/**
 * Runs side by side: each metric per run, and each later run's difference from the first with a
 * paired bootstrap CI over the items both runs answered. Model A vs B is a question about the same
 * questions, so the pairing (not two independent CIs) decides whether a difference is real.
 */
import type { StoredRecord } from '../eval/runStore.js';
import { mcnemarOf, type McNemar } from '../metrics/mcnemar.js';
import { pairedDifference, type PairedDiff } from '../metrics/pairedDiff.js';
import { ciText, esc, metric, pct, pp } from './format.js';
import { recordGroups, scoreRecord, tasksOf, type LoadedRun } from './runData.js';

/** Runs compare item by item when they are of one kind and one task family. */
const familyOf = (r: LoadedRun): string => `${r.kind}:${tasksOf(r)[0]?.family ?? ''}`;

export interface ComparisonRow {
  /** JSON path of the metric in each run's results.json. */
  path: string;
  label: string;
  values: (number | null)[];
  /** values[i] vs values[0] on shared items; null for the first run. */
  diffs: (PairedDiff | null)[];
  /** McNemar's exact test of run i vs the first on shared items, where every score is 0 or 1; else null. */
  mcnemar: (McNemar | null)[];
}

export interface Comparison {
  runs: string[];
  rows: ComparisonRow[];
}

type Metric = {
  path: string;
  label: string;
  value: (r: LoadedRun) => number | null | undefined;
  include: (r: StoredRecord) => boolean;
};

/**
 * The metrics a comparison reports, from the tasks' own lists. A lone task's paths are its
 * results.json paths; a group's are prefixed with `benchmarks.<task>.` (its results.json).
 */
function metricsOf(runs: readonly LoadedRun[]): Metric[] {
  const first = runs[0] as LoadedRun;
  if (first.kind === 'task') {
    return first.task
      .compareMetrics()
      .map((m) => ({ ...m, value: (run: LoadedRun) => (run.kind === 'task' ? m.value(run.results) : null) }));
  }
  const tasks = new Map(runs.flatMap((r) => tasksOf(r).map((t) => [t.name, t] as const)));
  return [...tasks.values()].flatMap((t) =>
    t.compareMetrics().map((m) => ({
      path: `benchmarks.${t.name}.${m.path}`,
      label: m.label,
      include: m.include,
      value: (run: LoadedRun) => {
        const r = run.kind === 'group' ? run.results.benchmarks[t.name] : undefined;
        return r ? m.value(r) : null;
      },
    })),
  );
}

/** Scores of one run's answered records, keyed by what identifies the same question in another run. */
function scoresByItem(
  run: LoadedRun,
  include: (r: StoredRecord) => boolean,
): Map<string, { score: number; question: string }> {
  const out = new Map<string, { score: number; question: string }>();
  for (const { task, records } of recordGroups(run)) {
    for (const r of records) {
      if (!include(r)) continue;
      const s = scoreRecord(task, r);
      // Video-MMMU ids repeat across tracks; a suite's across benchmarks: the key carries both. Sample i
      // of a `--samples N` run pairs with sample i of another (sample 0 with a single-sample run's answer).
      // The sample pairs of one question are resampled and tested together (the question is their group).
      const question = `${String(r.item.track ?? r.item.benchmark ?? '')}|${r.item_id}|${r.condition}`;
      if (s) out.set(`${question}${r.sample ? `|${r.sample}` : ''}`, { score: s.score, question });
    }
  }
  return out;
}

/**
 * Compare runs of one kind; null when fewer than two. Runs of several task families compare within
 * each family when every family has the same number of runs, in the same order (model A's Video-MMMU
 * run and its suite run, then model B's): one table, each row labelled with its family's task.
 */
export function compareRuns(runs: readonly LoadedRun[], seed = 0): Comparison | null {
  if (runs.length < 2) return null;
  const families = [...new Set(runs.map(familyOf))].map((f) => runs.filter((r) => familyOf(r) === f));
  if (families.length === 1) return compareFamily(runs, seed, '');
  const k = families[0]!.length;
  if (k < 2 || families.some((f) => f.length !== k)) return null;
  const parts = families.map((f) => compareFamily(f, seed, `${tasksOf(f[0]!)[0]?.label ?? ''}: `));
  return { runs: families[0]!.map((r) => r.model), rows: parts.flatMap((c) => c.rows) };
}

function compareFamily(runs: readonly LoadedRun[], seed: number, prefix: string): Comparison {
  const metrics = metricsOf(runs);
  const rows = metrics.map((m) => {
    const base = scoresByItem(runs[0] as LoadedRun, m.include);
    const pairs = runs.map((r) => {
      const other = scoresByItem(r, m.include);
      const shared = [...base.keys()].filter((k) => other.has(k)).sort();
      return {
        a: shared.map((k) => base.get(k)?.score as number),
        b: shared.map((k) => other.get(k)?.score as number),
        groups: shared.map((k) => base.get(k)?.question as string),
      };
    });
    return {
      path: m.path,
      label: `${prefix}${m.label}`,
      values: runs.map((r) => m.value(r) ?? null),
      diffs: pairs.map((p, i) => (i === 0 ? null : pairedDifference(p.a, p.b, { seed, groups: p.groups }))),
      mcnemar: pairs.map((p, i) => (i === 0 ? null : binaryMcNemar(p.a, p.b, p.groups))),
    };
  });
  return {
    runs: runs.map((r) => `${r.name} (${r.model})`),
    rows: rows.filter((r) => r.values.some((v) => v !== null)),
  };
}

/**
 * McNemar on paired 0/1 scores, clustered by question where a question has several sample pairs;
 * null when any score is partial (e.g. a regression item's MRA).
 */
function binaryMcNemar(a: readonly number[], b: readonly number[], groups: readonly string[]): McNemar | null {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) return null;
  }
  return mcnemarOf(a, b, groups);
}

/** A difference that survives: its paired CI excludes 0 and, on right/wrong items, McNemar's p < 0.05. */
export const survives = (d: PairedDiff, m: McNemar | null): boolean => d.excludes_zero && (!m || m.p_value < 0.05);

const pText = (m: McNemar | null): string =>
  m ? `, ${m.clusters === undefined ? 'McNemar' : 'McNemar by question'} p=${m.p_value.toPrecision(2)}` : '';

const verdict = (d: PairedDiff): string =>
  d.n === 0 ? 'no shared items' : d.excludes_zero ? 'CI excludes 0' : 'CI includes 0';

export function renderComparisonHtml(c: Comparison): string {
  const head =
    `<tr><th>metric</th>` +
    `${c.runs.map((r, i) => `<th>${i === 0 ? 'A: ' : `${String.fromCharCode(65 + i)}: `}${esc(r)}</th>`).join('')}` +
    `${c.runs
      .slice(1)
      .map((_, i) => `<th>${String.fromCharCode(66 + i)} − A [95% CI]</th>`)
      .join('')}</tr>`;
  const body = c.rows
    .map((row) => {
      const vals = row.values.map((v, i) => `<td>${metric(i, row.path, v, pct(v), 'pct')}</td>`).join('');
      const diffs = row.diffs
        .slice(1)
        .map((d, i) => {
          if (!d) return '<td>–</td>';
          const m = row.mcnemar[i + 1] ?? null;
          const cls = d.excludes_zero ? ((d.diff ?? 0) > 0 ? 'sig up' : 'sig down') : 'nosig';
          return (
            `<td class="${cls}" data-diff="${esc(row.path)}" data-run="${i + 1}" data-excludes-zero="` +
            `${d.excludes_zero}" data-survives="${survives(d, m)}">${esc(pp(d.diff))}${survives(d, m) ? ' *' : ''} ` +
            `<span class="ci">${esc(ciText(d.ci95))}</span><br><small>${esc(verdict(d))}${esc(pText(m))}, n=${d.n}` +
            `${d.questions === undefined ? '' : ` (${d.questions} questions)`}</small></td>`
          );
        })
        .join('');
      return `<tr><th scope="row">${esc(row.label)}</th>${vals}${diffs}</tr>`;
    })
    .join('\n');
  return `<table class="compare"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export function renderComparisonMarkdown(c: Comparison): string {
  const lines = ['## Runs compared (difference vs A: paired bootstrap over shared items, 95% CI)', ''];
  const letters = c.runs.map((_, i) => String.fromCharCode(65 + i));
  lines.push(
    `| metric | ${c.runs.map((r, i) => `${letters[i]}: ${r.replace(/\|/g, '\\|')}`).join(' | ')} | ${letters
      .slice(1)
      .map((l) => `${l} − A [95% CI]`)
      .join(' | ')} |`,
  );
  lines.push(
    `|---|${c.runs.map(() => '---').join('|')}|${letters
      .slice(1)
      .map(() => '---')
      .join('|')}|`,
  );
  for (const row of c.rows) {
    const diffs = row.diffs.slice(1).map((d, i) => {
      const m = row.mcnemar[i + 1] ?? null;
      return d ? `${pp(d.diff)} ${ciText(d.ci95)}${pText(m)}${survives(d, m) ? ' *' : ''}` : '–';
    });
    lines.push(`| ${row.label} | ${row.values.map((v) => pct(v)).join(' | ')} | ${diffs.join(' | ')} |`);
  }
  lines.push(
    '',
    "`*`: the difference survives: its 95% CI excludes zero and, where every item is right or wrong, McNemar's " +
      'exact p < 0.05 (for `--samples` runs: resampled and tested by question, McNemar clustered by question).',
    '',
  );
  return lines.join('\n');
}
