#!/usr/bin/env node
/**
 * Where a model's chains of thought break, from an evaluation's records (no gold needed for the
 * first two): is the arithmetic it writes right for its own operands, and does the option letter
 * it names hold the value it names? Then, with the synth folder's meta, how often its restatement
 * of the rule slide has the slide's numbers (reading).
 *   node experiments/curriculum/chain-checks.mjs <synth-dir> <eval-out>...
 * <eval-out>: a folder with videommmu/records.jsonl and/or synth/synth/records.jsonl
 * (what evaluateCheckpoint writes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScan } from '../../dist/src/synth/annotator.js';
import { equationsOf } from '../../dist/src/train/sources/arithDrills.js';

const [synth, ...runs] = process.argv.slice(2);
if (!synth || !runs.length) {
  process.stderr.write('usage: node experiments/curriculum/chain-checks.mjs <synth-dir> <eval-out>...\n');
  process.exit(2);
}
const lines = (f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const units = new Map(lines(join(synth, 'meta', 'units.jsonl')).map((u) => [u.id, u]));

/** Value of `a × b + c − d mod e` (× and mod before + and −). */
function value(side) {
  let sum = 0;
  let sign = 1;
  for (const t of side.replace(/-/g, '−').split(/ ([+−]) /)) {
    if (t === '+' || t === '−') sign = t === '+' ? 1 : -1;
    else {
      const p = t.split(' ');
      let v = Number(p[0]);
      for (let i = 1; i < p.length; i += 2) v = p[i] === '×' ? v * Number(p[i + 1]) : v % Number(p[i + 1]);
      sum += sign * v;
    }
  }
  return sum;
}

/**
 * Worked equations (`17 + 4 × 3 = 17 + 12 = 29`, found as the world's are: `equationsOf`): each `=`
 * step is one statement, right when both sides have the same value; `last` counts the equations
 * whose result equals their left side.
 */
function arithmetic(text) {
  let ok = 0;
  let n = 0;
  let last = 0;
  const equations = equationsOf(text);
  for (const eq of equations) {
    const sides = eq.split(' = ');
    for (let i = 1; i < sides.length; i++) {
      n++;
      if (value(sides[i]) === value(sides[i - 1])) ok++;
    }
    // The whole statement: its result equals its left side (what the answer depends on).
    if (value(sides.at(-1)) === value(sides[0])) last++;
  }
  return { ok, n, last, statements: equations.length };
}

/**
 * The option the chain names — "option F (80)", "80 is option F." or, walking the options,
 * "80 is the answer. Checking the options: A is 16, …, so it is option F." — does it hold that value?
 */
function lookup(text, options) {
  const forms = [
    [/option ([A-J]) \(([^)]*)\)/, 1, 2],
    [/(\S+) is the answer\. Checking the options:[^]*?so it is option ([A-J])\./, 2, 1],
    [/(\S+) is option ([A-J])\./, 2, 1],
  ];
  for (const [re, li, vi] of forms) {
    const m = re.exec(text);
    if (m) return options[m[li].charCodeAt(0) - 65] === m[vi];
  }
  return null;
}

/** Walked options ("A is 16, B is 24"): how many are copied right from the prompt's list. */
function walk(text, options) {
  const said = parseScan(text)?.walked ?? [];
  return { ok: said.filter(([l, t]) => options[l.charCodeAt(0) - 65] === t).length, n: said.length };
}

const numbers = (s) => (s.match(/\d+/g) ?? []).join(',');
const pct = (ok, n) => (n ? `${ok}/${n} = ${((100 * ok) / n).toFixed(0)}%` : '–');

for (const run of runs) {
  const out = { run };
  const vmFile = join(run, 'videommmu', 'records.jsonl');
  const r1File = join(run, 'synth', 'synth', 'records.jsonl');
  const sets = [];
  if (existsSync(vmFile))
    sets.push([
      'Video-MMMU',
      lines(vmFile).filter((r) => r.status === 'ok' && r.condition === 'after'),
      (r) => r.item.options,
    ]);
  if (existsSync(r1File))
    sets.push([
      'Video-R1 lectures',
      lines(r1File).filter(
        (r) => r.status === 'ok' && r.condition === 'ordered' && /lecture/.test(r.item.data_source ?? ''),
      ),
      (r) => [...r.request.prompt.matchAll(/^[A-J]\. (.*)$/gm)].map((m) => m[1]),
    ]);
  for (const [name, rs, optionsOf] of sets) {
    const a = { ok: 0, n: 0, last: 0, statements: 0 };
    const l = { ok: 0, n: 0 };
    const w = { ok: 0, n: 0 };
    /** Per concept family: the colour wheel's numbers are always 0–4 in order, so it reads right by rote. */
    const read = {};
    for (const r of rs) {
      const text = r.response.text;
      const x = arithmetic(text);
      a.ok += x.ok;
      a.n += x.n;
      a.last += x.last;
      a.statements += x.statements;
      const ww = walk(text, optionsOf(r));
      w.ok += ww.ok;
      w.n += ww.n;
      const lk = lookup(text, optionsOf(r));
      if (lk !== null) {
        l.n++;
        if (lk) l.ok++;
      }
      // Reading: the chain's rule sentence against the slide's (Video-MMMU records name their unit).
      const u = units.get(r.item_id);
      const q = u?.questions.find((x) => x.track === r.item.track);
      const said = /The (?:rule|wheel|legend) slide[^.]*\./.exec(text)?.[0];
      if (q && said) {
        const f = (read[u.family] ??= { ok: 0, n: 0 });
        f.n++;
        if (numbers(said) === numbers(q.steps[0])) f.ok++;
      }
    }
    out[name] = {
      records: rs.length,
      arithmetic_steps: pct(a.ok, a.n),
      arithmetic_results: pct(a.last, a.statements),
      option_lookup: pct(l.ok, l.n),
      ...(w.n ? { options_walked_right: pct(w.ok, w.n) } : {}),
      ...(Object.keys(read).length
        ? { rule_numbers_read: Object.fromEntries(Object.entries(read).map(([f, c]) => [f, pct(c.ok, c.n)])) }
        : {}),
    };
  }
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}
