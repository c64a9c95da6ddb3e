/**
 * `--samples N` end to end over HTTP: a scripted server on 127.0.0.1 whose answer to a question
 * depends on the request's seed (sample i is sent with seed + i), so the N samples differ; the
 * stability numbers are checked against a hand computation from the answer table, the records
 * against the table, and a killed run resumes asking only the samples it lacks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readStoreFile } from '../../src/eval/runStore.js';
import { expandSamples } from '../../src/eval/samples.js';
import { keyUnits } from '../../src/eval/runUnits.js';
import type { StabilityStat } from '../../src/metrics/stability.js';
import { buildReport } from '../../src/report/build.js';
import type { Results } from '../../src/tasks/videommmu/results.js';
import { DEFAULT_FRAMES, DEFAULT_PARAMS } from '../../src/tasks/videommmu/task.js';
import type { UnitSpec } from '../../src/tasks/types.js';
import { evalOptions, evaluateSuite, evaluateVideoMMMU } from '../helpers/evalOptions.js';
import { makeVideoR1Fixture } from '../helpers/videoR1Fixture.js';
import { runKilledAfterRecords } from '../helpers/cli.js';
import { FIXTURE_IDS, makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer, type SeenRequest } from '../helpers/scriptedServer.js';

const CLI = new URL('../../src/cli/main.js', import.meta.url).pathname;

/** The fixture's golds (test/helpers/fixture.ts): Adaptation 2 and 5 are open questions. */
const GOLD: Record<string, string[]> = {
  P: ['A', 'B', 'C', 'D', 'E', 'A'],
  C: ['B', 'C', 'D', 'A', 'B', 'C'],
  A: ['C', 'D', '12.5', 'B', 'C', '42'],
};
const WRONG_OPEN: Record<string, [string, string]> = { '12.5': ['7', '8'], '42': ['41', '40'] };

/**
 * With the video, sample by sample: R = the gold, W1/W2 = two different wrong answers. Per question
 * (mean score, majority, variance of the 3 scores with n − 1, all agree?):
 *   P: RRR (1, R, 0, yes)  RW1R (2/3, R, 1/3)  W1W1W1 (0, W, 0, yes)  W1W2R (1/3, tie → W1, 1/3)
 *      RW1W1 (1/3, W, 1/3)  W1RR (2/3, R, 1/3)
 *   C: W1W1R (1/3, W, 1/3), then RRR five times
 *   A: RRR  W1W1W1  RW1W2 (1/3, tie → R, 1/3)  W2RR (2/3, R, 1/3)  RRW1 (2/3, R, 1/3)  W1W2W1 (0, W, 0)
 * Without the video (Adaptation): always W1.
 */
const TABLE: Record<string, string[][]> = {
  P: [
    ['R', 'R', 'R'],
    ['R', 'W1', 'R'],
    ['W1', 'W1', 'W1'],
    ['W1', 'W2', 'R'],
    ['R', 'W1', 'W1'],
    ['W1', 'R', 'R'],
  ],
  C: [['W1', 'W1', 'R'], ...Array.from({ length: 5 }, () => ['R', 'R', 'R'])],
  A: [
    ['R', 'R', 'R'],
    ['W1', 'W1', 'W1'],
    ['R', 'W1', 'W2'],
    ['W2', 'R', 'R'],
    ['R', 'R', 'W1'],
    ['W1', 'W2', 'W1'],
  ],
};

const trackOf = (prompt: string): 'P' | 'C' | 'A' =>
  /Which colour/.test(prompt) ? 'P' : /worked example/.test(prompt) ? 'C' : 'A';

function answerText(gold: string, kind: string): string {
  if (kind === 'R') return WRONG_OPEN[gold] ? gold : `(${gold})`;
  const w = kind === 'W1' ? 0 : 1;
  if (WRONG_OPEN[gold]) return (WRONG_OPEN[gold] as [string, string])[w] as string;
  return `(${[...'ABCD'].filter((l) => l !== gold)[w]})`;
}

function reply(r: SeenRequest): string {
  const t = trackOf(r.prompt);
  const i = FIXTURE_IDS.indexOf(r.id ?? '');
  const sample = Number(r.body.seed ?? 0);
  const gold = GOLD[t]?.[i] as string;
  const kind = r.condition === 'before' ? 'W1' : (TABLE[t]?.[i]?.[sample] ?? 'W1');
  return answerText(gold, kind);
}

