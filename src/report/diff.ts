/**
 * `vreason diff <runA> <runB>`: why two runs' numbers differ. The manifest fields that differ
 * (parser, prompt hash, frames, sampling, dataset hash, endpoint …), the questions whose verdict
 * changed with both answers, and the paired difference B − A over the questions both answered,
 * with a paired bootstrap CI and McNemar's exact test. Each run's answers are scored the way that
 * run scores them (its records' own parser choice), so a parser change shows as changed verdicts
 * on identical answers.
 */
import { mcnemarExact, mcnemarOf, type McNemar } from '../metrics/mcnemar.js';
import { TRACKS, type Track } from '../core/types.js';
import type { StoredRecord } from '../tasks/record.js';
import type { Task } from '../tasks/task.js';
import { clusteredMean, type ClusteredMean } from '../metrics/cluster.js';
import { pairedDifference, type PairedDiff } from '../metrics/pairedDiff.js';
import { outcomeOf, type Outcome } from './drilldown.js';
import { loadRun, recordGroups, type LoadedRun } from './runData.js';

/** Manifest fields shown first, in this order, when they differ. */
const KEY_FIELDS = [
  'task',
  'parser',
  'parser_version',
  'reasoning_tags',
  'unclosed_thinking',
  'prompt_style',
  'prompt_template_hash',
  'prompt',
  'frames',
  'video_mode',
  'sampling',
  'dataset.hash',
  'dataset.items',
  'model.endpoint',
  'model.name',
  'conditions',
  'limit',
  'seed',
];
/** The conditions a run’s headline counts: Video-MMMU with the video, the suite’s ordered frames. */
export const PRIMARY: ReadonlySet<string> = new Set(['after', 'ordered']);
/** Fields that always differ between runs or restate others. */
const SKIP = new Set(['units', 'dataset.files', 'dataset.root', 'node']);

export interface FieldDiff {
  field: string;
  a: unknown;
  b: unknown;
}

export interface ChangedVerdict {
  task: string;
  item_id: string;
  condition: string;
  facets: Record<string, string>;
  a: { outcome: Outcome; parsed: unknown; answer: string | null };
  b: { outcome: Outcome; parsed: unknown; answer: string | null };
}

/**
 * The paired difference's uncertainty with questions clustered by video (`videoOf`): Video-MMMU's tracks share a
 * lecture, suite items a clip.
 */
export type ClusteredDiff = Pick<ClusteredMean, 'clusters' | 'naive_se' | 'clustered_se' | 'cluster_ci95'>;

export interface RunDiff {
  a: { dir: string; name: string };
  b: { dir: string; name: string };
  manifest: FieldDiff[];
  shared: number;
  only_a: number;
  only_b: number;
  changed: ChangedVerdict[];
  /** The conditions the headline pairs are from (after / ordered where present, else all). */
  primary: string[];
  paired: PairedDiff;
  mcnemar: McNemar;
  clustered: ClusteredDiff;
  /** The same per facet value (track, benchmark), where runs have one. */
  by: { facet: string; value: string; paired: PairedDiff; mcnemar: McNemar; clustered: ClusteredDiff }[];
}

function flatten(v: unknown, prefix: string, out: Map<string, unknown>): void {
  if (SKIP.has(prefix)) return;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    // An object whose fields are all plain values is compared whole (frames, sampling), when it is a key field.
    if (KEY_FIELDS.includes(prefix)) {
      out.set(prefix, v);
      return;
    }
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix, v);
}

/** Fields of two manifests that differ: the key fields first, then the rest in name order. */
export function manifestDiff(a: Record<string, unknown>, b: Record<string, unknown>): FieldDiff[] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const fields = [...new Set([...fa.keys(), ...fb.keys()])];
  const rank = (f: string): number => {
    const i = KEY_FIELDS.indexOf(f);
    return i < 0 ? KEY_FIELDS.length : i;
  };
  fields.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  return fields
    .filter((f) => JSON.stringify(fa.get(f)) !== JSON.stringify(fb.get(f)))
    .map((f) => ({ field: f, a: fa.get(f) ?? null, b: fb.get(f) ?? null }));
}

