/**
 * Differential test against lmms-eval's own Python: test/fixtures/videommmu-parity/corpus.jsonl.gz
 * holds 20 000 generated responses and what lmms-eval's functions (commit 75571cfe) returned for
 * each — strip_reasoning_tags, today's videommmu parse_multi_choice_response (extract_mcq_answer),
 * the release parser, parse_open_response and the verdicts. The file and the command that made it
 * are described in test/fixtures/videommmu-parity/generate.py; the reference's code is not in this
 * repository. Every verdict must match exactly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { DEFAULT_REASONING_TAGS, stripReasoning, stripReasoningTags } from '../../../src/tasks/reasoning.js';
import { extractMcqAnswer } from '../../../src/tasks/videommmu/mcqExtract.js';
import { parseMultiChoice, parseOpen } from '../../../src/tasks/videommmu/parse.js';
import { LMMS_EVAL_COMMIT, scoreAnswer, scoringFor } from '../../../src/tasks/videommmu/scoring.js';

type PyVal = string | { n: string };
interface Row {
  id: string;
  t: 'multiple-choice' | 'open';
  r: string;
  o: string[];
  g: string | string[];
  s: string;
  lm?: string;
  lm_raw?: string;
  rel?: string;
  op?: PyVal[] | null;
  c: boolean | null;
}

const FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/videommmu-parity/corpus.jsonl.gz',
);
const lines = gunzipSync(readFileSync(FILE)).toString('utf8').trim().split('\n');
const meta = JSON.parse(lines[0] as string).meta as { commit: string };
const rows: Row[] = lines.slice(1).map((l) => JSON.parse(l) as Row);
const mc = rows.filter((r) => r.t === 'multiple-choice');
const open = rows.filter((r) => r.t === 'open');
const letters = (o: string[]): string[] => o.map((_, i) => String.fromCodePoint(0x41 + i));
const NONE = 'No Answer Found.';

test('the corpus is large, varied and from the commit vreason names', () => {
  assert.equal(meta.commit, LMMS_EVAL_COMMIT);
  assert.ok(mc.length >= 10000 && open.length >= 2000, `${mc.length} mc, ${open.length} open`);
  const unclosed = rows.filter((r) => stripReasoning(r.r, DEFAULT_REASONING_TAGS).unclosed).length;
  const stripped = rows.filter((r) => r.s !== r.r).length;
  assert.ok(unclosed > 500 && stripped > 2000, `unclosed ${unclosed}, stripped ${stripped}`);
});

test('strip_reasoning_tags: identical output on every response', () => {
  const bad = rows.filter((r) => stripReasoningTags(r.r, DEFAULT_REASONING_TAGS) !== r.s);
  assert.deepEqual(
    bad.slice(0, 5).map((r) => [r.id, r.r, r.s, stripReasoningTags(r.r, DEFAULT_REASONING_TAGS)]),
    [],
  );
});

test('extract_mcq_answer (today): identical letter on the stripped and the raw response', () => {
  const bad: unknown[] = [];
  for (const r of mc) {
    const got = extractMcqAnswer(r.s, letters(r.o)) ?? NONE;
    const raw = extractMcqAnswer(r.r, letters(r.o)) ?? NONE;
    if (got !== r.lm || raw !== r.lm_raw) bad.push([r.id, r.r, r.o.length, r.lm, got, r.lm_raw, raw]);
  }
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${mc.length} differ`);
});

test('release parser: identical letter (the previous behaviour, kept as --parser videommmu-release)', () => {
  const bad: unknown[] = [];
  for (const r of mc) {
    const p = parseMultiChoice(r.r, r.o).pred;
    const got = p ?? (r.r === '' || r.r === 'API Error' ? 'API Error' : NONE);
    if (got !== r.rel) bad.push([r.id, r.r, r.rel, got]);
  }
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${mc.length} differ`);
});

test('--parser lmms-eval --unclosed keep: every verdict equals lmms-eval', () => {
  const c = scoringFor('lmms-eval', { unclosed: 'keep' });
  const bad: unknown[] = [];
  for (const r of rows) {
    const s = scoreAnswer(c, r.t, r.r, r.o, r.g);
    // lmms-eval drops an item whose open answer is "API Error" (null here); vreason counts it wrong.
    const want = r.c ?? false;
    if (s.correct !== want) bad.push([r.id, r.r, want, s.parsed]);
    if (r.t === 'multiple-choice' && (s.parsed ?? NONE) !== r.lm) bad.push([r.id, r.r, r.lm, s.parsed]);
  }
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} differ`);
});

test('default (unclosed → unparsed): lmms-eval verdicts except unclosed thinking, which is unparsed and wrong', () => {
  const c = scoringFor('lmms-eval');
  let unclosed = 0;
  for (const r of rows) {
    const s = scoreAnswer(c, r.t, r.r, r.o, r.g);
    if (stripReasoning(r.r, DEFAULT_REASONING_TAGS).unclosed) {
      unclosed++;
      assert.deepEqual([s.parsed, s.correct, s.unparsed], [null, false, true], r.id);
    } else {
      assert.equal(s.correct, r.c ?? false, r.id);
    }
  }
  assert.ok(unclosed > 0);
});

test('parse_open_response after stripping: the same candidates', () => {
  const py = (v: PyVal): string | number =>
    typeof v === 'string'
      ? v
      : v.n === 'inf'
        ? Infinity
        : v.n === '-inf'
          ? -Infinity
          : v.n === 'nan'
            ? NaN
            : Number(v.n);
  const key = (x: string | number): string => (typeof x === 'string' ? `s:${x}` : `f:${Object.is(x, -0) ? '-0' : x}`);
  for (const r of open) {
    const ours = parseOpen(r.s).preds;
    if (r.op === null || r.op === undefined) {
      assert.equal(ours, null, r.id);
      continue;
    }
    assert.deepEqual((ours ?? []).map(key).sort(), r.op.map(py).map(key).sort(), r.id);
  }
});

test('how much the parser choice matters on this corpus (reported, and non-zero)', (t) => {
  const rel = scoringFor('videommmu-release');
  const lm = scoringFor('lmms-eval');
  let letterDiff = 0;
  let verdictDiff = 0;
  for (const r of mc) {
    const a = scoreAnswer(rel, r.t, r.r, r.o, r.g);
    const b = scoreAnswer(lm, r.t, r.r, r.o, r.g);
    if (a.parsed !== b.parsed) letterDiff++;
    if (a.correct !== b.correct) verdictDiff++;
  }
  t.diagnostic(`${mc.length} multiple-choice cases: ${letterDiff} parsed letters and ${verdictDiff} verdicts differ`);
  assert.ok(letterDiff > 0 && verdictDiff > 0);
});
