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
import { runCli, runKilledAfterRecords } from '../helpers/cli.js';
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

/** The scripted answer; `sample` overrides the request's seed (a server that ignores the seed). */
function reply(r: SeenRequest, sample = Number(r.body.seed ?? 0)): string {
  const t = trackOf(r.prompt);
  const i = FIXTURE_IDS.indexOf(r.id ?? '');
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
/** Answers every sample as sample 0: a `--samples 3` run with three identical answers per question. */
let same: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-samples-'));
  await makeFixture(join(dir, 'data'));
  await makeVideoR1Fixture(join(dir, 'Evaluation'));
  server = await startScriptedServer((r) => ({ text: SUITE[r.id ?? '']?.[Number(r.body.seed)] ?? reply(r) }));
  // For the killed run: slow enough that it is still asking when it is killed.
  same = await startScriptedServer((r) => ({ text: reply(r, 0) }));
  slow = await startScriptedServer(async (r) => {
    await new Promise((res) => setTimeout(res, 40));
    return { text: reply(r) };
  });
});
after(async () => {
  await server.close();
  await slow.close();
  await same.close();
  rmSync(dir, { recursive: true, force: true });
});

const near = (a: number | null | undefined, b: number, what: string): void =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

/** The stability of TABLE per track, by hand (the comment above TABLE). */
const HAND = {
  Perception: { expected: 1 / 2, majority: 1 / 2, variance: 2 / 9, consistency: 1 / 3 },
  Comprehension: { expected: 8 / 9, majority: 5 / 6, variance: 1 / 18, consistency: 5 / 6 },
  Adaptation: { expected: 4 / 9, majority: 2 / 3, variance: 1 / 6, consistency: 1 / 3 },
  Overall: { expected: 11 / 18, majority: 2 / 3, variance: 4 / 27, consistency: 1 / 2 },
};

function assertHandStability(st: { overall: StabilityStat; tracks: Record<string, StabilityStat> }): void {
  for (const [name, h] of Object.entries(HAND)) {
    const s: StabilityStat | undefined = name === 'Overall' ? st.overall : st.tracks[name];
    assert.ok(s, name);
    assert.equal(s.questions, name === 'Overall' ? 18 : 6);
    assert.equal(s.answers, 3 * s.questions);
    assert.equal(s.complete, s.questions);
    near(s.expected_accuracy, h.expected, `${name} expected accuracy`);
    near(s.majority_accuracy, h.majority, `${name} majority-vote accuracy`);
    near(s.within_variance, h.variance, `${name} within-question variance`);
    near(s.consistency, h.consistency, `${name} consistency`);
  }
}

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
  assertHandStability(st);
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
    // The diff clusters suite items by clip as results.json does: vsibench's 4 items are about 3 clips.
    const self = await runCli(['diff', out, out, '--json']);
    const sd = JSON.parse(self.stdout) as { by: { value: string; clustered: { clusters: number } }[] };
    assert.equal(sd.by.find((b) => b.value === 'vsibench')?.clustered.clusters, 3);
    assert.equal(sd.by.find((b) => b.value === 'mvbench')?.clustered.clusters, 2);
    // One-run power over the suite: 6 questions (not 12 answers), the variance of their mean scores.
    const pw = await power(out);
    assert.equal(pw.n, 6);
    assert.equal(pw.answers.a, 12);
    const qm = [0.5, 1, 0.5, 1, 0, 0.5];
    near(pw.sd_diff, Math.sqrt(2 * (mean(qm.map((x) => x * x)) - mean(qm) ** 2) * 0.5), 'suite σ_d');
    const report = await buildReport([out], { thumbnails: false });
    assert.match(report.html, /data-metric="benchmarks\.vsibench\.stability\.majority_accuracy"[^>]*>100\.0%/);
    assert.match(report.html, /id="videor1-uncertainty"/);
  },
);

type PowerJson = {
  unit: string;
  n: number;
  sd_diff: number;
  questions_needed: number | null;
  min_detectable: number;
  samples: { a: number; b: number | null };
  answers: { a: number; b: number | null };
  mean_diff: number | null;
  by_video: { clusters: number; design_effect: number; questions_needed: number | null; min_detectable: number } | null;
};