/**
 * The suite's answers by seed (test/helpers/videoR1Fixture.ts; the suite's default seed is 0). Scores per sample:
 *   vsibench q1 (gold B) 1,0 · q2 (regression, 10) 1,1 · q3 (numerical, 3.5) 1,0 · q4 (gold C) 1,1
 *   mvbench  q5 (gold A) 0,0 · q6 (gold D) 1,0
 */
const SUITE: Record<string, string[]> = {
  q1: ['<answer>B</answer>', '<answer>C</answer>'],
  q2: ['<answer>10</answer>', '<answer>10</answer>'],
  q3: ['<answer>3.5</answer>', '<answer>4</answer>'],
  q4: ['<answer>C</answer>', '<answer>C</answer>'],
  q5: ['<answer>B</answer>', '<answer>B</answer>'],
  q6: ['<answer>D</answer>', '<answer>A</answer>'],
};

let dir: string;
let server: ScriptedServer;
let slow: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-samples-'));
  await makeFixture(join(dir, 'data'));
  await makeVideoR1Fixture(join(dir, 'Evaluation'));
  server = await startScriptedServer((r) => ({ text: SUITE[r.id ?? '']?.[Number(r.body.seed)] ?? reply(r) }));
  // For the killed run: slow enough that it is still asking when it is killed.
  slow = await startScriptedServer(async (r) => {
    await new Promise((res) => setTimeout(res, 40));
    return { text: reply(r) };
  });
});
after(async () => {
  await server.close();
  await slow.close();
  rmSync(dir, { recursive: true, force: true });
});

const near = (a: number | null | undefined, b: number, what: string): void =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

