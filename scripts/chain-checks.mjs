#!/usr/bin/env node
/**
 * Where a model's chains of thought break, from an evaluation's records (no gold needed for the
 * first two): is the arithmetic it writes right for its own operands, and does the option letter
 * it names hold the value it names? Then, with the synth folder's meta, how often its restatement
 * of the rule slide has the slide's numbers (reading).
 *   node scripts/chain-checks.mjs <synth-dir> <eval-out>...
 * <eval-out>: a folder with videommmu/records.jsonl and/or synth/synth/records.jsonl
 * (what evaluateCheckpoint writes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [synth, ...runs] = process.argv.slice(2);
if (!synth || !runs.length) {
  process.stderr.write('usage: node scripts/chain-checks.mjs <synth-dir> <eval-out>...\n');
  process.exit(2);
}
const lines = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const units = new Map(lines(join(synth, 'meta', 'units.jsonl')).map((u) => [u.id, u]));

/** "a × b + c = d" statements: how many are right. × binds tighter than + and −. */
function arithmetic(text) {
  let ok = 0;
  let n = 0;
  for (const m of text.matchAll(/((?:\d+ [×+−-] )+\d+) = (\d+)(?! [×+−-] \d)/g)) {
    const terms = m[1].replace(/−/g, '-').split(/ ([+-]) /);
    let sum = 0;
    let sign = 1;
    for (const t of terms) {
      if (t === '+' || t === '-') sign = t === '+' ? 1 : -1;
      else sum += sign * t.split(' × ').reduce((a, b) => a * Number(b), 1);
    }
    n++;
    if (sum === Number(m[2])) ok++;
  }
  return { ok, n };
}

/** The option the chain names ("option F (80)" or "80 is option F."): does it hold that value? */
function lookup(text, options) {
  const m = /option ([A-J]) \(([^)]*)\)/.exec(text);
  const v = m ? { letter: m[1], value: m[2] } : (/(\S+) is option ([A-J])\./.exec(text) ?? []).slice(1).reverse();
  const letter = Array.isArray(v) ? v[0] : v.letter;
  const value = Array.isArray(v) ? v[1] : v.value;
  if (!letter) return null;
  return options[letter.charCodeAt(0) - 65] === value;
}

const numbers = (s) => (s.match(/\d+/g) ?? []).join(',');
const pct = (ok, n) => (n ? `${ok}/${n} = ${((100 * ok) / n).toFixed(0)}%` : '–');


for (const run of runs) {
  const out = { run };
  const vmFile = join(run, 'videommmu', 'records.jsonl');
  const r1File = join(run, 'synth', 'synth', 'records.jsonl');
  const sets = [];
  if (existsSync(vmFile)) sets.push(['Video-MMMU', lines(vmFile).filter((r) => r.status === 'ok' && r.condition === 'after'), (r) => r.item.options]);
  if (existsSync(r1File))
    sets.push(['Video-R1 lectures', lines(r1File).filter((r) => r.status === 'ok' && r.condition === 'ordered' && /lecture/.test(r.item.data_source ?? '')), (r) => [...r.request.prompt.matchAll(/^[A-J]\. (.*)$/gm)].map((m) => m[1])]);
  for (const [name, rs, optionsOf] of sets) {
    const a = { ok: 0, n: 0 };
    const l = { ok: 0, n: 0 };
    /** Per concept family: the colour wheel's numbers are always 0–4 in order, so it reads right by rote. */
    const read = {};
    for (const r of rs) {
      const text = r.response.text;
      const x = arithmetic(text);
      a.ok += x.ok;
      a.n += x.n;
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
    out[name] = { records: rs.length, arithmetic: pct(a.ok, a.n), option_lookup: pct(l.ok, l.n), ...(Object.keys(read).length ? { rule_numbers_read: Object.fromEntries(Object.entries(read).map(([f, c]) => [f, pct(c.ok, c.n)])) } : {}) };
  }
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}
