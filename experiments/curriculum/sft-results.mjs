#!/usr/bin/env node
/**
 * The tables of experiments/curriculum/notes.md from two evaluation runs of a served checkpoint:
 *   node experiments/curriculum/sft-results.mjs <videommmu-run> [<synth-suite-run>]
 * <videommmu-run>: `vreason eval --task videommmu --conditions both …` output folder.
 * <synth-suite-run>: `vreason eval --task synth …` output folder (its records give the format
 * reward); without it only the Video-MMMU tables are written.
 * Accuracy minus the frequent-choice baseline is a paired bootstrap over the track's questions
 * (the baseline answers every question with the track's most common gold answer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapCI, proportionCI } from '../../dist/src/metrics/bootstrap.js';
import { formatReward } from '../../dist/src/rewards/index.js';

const [vmRun, r1Run] = process.argv.slice(2);
if (!vmRun) {
  process.stderr.write('usage: node experiments/curriculum/sft-results.mjs <videommmu-run> [<synth-suite-run>]\n');
  process.exit(2);
}
const records = (f) =>
  readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const pct = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);
const ci = (c) => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : '');

const res = JSON.parse(readFileSync(join(vmRun, 'results.json'), 'utf8'));
const vm = records(join(vmRun, 'records.jsonl')).filter((r) => r.status === 'ok');
const out = [];
out.push(
  '| track | n | accuracy [95% CI] | frequent choice | accuracy − frequent [95% CI, paired] | unparsed |',
  '|---|---:|---|---:|---|---:|',
);
for (const track of ['Perception', 'Comprehension', 'Adaptation']) {
  const rs = vm.filter((r) => r.item.track === track && r.condition === 'after');
  const fc = res.baselines.by_track[track].frequent_choice;
  const base = rs.map((r) => String(r.item.answer) === String(fc[r.item.question_type] ?? ''));
  const diff = rs.map((r, i) => (r.correct ? 1 : 0) - (base[i] ? 1 : 0));
  const mean = (idx) => idx.reduce((s, i) => s + diff[i], 0) / idx.length;
  const d = diff.reduce((a, b) => a + b, 0) / diff.length;
  const dci = bootstrapCI(diff.length, (idx) => mean([...idx]), { seed: 0 });
  const t = res.tracks[track];
  out.push(
    `| ${track} | ${t.n} | ${pct(t.accuracy)} ${ci(t.ci95)} | ${pct(res.baselines.by_track[track].frequent)} | ${d >= 0 ? '+' : ''}${(100 * d).toFixed(1)} pts ${ci(dci)} | ${rs.filter((r) => r.unparsed).length} |`,
  );
}
const dk = res.delta_knowledge;
out.push('', '| Adaptation | value [95% CI] |', '|---|---|');
out.push(`| accuracy without the video (before) | ${pct(dk.acc_before)} ${ci(res.before.ci95)} |`);
out.push(`| accuracy with the video (after) | ${pct(dk.acc_after)} ${ci(res.tracks.Adaptation.ci95)} |`);
out.push(
  `| Δknowledge | ${dk.value === null ? '–' : `${dk.value.toFixed(1)}%`} ${dk.ci95 ? `[${dk.ci95[0].toFixed(1)}%, ${dk.ci95[1].toFixed(1)}%]` : ''} |`,
);
out.push(`| wrong→right / right→wrong | ${pct(dk.wrong_to_right)} / ${pct(dk.right_to_wrong)} (n = ${dk.n}) |`);

if (!r1Run) {
  process.stdout.write(`${out.join('\n')}\n`);
  process.exit(0);
}
const r1 = records(join(r1Run, 'synth', 'records.jsonl')).filter((r) => r.status === 'ok');
const fmt = r1.map((r) => formatReward(r.response.text) === 1);
const byType = new Map();
for (const r of r1) {
  const k = r.item.problem_type ?? 'all';
  if (!byType.has(k)) byType.set(k, []);
  byType.get(k).push(r.score);
}
out.push('', '| Video-R1 format (synth test, think prompt) | value [95% CI] |', '|---|---|');
out.push(
  `| format reward | ${(fmt.filter(Boolean).length / fmt.length).toFixed(3)} ${(() => {
    const c = proportionCI(fmt, 0);
    return c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '';
  })()} (n = ${fmt.length}) |`,
);
for (const [k, xs] of [...byType.entries()].sort())
  out.push(`| mean score, ${k} | ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)} (n = ${xs.length}) |`);
process.stdout.write(`${out.join('\n')}\n`);