interface Scored {
  task: Task;
  r: StoredRecord;
  outcome: Outcome;
  score: number;
  parsed: unknown;
}

/**
 * The video a record's question is about: a suite item's clip (its `media` fact), else the item
 * (Video-MMMU's item id is the lecture video its three tracks share). Clustered uncertainty uses it.
 */
export function videoOf(task: Task, r: StoredRecord): string {
  const media = r.item.media;
  return `${task.name}\0${typeof media === 'string' ? media : r.item_id}`;
}

/** The question a record answers (its samples share it). */
const questionOf = (x: Scored): string =>
  `${x.task.name}\0${JSON.stringify(x.task.facetsOf(x.r.item))}\0${x.r.item_id}\0${x.r.condition}`;

function scoredRecords(run: LoadedRun): Map<string, Scored> {
  const m = new Map<string, Scored>();
  for (const { task, records } of recordGroups(run)) {
    for (const r of records) {
      const o = outcomeOf(task, r);
      // Item ids repeat across Video-MMMU's tracks (one lecture, three questions): the facets tell them apart.
      // Sample i of a `--samples N` run pairs with sample i of the other (sample 0 with a single-sample answer).
      m.set(
        `${task.name}\0${JSON.stringify(task.facetsOf(r.item))}\0${r.item_id}\0${r.condition}` +
          `${r.sample ? `\0${r.sample}` : ''}`,
        {
          task,
          r,
          outcome: o.outcome,
          score: o.score ?? 0,
          parsed: o.parsed,
        },
      );
    }
  }
  return m;
}

const configOf = (run: LoadedRun): Record<string, unknown> =>
  run.kind === 'task' ? run.config : ((run.results.manifest ?? {}) as Record<string, unknown>);

function memberConfigs(run: LoadedRun): Map<string, Record<string, unknown>> {
  return run.kind === 'task'
    ? new Map([['', run.config]])
    : new Map(run.members.map((m) => [m.name, m.config as Record<string, unknown>]));
}

export function diffRuns(dirA: string, dirB: string, opts: { seed?: number } = {}): RunDiff {
  const A = loadRun(dirA, { index: 0 });
  const B = loadRun(dirB, { index: 1 });
  const manifest = manifestDiff(configOf(A), configOf(B));
  const ma = memberConfigs(A);
  const mb = memberConfigs(B);
  for (const [name, ca] of ma) {
    const cb = mb.get(name);
    if (!cb || name === '') continue;
    for (const d of manifestDiff(ca, cb)) manifest.push({ ...d, field: `${name}/${d.field}` });
  }
  const sa = scoredRecords(A);
  const sb = scoredRecords(B);
  const shared: [Scored, Scored][] = [];
  for (const [k, x] of sa) {
    const y = sb.get(k);
    if (y && x.outcome !== 'error' && y.outcome !== 'error') shared.push([x, y]);
  }
  shared.sort(([x], [y]) => (x.r.item_id < y.r.item_id ? -1 : x.r.item_id > y.r.item_id ? 1 : 0));
  const changed: ChangedVerdict[] = shared
    .filter(([x, y]) => x.outcome !== y.outcome || x.score !== y.score)
    .map(([x, y]) => ({
      task: x.task.name,
      item_id: x.r.item_id,
      condition: x.r.condition,
      facets: x.task.facetsOf(x.r.item),
      a: { outcome: x.outcome, parsed: x.parsed, answer: x.r.response?.text ?? null },
      b: { outcome: y.outcome, parsed: y.parsed, answer: y.r.response?.text ?? null },
    }));
  const stats = (pairs: [Scored, Scored][]) => {
    // A `--samples` run's sample pairs of one question are resampled and tested together.
    const groups = pairs.map(([x]) => questionOf(x));
    const a = pairs.map(([x]) => x.score);
    const b = pairs.map(([, y]) => y.score);
    const paired = pairedDifference(a, b, { seed: opts.seed ?? 0, groups });
    const c = clusteredMean(
      pairs.map(([x, y]) => y.score - x.score),
      pairs.map(([x]) => videoOf(x.task, x.r)),
      { seed: opts.seed ?? 0 },
    );
    const clustered: ClusteredDiff = {
      clusters: c.clusters,
      naive_se: c.naive_se,
      clustered_se: c.clustered_se,
      cluster_ci95: c.cluster_ci95,
    };
    return { paired, mcnemar: mcnemarOf(a, b, groups), clustered };
  };
  // The headline compares what a run's headline counts: Video-MMMU with the video (after), the suite's
  // ordered frames; the other condition is a row of its own.
  const primaryPairs = shared.filter(([x]) => PRIMARY.has(x.r.condition));
  const primary = primaryPairs.length ? primaryPairs : shared;
  const by: RunDiff['by'] = [];
  for (const facet of ['track', 'benchmark']) {
    const values = [...new Set(primary.map(([x]) => x.task.facetsOf(x.r.item)[facet]).filter((v) => v))] as string[];
    const rank = (v: string): number => ((TRACKS as readonly string[]).includes(v) ? TRACKS.indexOf(v as Track) : 99);
    for (const value of values.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0)))
      by.push({ facet, value, ...stats(primary.filter(([x]) => x.task.facetsOf(x.r.item)[facet] === value)) });
  }
  const conditions = [...new Set(shared.map(([x]) => x.r.condition))].sort();
  if (conditions.length > 1)
    for (const value of conditions)
      by.push({ facet: 'condition', value, ...stats(shared.filter(([x]) => x.r.condition === value)) });
  return {
    a: { dir: A.dir, name: A.name },
    b: { dir: B.dir, name: B.name },
    manifest,
    shared: shared.length,
    only_a: [...sa.keys()].filter((k) => !sb.has(k)).length,
    only_b: [...sb.keys()].filter((k) => !sa.has(k)).length,
    changed,
    primary: primaryPairs.length ? [...PRIMARY].filter((c) => conditions.includes(c)) : conditions,
    ...stats(primary),
    by,
  };
}