async function power(...args: string[]): Promise<PowerJson> {
  const r = await runCli(['power', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as PowerJson;
}

/** Σ x, mean and the n − 1 and n variances, by hand. */
const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const sd1 = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
const Z = 1.959963984540054 + 0.8416212335729143;
/** For numbers through the normal quantile (Acklam's approximation: relative error < 1.2e-9). */
const closeRel = (a: number | null | undefined, b: number, what: string): void =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= 1e-8 * Math.abs(b), `${what}: ${a} vs ${b}`);

test(
  'vreason power on --samples runs: the unit is the question (identical samples = one sample; varying samples = ' +
    'the variance of question means)',
  async () => {
    // Runs of the first two tests: `sampled` (TABLE, 3 varying samples) and `single` (sample 0 only).
    const sampled = join(dir, 'sampled');
    const single = join(dir, 'single');
    const same3 = join(dir, 'same3');
    await evaluateVideoMMMU(
      evalOptions(join(dir, 'data'), same3, same.url, {
        samples: 3,
        params: { temperature: 0.7, maxTokens: 64, seed: 0 },
      }),
    );
    assert.equal(readStoreFile(join(same3, 'records.jsonl')).length, 72);
    // Per question with the video, from TABLE: the sampled run's mean score, and sample 0's score.
    const m: number[] = [];
    const s0: number[] = [];
    const video: string[] = [];
    for (const t of ['P', 'C', 'A'] as const)
      for (const [i, row] of (TABLE[t] as string[][]).entries()) {
        m.push(row.filter((k) => k === 'R').length / 3);
        s0.push(row[0] === 'R' ? 1 : 0);
        video.push(FIXTURE_IDS[i] as string);
      }
    const drop = ({ answers: _a, samples: _s, source: _src, ...rest }: PowerJson & { source?: string }) => rest;

    // One run: three identical samples per question give exactly what the one-sample run gives.
    const one = await power(single);
    const three = await power(same3);
    assert.equal(one.n, 18);
    assert.equal(three.n, 18, 'n counts questions, not the 54 answers');
    assert.equal(three.answers.a, 54);
    assert.equal(three.samples.a, 3);
    assert.deepEqual(drop(three), drop(one));
    const p = mean(s0);
    near(one.sd_diff, Math.sqrt(2 * p * (1 - p) * 0.5), 'one run: √(2p(1−p)(1−ρ))');
    // Varying samples: the variance of the 18 question means.
    const vm = mean(m.map((x) => x * x)) - mean(m) ** 2;
    const varied = await power(sampled);
    assert.equal(varied.n, 18);
    near(varied.sd_diff, Math.sqrt(2 * vm * 0.5), 'one sampled run: √(2 Var(question means)(1−ρ))');
    closeRel(
      varied.min_detectable,
      (Z * varied.sd_diff) / Math.sqrt(18),
      'smallest detectable difference over 18 questions',
    );

    // Paired: sampled vs three identical samples = sampled vs one sample, and σ_d is that of s0 − m.
    const withSame = await power(sampled, same3);
    const withOne = await power(sampled, single);
    assert.equal(withSame.n, 18, 'paired by question, not by the 54 sample pairs');
    assert.deepEqual(drop(withSame), drop(withOne));
    const d = s0.map((x, i) => x - (m[i] as number));
    near(withSame.mean_diff, mean(d), 'mean per-question difference');
    near(withSame.sd_diff, sd1(d), 'σ_d of per-question mean differences');
    assert.equal(withSame.questions_needed, Math.ceil(((Z * sd1(d)) / 0.03) ** 2));
    closeRel(withSame.min_detectable, (Z * sd1(d)) / Math.sqrt(18), 'smallest detectable difference');
    // The three tracks of one lecture share a video: the CR1 design effect of the mean difference, by hand.
    const md = mean(d);
    const byVideo = new Map<string, number>();
    d.forEach((x, i) => byVideo.set(video[i] as string, (byVideo.get(video[i] as string) ?? 0) + x - md));
    const clSe = Math.sqrt((6 / 5) * [...byVideo.values()].reduce((a, x) => a + x * x, 0)) / 18;
    const deff = (clSe / (sd1(d) / Math.sqrt(18))) ** 2;
    assert.ok(withSame.by_video);
    assert.equal(withSame.by_video.clusters, 6);
    near(withSame.by_video.design_effect, deff, 'design effect');
    near(withSame.by_video.min_detectable, withSame.min_detectable * Math.sqrt(deff), 'clustered smallest detectable');
    // The diff still pairs sample i with sample i, but resamples and tests by question.
    const diff = await runCli(['diff', sampled, same3, '--json']);
    const dj = JSON.parse(diff.stdout);
    assert.equal(dj.paired.n, 54);
    assert.equal(dj.paired.questions, 18);
    assert.equal(dj.mcnemar.clusters, 18);
    // Sample i of `sampled` vs sample 0's answer: right only in A / only in B, from TABLE.
    let aOnly = 0;
    let bOnly = 0;
    for (const t of ['P', 'C', 'A'] as const)
      for (const row of TABLE[t] as string[][])
        for (const k of row) {
          if (k === 'R' && row[0] !== 'R') aOnly++;
          if (k !== 'R' && row[0] === 'R') bOnly++;
        }
    assert.deepEqual([dj.mcnemar.a_only, dj.mcnemar.b_only], [aOnly, bOnly]);
    const dt = await runCli(['diff', sampled, same3]);
    assert.match(dt.stdout, /n=54 sample pairs of 18 questions/);
    assert.match(dt.stdout, /McNemar clustered by question p=/);
    // `vreason score` on a sampled run: the per-track table, and its stability as in results.md.
    const sc = await runCli(['score', '--task', 'videommmu', '--input', sampled]);
    assert.equal(sc.code, 0, sc.stderr);
    assert.match(sc.stdout, /n counts answers: 3 samples per question/);
    assert.match(sc.stdout, /Stability \(with the video\) \(3 samples per question\)/);
    assert.ok(sc.stdout.includes('| Overall | 18 | 18 | 61.1 | 66.7 | 0.148 | 50.0 |'), sc.stdout);
    // The report's comparison of the two: by question too.
    const cmp = await buildReport([sampled, same3], { thumbnails: false });
    assert.match(cmp.html, /McNemar by question p=[^,]*, n=54 \(18 questions\)/);
    const text = await runCli(['power', sampled, same3]);
    assert.match(text.stdout, /each question's mean over its samples \(A 3, B 3 per question\)/);
    assert.match(text.stdout, /with 18 questions the smallest detectable difference is/);
    assert.match(text.stdout, /questions of one video together \(6 videos, design effect /);
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

test(
  '--samples 3 in shards: `vreason merge` gives the unsharded run’s results (stability, ' + 'majority vote, n)',
  async () => {
    const args = (out: string, extra: string[] = []): string[] => [
      'eval',
      '--task',
      'videommmu',
      '--data',
      join(dir, 'data'),
      '--base-url',
      server.url,
      '--model-name',
      'scripted',
      '--frames',
      '4',
      '--samples',
      '3',
      '--temperature',
      '0.7',
      '--output',
      out,
      '--quiet',
      ...extra,
    ];
    const whole = join(dir, 'whole');
    const w = await runCli(args(whole));
    assert.equal(w.code, 0, w.stderr);
    const shards = [0, 1, 2].map((i) => join(dir, `sampled-shard${i}`));
    for (const [i, out] of shards.entries()) {
      const r = await runCli(args(out, ['--shard', `${i}/3`]));
      assert.equal(r.code, 0, r.stderr);
    }
    // A question's samples stay in one shard: every shard holds all 3 samples of each of its questions.
    const questionsOf = (d: string): Map<string, number[]> => {
      const m = new Map<string, number[]>();
      for (const r of readStoreFile(join(d, 'records.jsonl'))) {
        const q = `${r.item.track}|${r.item_id}|${r.condition}`;
        m.set(q, [...(m.get(q) ?? []), r.sample as number].sort());
      }
      return m;
    };
    const perShard = shards.map(questionsOf);
    assert.ok(
      perShard.every((m) => m.size > 0),
      `every shard has questions: ${perShard.map((m) => m.size)}`,
    );
    assert.equal(
      perShard.reduce((n, m) => n + m.size, 0),
      24,
      'the shards split the 24 questions (18 with the video, 6 Adaptation without) without overlap',
    );
    for (const m of perShard) for (const [q, s] of m) assert.deepEqual(s, [0, 1, 2], q);

    const merged = join(dir, 'sampled-merged');
    const m = await runCli(['merge', '--output', merged, ...shards]);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /merged 3 shard\(s\): 72 answers, score 61\.1%/);
    const read = (d: string): Results => JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')) as Results;
    const a = read(whole);
    const b = read(merged);
    assert.equal(b.manifest.samples, 3);
    assert.ok(b.stability, 'the merged run has stability numbers');
    assertHandStability(b.stability);
    assert.equal(b.overall.n, 54);
    near(b.overall.accuracy, 11 / 18, 'merged overall accuracy (expected accuracy)');
    // Everything the unsharded run reports, but the timings and the manifest (shard, merged_from).
    for (const k of Object.keys(a) as (keyof Results)[]) {
      if (k === 'efficiency' || k === 'manifest') continue;
      assert.deepEqual(b[k], a[k], k);
    }
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    const keys = readStoreFile(join(merged, 'records.jsonl')).map((r) => r.key);
    assert.equal(new Set(keys).size, 72);
    assert.deepEqual(new Set(keys), new Set(readStoreFile(join(whole, 'records.jsonl')).map((r) => r.key)));
    // The report and power read the merged run as they read the unsharded one.
    const md = readFileSync(join(merged, 'results.md'), 'utf8');
    assert.ok(md.includes('| Overall | 18 | 18 | 61.1 | 66.7 | 0.148 | 50.0 |'), md);
    const pa = await runCli(['power', whole, '--json']);
    const pb = await runCli(['power', merged, '--json']);
    assert.equal(pb.code, 0, pb.stderr);
    assert.deepEqual(JSON.parse(pb.stdout), JSON.parse(pa.stdout));
    // Diffing the two: same answers, sample i paired with sample i, nothing changed.
    const d = await runCli(['diff', whole, merged, '--json']);
    assert.equal(d.code, 0, d.stderr);
    const dj = JSON.parse(d.stdout);
    assert.equal(dj.shared, 72);
    assert.equal(dj.changed.length, 0);
    assert.equal(dj.paired.n, 54);
    assert.equal(dj.paired.diff, 0);
  },
);
