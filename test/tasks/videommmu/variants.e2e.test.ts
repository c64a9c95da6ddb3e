/**
 * The robustness variants end to end over HTTP, each against a scripted model that recognises the
 * correct option by its text and answers with the label the prompt gives it (else "A"), and ignores
 * what it is shown; then `vreason diff <standard> <variants…>` builds the one table.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { evalOptions, evaluateVideoMMMU } from '../../helpers/evalOptions.js';
import { makeFixture, type FixtureRows } from '../../helpers/fixture.js';
import { runCli } from '../../helpers/cli.js';
import { startScriptedServer, type ScriptedServer, type SeenRequest } from '../../helpers/scriptedServer.js';
import { robustnessTable } from '../../../src/report/diff.js';
import type { StoredRecord } from '../../../src/tasks/record.js';
import type { Variant } from '../../../src/tasks/videommmu/variants.js';

let dir: string;
let rows: FixtureRows;
let server: ScriptedServer;
const goldText = new Map<string, string>();

function answer(r: SeenRequest): string {
  for (const [q, text] of goldText) {
    if (!r.prompt.includes(q)) continue;
    const m = new RegExp(`^(\\w+)\\. ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(r.prompt);
    return m ? `The answer is ${m[1]}.` : 'A';
  }
  return '42';
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-variants-'));
  rows = await makeFixture(join(dir, 'data'));
  for (const track of Object.values(rows))
    for (const row of track)
      if (row.question_type === 'multiple-choice')
        goldText.set(row.question, row.options[row.answer.charCodeAt(0) - 65] as string);
  server = await startScriptedServer((r) => ({ text: answer(r) }));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (variant: Variant, seed = 0) =>
  evaluateVideoMMMU(
    evalOptions(join(dir, 'data'), join(dir, `${variant}-${seed}`), server.url, { variant, seed, conditions: 'after' }),
  );
const records = (variant: string, seed = 0): StoredRecord[] =>
  readFileSync(join(dir, `${variant}-${seed}`, 'records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as StoredRecord);
const mc = (rs: StoredRecord[]) => rs.filter((r) => r.item.question_type === 'multiple-choice');

test('each variant over HTTP: what is asked, what is gold, what is shown', async () => {
  const std = await run('standard');
  assert.equal(std.results.manifest.variant, undefined);
  assert.equal(std.results.question_types['multiple-choice']?.accuracy, 1);

  const none = await run('gt_none_option');
  assert.equal(none.results.manifest.variant, 'gt_none_option');
  for (const r of mc(records('gt_none_option'))) {
    const i = String(r.item.answer).charCodeAt(0) - 65;
    assert.equal((r.item.options as string[])[i], 'None');
    assert.match(r.request.prompt, new RegExp(`^${String(r.item.answer)}\\. None$`, 'm'));
  }
  // The model no longer sees the right text: it answers A, right only where the gold is A.
  const goldA = mc(records('gt_none_option')).filter((r) => r.item.answer === 'A').length;
  assert.equal(none.results.question_types['multiple-choice']?.correct, goldA);

  const num = await run('number_option');
  for (const r of mc(records('number_option'))) {
    assert.match(String(r.item.answer), /^\d+$/);
    assert.match(r.request.prompt, /^1\. /m);
    assert.doesNotMatch(r.request.prompt, /^A\. /m);
  }
  assert.equal(num.results.question_types['multiple-choice']?.accuracy, 1);

  const shuf = await run('random_choice');
  const stdById = new Map(mc(records('standard')).map((r) => [`${r.item.track}/${r.item_id}`, r]));
  let moved = 0;
  for (const r of mc(records('random_choice'))) {
    const s = stdById.get(`${r.item.track}/${r.item_id}`) as StoredRecord;
    const text = (i: StoredRecord) => (i.item.options as string[])[String(i.item.answer).charCodeAt(0) - 65];
    assert.equal(text(r), text(s), 'the gold follows its option');
    assert.deepEqual([...(r.item.options as string[])].sort(), [...(s.item.options as string[])].sort());
    if (r.item.answer !== s.item.answer) moved++;
  }
  assert.ok(moved > 0);
  assert.equal(shuf.results.question_types['multiple-choice']?.accuracy, 1);
  await run('random_choice', 7);
  const again = mc(records('random_choice', 7)).map((r) => (r.item.options as string[]).join('|'));
  assert.notDeepEqual(
    again,
    mc(records('random_choice')).map((r) => (r.item.options as string[]).join('|')),
    'another seed, another order',
  );

  const before = server.requests.length;
  const nov = await run('no_visual');
  const asked = server.requests.slice(before);
  assert.equal(asked.length, nov.asked);
  assert.ok(asked.every((r) => r.images === 0 && r.videos === 0));
  assert.ok(records('no_visual').every((r) => r.request.visual.includes('no_visual')));
});

test('the robustness table: accuracy per setting and track, paired difference to the standard run', async () => {
  const dirs = ['gt_none_option', 'number_option', 'random_choice', 'no_visual'].map((v) => join(dir, `${v}-0`));
  const table = robustnessTable(join(dir, 'standard-0'), dirs);
  assert.deepEqual(
    table.map((r) => r.setting),
    ['standard', 'gt_none_option', 'number_option', 'random_choice', 'no_visual'],
  );
  const std = JSON.parse(readFileSync(join(dir, 'standard-0', 'results.json'), 'utf8')) as {
    overall: { accuracy: number };
    tracks: Record<string, { accuracy: number }>;
  };
  assert.equal(table[0]?.cells[0]?.accuracy, std.overall.accuracy);
  for (const row of table.slice(1)) {
    const res = JSON.parse(readFileSync(join(row.dir, 'results.json'), 'utf8')) as { overall: { accuracy: number } };
    const overall = row.cells[0];
    assert.ok(overall?.paired);
    assert.ok(Math.abs((overall.accuracy ?? 0) - res.overall.accuracy) < 1e-12, row.setting);
    assert.ok(Math.abs((overall.paired.diff ?? 0) - (res.overall.accuracy - std.overall.accuracy)) < 1e-12);
  }
  const gtNone = table[1]?.cells[0]?.paired;
  assert.ok(gtNone && (gtNone.diff ?? 0) < 0);
  const cli = await runCli(['diff', join(dir, 'standard-0'), ...dirs]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /\| Setting \| Overall \| Perception \| Comprehension \| Adaptation \|/);
  assert.match(cli.stdout, /\| gt_none_option \| [\d.]+ \(-[\d.]+/);
});
