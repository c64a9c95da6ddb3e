/**
 * Reasoning models end to end over HTTP: a scripted server answers with <think> blocks (closed,
 * prefilled, never closed) and with a separate `reasoning_content`; the run stores both, strips
 * before parsing, reports unclosed thinking as unparsed, keys resumes by the parser, and
 * `vreason diff` explains the difference from a release-parser run of the same answers.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { evalOptions, evaluateVideoMMMU } from '../../helpers/evalOptions.js';
import { runCli } from '../../helpers/cli.js';
import { startScriptedServer, type ScriptedServer } from '../../helpers/scriptedServer.js';
import { DEFAULT_CONFIG } from '../../../src/synth/plan.js';
import { writeSynth } from '../../../src/synth/write.js';
import { drillRows, facetsOfRuns, renderDrilldown } from '../../../src/report/drilldown.js';
import { loadRun } from '../../../src/report/runData.js';
import { diffRuns } from '../../../src/report/diff.js';
import type { StoredRecord } from '../../../src/tasks/record.js';

const REPLIES: { content: string; reasoning_content?: string }[] = [
  { content: '<think>Option A looks tempting.</think> B' },
  { content: 'B', reasoning_content: 'Option A looks tempting, but B.' },
  { content: '<think>A is tempting and I keep thinking' },
  { content: 'so maybe A </think> The answer is C.' },
  { content: '**C**' },
  { content: '<analysis>A? D?</analysis>(D)' },
  { content: '42', reasoning_content: '6 times 7' },
];

let dir: string;
let server: ScriptedServer;
const data = (): string => join(dir, 'world/videommmu/test');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-reasoning-'));
  await writeSynth({ ...DEFAULT_CONFIG, seed: 5, videos: 6, ratios: [0, 0, 1], jobs: 2, out: join(dir, 'world') });
  server = await startScriptedServer((r) => {
    const h = parseInt(createHash('sha1').update(r.prompt).digest('hex').slice(0, 8), 16);
    const reply = REPLIES[h % REPLIES.length] as (typeof REPLIES)[number];
    const message = { role: 'assistant', ...reply };
    return {
      raw: JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        model: 'scripted',
        choices: [{ index: 0, message, finish_reason: 'stop' }],
      }),
    };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const records = (out: string): StoredRecord[] =>
  readFileSync(join(out, 'records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StoredRecord);

test(
  'default: reasoning stripped as lmms-eval does (an unclosed block parsed as is), reasoning_content stored, ' +
    'resume keyed by parser',
  async () => {
    const out = join(dir, 'lmms');
    const first = await evaluateVideoMMMU(evalOptions(data(), out, server.url, { concurrency: 2 }));
    const r = first.results;
    assert.equal(r.manifest.parser, 'lmms-eval');
    assert.deepEqual(r.manifest.reasoning_tags, [
      ['<think>', '</think>'],
      ['<analysis>', '</analysis>'],
    ]);
    const recs = records(out);
    const withRc = recs.filter((x) => x.response?.reasoning_content !== undefined);
    assert.ok(withRc.length > 0);
    for (const x of withRc)
      assert.ok(['Option A looks tempting, but B.', '6 times 7'].includes(x.response?.reasoning_content as string));
    assert.equal(r.reasoning.reasoning_content, withRc.length);
    const unclosed = recs.filter((x) => x.response?.text.startsWith('<think>A is tempting'));
    assert.ok(unclosed.length > 0);
    assert.equal(r.reasoning.unclosed, unclosed.length);
    // As lmms-eval: a block that never closed is not cut, the whole answer is parsed.
    for (const x of unclosed) assert.ok(x.parsed !== null && !x.unparsed, JSON.stringify(x.parsed));
    // --unclosed unparsed: the same answers count as unparsed and wrong.
    const strictOut = join(dir, 'lmms-strict');
    await evaluateVideoMMMU(
      evalOptions(data(), strictOut, server.url, { concurrency: 2, unclosedThinking: 'unparsed' }),
    );
    const strict = records(strictOut).filter((x) => x.response?.text.startsWith('<think>A is tempting'));
    assert.equal(strict.length, unclosed.length);
    for (const x of strict) assert.deepEqual([x.parsed, x.correct, x.unparsed], [null, false, true]);
    // "<think>Option A looks tempting.</think> B" reads B, not the A inside the thinking.
    for (const x of recs.filter((y) => y.response?.text.startsWith('<think>Option A')))
      if (x.item.question_type === 'multiple-choice') assert.equal(x.parsed, 'B');
    // The prefilled form: only what follows </think> is parsed.
    for (const x of recs.filter((y) => y.response?.text.startsWith('so maybe A')))
      if (x.item.question_type === 'multiple-choice') assert.equal(x.parsed, 'C');

    const again = await evaluateVideoMMMU(evalOptions(data(), out, server.url, { concurrency: 2 }));
    assert.equal(again.asked, 0);
    const release = await evaluateVideoMMMU(
      evalOptions(data(), out, server.url, { concurrency: 2, parser: 'videommmu-release' }),
    );
    assert.equal(release.asked, first.asked, 'another parser is another resume key: asked again');

    const run = loadRun(out, { prefer: 'newest' });
    const html = renderDrilldown(await drillRows([run], null), facetsOfRuns([run]), ['lmms']);
    assert.match(html, /reasoning_content \(sent apart by the server, not parsed\)/);
    assert.match(html, /Option A looks tempting, but B\./);
    assert.match(html, /Reasoning cut before parsing \(a block never closed\)/);
  },
);

test('vreason diff: the parser field, the changed verdicts with both answers, the paired difference', async () => {
  const a = join(dir, 'diff-release');
  const b = join(dir, 'diff-lmms');
  await evaluateVideoMMMU(evalOptions(data(), a, server.url, { parser: 'videommmu-release' }));
  await evaluateVideoMMMU(evalOptions(data(), b, server.url, { unclosedThinking: 'unparsed' }));
  const d = diffRuns(a, b);
  const fields = d.manifest.map((f) => f.field);
  assert.ok(fields.includes('parser') && fields.includes('reasoning_tags'), fields.join(','));
  assert.ok(!fields.includes('sampling') && !fields.includes('frames'));
  assert.deepEqual(
    d.manifest.find((f) => f.field === 'parser'),
    {
      field: 'parser',
      a: 'videommmu-release',
      b: 'lmms-eval',
    },
  );
  assert.equal(d.only_a + d.only_b, 0);
  assert.ok(d.changed.length > 0);
  for (const c of d.changed) assert.equal(c.a.answer, c.b.answer, 'same server, same answers');
  assert.ok(d.changed.some((c) => c.b.outcome === 'unparsed' && c.b.answer?.startsWith('<think>A is tempting')));
  const ra = JSON.parse(readFileSync(join(a, 'results.json'), 'utf8')) as { overall: { correct: number; n: number } };
  const rb = JSON.parse(readFileSync(join(b, 'results.json'), 'utf8')) as { overall: { correct: number; n: number } };
  // The headline pairs are the with-video answers; per track they add up, per condition to all pairs.
  assert.deepEqual(d.primary, ['after']);
  const tracks = d.by.filter((x) => x.facet === 'track');
  const conds = d.by.filter((x) => x.facet === 'condition');
  assert.equal(
    tracks.reduce((n, x) => n + x.paired.n, 0),
    d.paired.n,
  );
  assert.deepEqual(
    conds.map((x) => x.value),
    ['after', 'before'],
  );
  assert.equal(
    conds.reduce((n, x) => n + x.paired.n, 0),
    d.shared,
  );
  // Over all shared answers (both conditions): mean B − mean A from the counts of right-only-in-one.
  assert.equal(d.paired.n, ra.overall.n);
  assert.ok(Math.abs((d.paired.diff ?? 0) - (d.mcnemar.b_only - d.mcnemar.a_only) / d.paired.n) < 1e-12);
  // The headline difference is the difference of the two runs' overall accuracies.
  assert.ok(Math.abs((d.paired.diff ?? 0) - (rb.overall.correct - ra.overall.correct) / ra.overall.n) < 1e-12);
  const cli = await runCli(['diff', a, b, '--limit', '3']);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /parser: videommmu-release → lmms-eval/);
  assert.match(cli.stdout, /Verdicts changed: \d+/);
  assert.match(cli.stdout, /McNemar p=/);
  const pw = await runCli(['power', a, b, '--delta', '0.05', '--json']);
  assert.equal(pw.code, 0, pw.stderr);
  const p = JSON.parse(pw.stdout) as { n: number; sd_diff: number; questions_needed: number | null };
  assert.equal(p.n, d.paired.n);
  // Per-question B − A is −1, 0 or 1: its sample SD from the discordant counts.
  const m = d.paired.diff ?? 0;
  const disc = (d.mcnemar.a_only + d.mcnemar.b_only) / p.n;
  assert.ok(Math.abs(p.sd_diff - Math.sqrt((disc - m * m) * (p.n / (p.n - 1)))) < 1e-12);
  // No question right in one run only: the variance is not measurable, and it says so.
  assert.equal(p.questions_needed === null, p.sd_diff === 0);
  const one = await runCli(['power', b, '--delta', '0.05', '--json']);
  assert.equal(one.code, 0, one.stderr);
  const acc = rb.overall.correct / rb.overall.n;
  const sd1 = (JSON.parse(one.stdout) as { sd_diff: number }).sd_diff;
  assert.ok(Math.abs(sd1 - Math.sqrt(2 * acc * (1 - acc) * 0.5)) < 1e-12, 'one run: √(2p(1−p)(1−ρ)), ρ = 0.5');
});