const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'));
const clip = (s: string | null, n: number): string =>
  s === null ? '(none)' : JSON.stringify(s.length > n ? `${s.slice(0, n)}…` : s);
const pp = (x: number | null): string => (x === null ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`);

function statLine(label: string, s: { paired: PairedDiff; mcnemar: McNemar; clustered: ClusteredDiff }): string {
  const p = s.paired;
  const ci = p.ci95 ? ` [${pp(p.ci95[0])}, ${pp(p.ci95[1])}]` : '';
  const sig = p.excludes_zero && s.mcnemar.p_value < 0.05 ? ' *' : '';
  const c = s.clustered;
  const se = (x: number | null): string => (x === null ? '–' : (x * 100).toFixed(2));
  const cl =
    c.cluster_ci95 && c.clusters < p.n
      ? `; by video (${c.clusters}): [${pp(c.cluster_ci95[0])}, ${pp(c.cluster_ci95[1])}], SE ${se(c.clustered_se)} ` +
        `vs naive ${se(c.naive_se)}`
      : '';
  const n = p.questions === undefined ? `n=${p.n}` : `n=${p.n} sample pairs of ${p.questions} questions`;
  const test = s.mcnemar.clusters === undefined ? 'McNemar' : 'McNemar clustered by question';
  return (
    `${label}: ${n}, A ${pp(p.mean_a).replace('+', '')}%, B ${pp(p.mean_b).replace('+', '')}%, B − A ` +
    `${pp(p.diff)} pts${ci}${cl}, ${test} p=${s.mcnemar.p_value.toPrecision(3)} (right only in A ${s.mcnemar.a_only}` +
    `, only in B ${s.mcnemar.b_only})${sig}`
  );
}

/** The terminal form of a diff; `limit` changed questions are listed. */
export function formatDiff(d: RunDiff, limit = 50): string {
  const lines = [`A: ${d.a.dir}`, `B: ${d.b.dir}`, ''];
  lines.push(d.manifest.length ? 'Manifest fields that differ:' : 'Manifests agree (apart from paths and units).');
  for (const f of d.manifest) lines.push(`  ${f.field}: ${show(f.a)} → ${show(f.b)}`);
  lines.push('', `Questions: ${d.shared} answered in both, ${d.only_a} only in A, ${d.only_b} only in B`);
  lines.push(statLine(`Paired difference (${d.primary.join(', ')})`, d));
  for (const b of d.by) lines.push(statLine(`  ${b.facet === 'condition' ? 'condition ' : ''}${b.value}`, b));
  lines.push('  (* = the 95% CI excludes 0 and McNemar p < 0.05)', '');
  lines.push(`Verdicts changed: ${d.changed.length}`);
  for (const c of d.changed.slice(0, limit)) {
    lines.push(`  ${c.task}/${c.item_id} (${c.condition}): ${c.a.outcome} → ${c.b.outcome}`);
    lines.push(`    A parsed ${show(c.a.parsed)} from ${clip(c.a.answer, 160)}`);
    lines.push(`    B parsed ${show(c.b.parsed)} from ${clip(c.b.answer, 160)}`);
  }
  if (d.changed.length > limit) lines.push(`  … ${d.changed.length - limit} more (--json lists all)`);
  return lines.join('\n');
}

export interface RobustnessRow {
  /** The run's variant (its manifest), else its folder name. */
  setting: string;
  dir: string;
  /** Accuracy with the video, overall and per track, and B − standard on the shared questions. */
  cells: { group: string; n: number; accuracy: number | null; paired: PairedDiff | null; mcnemar: McNemar | null }[];
}

/**
 * One table for robustness settings: the standard run first, then each variant run, accuracy per
 * track with the paired difference to the standard run (`vreason diff <standard> <variant…>`).
 */
export function robustnessTable(
  standard: string,
  others: readonly string[],
  opts: { seed?: number } = {},
): RobustnessRow[] {
  const settingOf = (dir: string): string => {
    const run = loadRun(dir);
    const v = configOf(run).variant;
    return typeof v === 'string' ? v : run.name;
  };
  const base = diffRuns(standard, standard, opts);
  const row = (dir: string, d: RunDiff, self: boolean): RobustnessRow => ({
    setting: self ? 'standard' : settingOf(dir),
    dir,
    cells: [
      {
        group: 'Overall',
        n: d.paired.n,
        accuracy: d.paired.mean_b,
        paired: self ? null : d.paired,
        mcnemar: self ? null : d.mcnemar,
      },
      ...d.by
        .filter((b) => b.facet === 'track' || b.facet === 'benchmark')
        .map((b) => ({
          group: b.value,
          n: b.paired.n,
          accuracy: b.paired.mean_b,
          paired: self ? null : b.paired,
          mcnemar: self ? null : b.mcnemar,
        })),
    ],
  });
  return [row(standard, base, true), ...others.map((o) => row(o, diffRuns(standard, o, opts), false))];
}

export function formatRobustness(rows: readonly RobustnessRow[]): string {
  const groups = rows[0]?.cells.map((c) => c.group) ?? [];
  const lines = [
    'Accuracy % with the video; in brackets the paired difference to the standard run (pts, 95% CI); * = CI ' +
      'excludes 0 and McNemar p < 0.05',
    '',
    `| Setting | ${groups.join(' | ')} |`,
    `|---|${groups.map(() => '---').join('|')}|`,
  ];
  for (const r of rows) {
    const cells = groups.map((g) => {
      const c = r.cells.find((x) => x.group === g);
      if (!c || c.accuracy === null) return '–';
      const acc = (c.accuracy * 100).toFixed(1);
      if (!c.paired || c.paired.diff === null) return acc;
      const ci = c.paired.ci95 ? ` [${pp(c.paired.ci95[0])}, ${pp(c.paired.ci95[1])}]` : '';
      const sig = c.paired.excludes_zero && (c.mcnemar?.p_value ?? 1) < 0.05 ? ' *' : '';
      return `${acc} (${pp(c.paired.diff)}${ci})${sig}`;
    });
    lines.push(`| ${r.setting} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export { mcnemarExact, type McNemar };