test('--samples 3: each question asked 3 times with seeds 0,1,2; stability per track as computed by hand', async () => {
  const out = join(dir, 'sampled');
  const before = server.requests.length;
  const o = await evaluateVideoMMMU(
    evalOptions(join(dir, 'data'), out, server.url, {
      samples: 3,
      params: { temperature: 0.7, maxTokens: 64, seed: 0 },
    }),
  );
  const seen = server.requests.slice(before);
  assert.equal(seen.length, 72, '24 questions × 3 samples');
  const seeds = new Map<string, number[]>();
  for (const r of seen) {
    assert.equal(r.body.temperature, 0.7);
    const k = `${trackOf(r.prompt)}|${r.id}|${r.condition}`;
    seeds.set(k, [...(seeds.get(k) ?? []), Number(r.body.seed)].sort());
  }
  assert.equal(seeds.size, 24);
  for (const [k, s] of seeds) assert.deepEqual(s, [0, 1, 2], k);

  const recs = readStoreFile(join(out, 'records.jsonl'));
  assert.equal(recs.length, 72);
  assert.equal(new Set(recs.map((r) => r.key)).size, 72, 'every sample has its own key');
  for (const r of recs) {
    assert.ok(r.sample === 0 || r.sample === 1 || r.sample === 2, `sample ${r.sample}`);
    const t = String(r.item.track)[0] as 'P' | 'C' | 'A';
    const i = FIXTURE_IDS.indexOf(r.item_id);
    const kind = r.condition === 'before' ? 'W1' : TABLE[t]?.[i]?.[r.sample as number];
    assert.equal(r.correct, kind === 'R', `${r.item_id} ${r.item.track} ${r.condition} sample ${r.sample}`);
  }

  const res = o.results;
  const st = res.stability;
  assert.ok(st, 'stability in results');
  assert.equal(st.samples, 3);
  assert.equal(res.manifest.samples, 3);
  const hand = {
    Perception: { expected: 1 / 2, majority: 1 / 2, variance: 2 / 9, consistency: 1 / 3 },
    Comprehension: { expected: 8 / 9, majority: 5 / 6, variance: 1 / 18, consistency: 5 / 6 },
    Adaptation: { expected: 4 / 9, majority: 2 / 3, variance: 1 / 6, consistency: 1 / 3 },
    Overall: { expected: 11 / 18, majority: 2 / 3, variance: 4 / 27, consistency: 1 / 2 },
  };
  for (const [name, h] of Object.entries(hand)) {
    const s: StabilityStat | undefined = name === 'Overall' ? st.overall : st.tracks[name];
    assert.ok(s, name);
    assert.equal(s.questions, name === 'Overall' ? 18 : 6);
    assert.equal(s.complete, s.questions);
    near(s.expected_accuracy, h.expected, `${name} expected accuracy`);
    near(s.majority_accuracy, h.majority, `${name} majority-vote accuracy`);
    near(s.within_variance, h.variance, `${name} within-question variance`);
    near(s.consistency, h.consistency, `${name} consistency`);
  }
  // The headline is the mean over every sample: the expected accuracy when every sample is answered.
  near(res.overall.accuracy, 11 / 18, 'overall accuracy');
  assert.equal(res.overall.n, 54);
  // Δknowledge pairs sample i without the video with sample i with it: 18 pairs, none right before.
  assert.equal(res.delta_knowledge.n, 18);
  assert.equal(res.delta_knowledge.transitions.wrong_to_right, 8);
  near(res.delta_knowledge.value, 400 / 9, 'Δknowledge');

  // Clustered by lecture video: 6 videos, each with its 3 tracks × 3 samples; the CR1 SE from the records.
  const c = res.clustered;
  assert.equal(c.overall.n, 54);
  assert.equal(c.overall.clusters, 6);
  for (const t of ['Perception', 'Comprehension', 'Adaptation']) assert.equal(c.tracks[t]?.clusters, 6);
  const afterRecs = recs.filter((r) => r.condition === 'after');
  const mean = afterRecs.filter((r) => r.correct).length / afterRecs.length;
  const resid = new Map<string, number>();
  for (const r of afterRecs) resid.set(r.item_id, (resid.get(r.item_id) ?? 0) + (r.correct ? 1 : 0) - mean);
  const meat = [...resid.values()].reduce((a, x) => a + x * x, 0);
  near(c.overall.clustered_se, Math.sqrt((6 / 5) * meat) / 54, 'clustered SE');
  assert.equal(c.delta_knowledge.clusters, 6);
  assert.ok(c.delta_knowledge.cluster_ci95, 'Δknowledge has a clustered CI');

  const md = readFileSync(join(out, 'results.md'), 'utf8');
  assert.match(md, /## Stability \(with the video\) \(3 samples per question\)/);
  assert.ok(md.includes('| Overall | 18 | 18 | 61.1 | 66.7 | 0.148 | 50.0 |'), md);
  assert.ok(md.includes('## Uncertainty with questions clustered by video'));
  assert.match(md, /\| Overall \| 54 \| 6 \| 61\.1 \| \[/);

  const report = await buildReport([out], { thumbnails: false });
  assert.match(report.html, /id="videommmu-stability"/);
  assert.match(
    report.html,
    /data-metric="stability\.overall\.majority_accuracy" data-format="pct" data-value="0\.6666666666666666">66\.7%/,
  );
  assert.match(report.html, /id="videommmu-uncertainty"/);
  // `vreason power` on a sampled run counts questions, not answers.
  const power = spawnSync(process.execPath, [CLI, 'power', out, '--json'], { encoding: 'utf8' });
  assert.equal(power.status, 0, power.stderr);
  assert.equal(JSON.parse(power.stdout).n, 18);
  // The drill-down names each answer's sample.
  assert.equal(report.html.match(/<span class="sample">sample 2<\/span>/g)?.length, 24);
});

test(
  '--samples 1 (the default): no sample index, no stability, the same keys as before ' + 'there were samples',
  async () => {
    const out = join(dir, 'single');
    const o = await evaluateVideoMMMU(evalOptions(join(dir, 'data'), out, server.url, { samples: 1 }));
    const recs = readStoreFile(join(out, 'records.jsonl'));
    assert.equal(recs.length, 24);
    assert.ok(recs.every((r) => !('sample' in r)));
    assert.equal((o.results as Results).stability, undefined);
    assert.equal('samples' in o.results.manifest, false);
    const unit: UnitSpec = {
      itemId: 'x',
      condition: 'after',
      prompt: 'p',
      visual: { kind: 'none', reason: 't' },
      facts: {},
      shardKey: 'k',
    };
    const cfg = { task: 'videommmu', frames: DEFAULT_FRAMES, videoMode: 'frames' as const, params: DEFAULT_PARAMS };
    const plain = keyUnits([unit], cfg, 'm');
    assert.deepEqual(
      keyUnits(expandSamples([unit], 1), cfg, 'm').map((u) => u.key),
      plain.map((u) => u.key),
    );
    const three = keyUnits(expandSamples([unit], 3), cfg, 'm').map((u) => u.key);
    assert.equal(new Set([...three, plain[0]?.key]).size, 4, 'with N > 1 each sample has a key of its own');
  },
);

test(
  '--samples 2 on the Video-R1 suite: stability per benchmark by hand; items of one video ' + 'cluster together',
  async () => {
    const out = join(dir, 'suite');
    const o = await evaluateSuite(
      evalOptions(join(dir, 'Evaluation'), out, server.url, {
        tasks: ['vsibench', 'mvbench'],
        frames: {},
        params: { temperature: 0.7 },
        samples: 2,
      }),
    );
    const vsi = o.results.benchmarks.vsibench;
    const mvb = o.results.benchmarks.mvbench;
    assert.ok(vsi?.stability && mvb?.stability);
    // vsibench: per-item means .5, 1, .5, 1; majority: q1 tie → B (right), q3 tie → 3.5 (right);
    // variances .5, 0, .5, 0; q2 and q4 agree.
    assert.equal(vsi.stability.samples, 2);
    assert.equal(vsi.stability.questions, 4);
    near(vsi.stability.expected_accuracy, 0.75, 'vsibench expected');
    near(vsi.stability.majority_accuracy, 1, 'vsibench majority');
    near(vsi.stability.within_variance, 0.25, 'vsibench variance');
    near(vsi.stability.consistency, 0.5, 'vsibench consistency');
    // mvbench: means 0, .5; majority: q5 wrong, q6 tie → D (right); variances 0, .5; q5 agrees.
    near(mvb.stability.expected_accuracy, 0.25, 'mvbench expected');
    near(mvb.stability.majority_accuracy, 0.5, 'mvbench majority');
    near(mvb.stability.within_variance, 0.25, 'mvbench variance');
    near(mvb.stability.consistency, 0.5, 'mvbench consistency');
    // q1 and q4 ask about the same clip (./VSI/room1.mp4): 4 items × 2 samples in 3 clusters.
    assert.equal(vsi.clustered.score.n, 8);
    assert.equal(vsi.clustered.score.clusters, 3);
    assert.equal(mvb.clustered.score.clusters, 2);
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    assert.ok(md.includes('| vsibench | 4 | 4 | 75.0 | 100.0 | 0.250 | 50.0 |'), md);
    assert.ok(md.includes('| mvbench | 2 | 2 | 25.0 | 50.0 | 0.250 | 50.0 |'), md);
    const report = await buildReport([out], { thumbnails: false });
    assert.match(report.html, /data-metric="benchmarks\.vsibench\.stability\.majority_accuracy"[^>]*>100\.0%/);
    assert.match(report.html, /id="videor1-uncertainty"/);
  },
);

function cli(out: string, killAfterRecords?: number): Promise<{ code: number | null; signal: string | null }> {
  const args = [
    CLI,
    'eval',
    '--task',
    'videommmu',
    '--data',
    join(dir, 'data'),
    '--base-url',
    slow.url,
    '--model-name',
    'scripted',
    '--frames',
    '4',
    '--concurrency',
    '2',
    '--samples',
    '3',
    '--temperature',
    '0.7',
    '--output',
    out,
    '--quiet',
  ];
  return runKilledAfterRecords(args, join(out, 'records.jsonl'), killAfterRecords);
}

test('a run with --samples 3 killed mid-way resumes asking only the missing samples', async () => {
  const killed = join(dir, 'killed');
  const first = await cli(killed, 20);
  assert.equal(first.signal, 'SIGKILL');
  const stored = readStoreFile(join(killed, 'records.jsonl')).filter((r) => r.status === 'ok');
  assert.ok(stored.length >= 20 && stored.length < 72, `killed after ${stored.length} records`);
  const asked = slow.requests.length;
  const resumed = await cli(killed);
  assert.equal(resumed.code, 0);
  assert.equal(slow.requests.length - asked, 72 - stored.length, 'only the missing samples are asked');
  // What was asked again is exactly the samples the store lacked.
  const have = new Set(stored.map((r) => `${r.item.track}|${r.item_id}|${r.condition}|${r.sample}`));
  for (const r of slow.requests.slice(asked)) {
    const track = { P: 'Perception', C: 'Comprehension', A: 'Adaptation' }[trackOf(r.prompt)];
    assert.ok(!have.has(`${track}|${r.id}|${r.condition}|${r.body.seed}`), `${r.id} sample ${r.body.seed} asked twice`);
  }
  const recs = readStoreFile(join(killed, 'records.jsonl')).filter((r) => r.status === 'ok');
  assert.equal(new Set(recs.map((r) => r.key)).size, 72);
  const clean = join(dir, 'clean');
  assert.equal((await cli(clean)).code, 0);
  // Everything but the timings (efficiency: measured, so it differs between any two runs).
  const { efficiency: _ea, ...a } = JSON.parse(readFileSync(join(killed, 'results.json'), 'utf8'));
  const { efficiency: _eb, ...b } = JSON.parse(readFileSync(join(clean, 'results.json'), 'utf8'));
  assert.deepEqual(a, b);
});
