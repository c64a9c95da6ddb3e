import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { barChart, lineChart } from '../../src/report/charts.js';
import { esc, pct, pp, scriptJson, signedPercent } from '../../src/report/format.js';
import { findRuns, progressOf, RecordsTail } from '../../src/report/progress.js';
import { thumbSize, visualSource } from '../../src/report/thumbnails.js';
import { chartGroups, parseTrainLog } from '../../src/report/trainLog.js';

const dir = mkdtempSync(join(tmpdir(), 'vreason-report-units-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('escaping and number formats', () => {
  assert.equal(esc(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  assert.equal(esc(null), '');
  assert.equal(pct(10 / 18), '55.6%');
  assert.equal(pct(null), '–');
  assert.equal(pp(0.25), '+25.0 pp');
  assert.equal(pp(-0.0001), '-0.0 pp');
  assert.equal(signedPercent(33.333), '+33.3%');
  assert.equal(signedPercent(-5), '-5.0%');
  assert.ok(!scriptJson(['</script><script>alert(1)</script>']).includes('</script>'));
  assert.deepEqual(JSON.parse(scriptJson(['</script>'])), ['</script>']);
});

test('the stored visual description reads back into a source', () => {
  assert.deepEqual(visualSource('16 frames of /d/Art/validation_Art_1.mp4 + image as last frame'), {
    kind: 'frames',
    path: '/d/Art/validation_Art_1.mp4',
    shuffled: false,
    quizImage: true,
  });
  assert.deepEqual(visualSource('4 frames of /d/a, b.mp4, shuffled (seed 123)'), {
    kind: 'frames',
    path: '/d/a, b.mp4',
    shuffled: true,
    quizImage: false,
  });
  assert.deepEqual(visualSource('video /d/x.mp4 + image'), { kind: 'clip', path: '/d/x.mp4' });
  assert.deepEqual(visualSource('image /d/sign.png'), { kind: 'image', path: '/d/sign.png' });
  assert.deepEqual(visualSource('image (bytes)'), { kind: 'image', path: null });
  assert.deepEqual(visualSource('text only (no question-only clip)'), {
    kind: 'none',
    reason: 'text only (no question-only clip)',
  });
  assert.deepEqual(thumbSize(448, 252, 96), { width: 96, height: 54 });
  assert.deepEqual(thumbSize(56, 28, 96), { width: 56, height: 28 });
});

test('training log: step plus numeric fields, nested flattened, bad lines counted', () => {
  const log = parseTrainLog(
    [
      '{"step":2,"reward":{"accuracy":0.5,"format":1},"kl":0.01,"note":"x"}',
      '{"step":1,"reward":{"accuracy":0.25},"completion_length":120}',
      'not json',
      '{"kl":1}',
      '{"step":3,"kl":0.02',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    log.points.map((p) => p.step),
    [1, 2],
  );
  assert.deepEqual(log.points[1]!.values, { 'reward.accuracy': 0.5, 'reward.format': 1, kl: 0.01 });
  assert.equal(log.skipped, 3);
  assert.deepEqual(chartGroups(log.fields), [
    { title: 'reward', fields: ['reward.accuracy', 'reward.format'] },
    { title: 'kl', fields: ['kl'] },
    { title: 'completion_length', fields: ['completion_length'] },
  ]);
});

test('charts: bars with whiskers and baselines; labels escaped', () => {
  const svg = barChart({
    title: 'T <b>',
    series: ['m<1>'],
    groups: [
      { label: 'Art & <x>', bars: [{ value: 0.5, ci: [0.25, 0.75], n: 4 }], refs: { random: 0.2, frequent: 0.3 } },
      { label: 'empty', bars: [{ value: null, ci: null }] },
    ],
  });
  assert.equal((svg.match(/<rect class="bar"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="whisker"/g) ?? []).length, 1);
  assert.match(svg, /class="ref-random"/);
  assert.match(svg, /class="ref-frequent"/);
  assert.match(svg, /Art &amp; &lt;x&gt;/);
  assert.ok(!svg.includes('<x>') && !svg.includes('<b>') && !svg.includes('m<1>'));
  assert.match(svg, /50\.0% \[25\.0, 75\.0\], n=4/);
  const line = lineChart({
    title: 'kl',
    xLabel: 'step',
    series: [
      {
        name: 'kl',
        points: [
          [1, 0.1],
          [2, 0.2],
          [3, 0.15],
        ],
      },
    ],
  });
  assert.match(line, /<path class="line" data-field="kl" d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+L/);
  assert.equal(lineChart({ title: 'none', xLabel: 'step', series: [] }), '');
});

test('records tail: reads only what was appended, waits for a line to finish, restarts after truncation', () => {
  const p = join(dir, 'records.jsonl');
  const line = (key: string, status: string, time: string) => `${JSON.stringify({ key, status, time })}\n`;
  writeFileSync(p, line('a', 'ok', '2030-01-01T00:00:00Z') + line('b', 'error', '2030-01-01T00:00:01Z'));
  const tail = new RecordsTail(p);
  tail.poll();
  assert.deepEqual([tail.counts().answered, tail.counts().errored], [1, 1]);
  appendFileSync(p, line('b', 'ok', '2030-01-01T00:00:02Z') + '{"key":"c","sta');
  tail.poll();
  assert.deepEqual(
    [tail.counts().answered, tail.counts().errored],
    [2, 0],
    'the retry answered b; c is still being written',
  );
  appendFileSync(p, 'tus":"ok","time":"2030-01-01T00:00:03Z"}\n' + line('a', 'error', '2030-01-01T00:00:04Z'));
  tail.poll();
  assert.deepEqual(
    [tail.counts().answered, tail.counts().errored],
    [3, 0],
    'c completed; an error never hides an answer',
  );
  writeFileSync(p, line('z', 'ok', '2030-01-01T00:00:00Z'));
  tail.poll();
  assert.deepEqual([tail.counts().answered, tail.counts().errored], [1, 0], 'a shorter file is read afresh');
});

test('progress: rate over the last minute, ETA while running, states', () => {
  const now = Date.parse('2030-01-01T00:10:00Z');
  const times = Array.from({ length: 30 }, (_, i) => now - i * 1000);
  const running = progressOf({ answered: 30, errored: 0, planned: 90, times, mtimeMs: now - 1000 }, now);
  assert.equal(running.state, 'running');
  assert.equal(running.rate, 0.5);
  assert.equal(running.eta_s, 120);
  assert.ok(Math.abs(running.fraction! - 1 / 3) < 1e-12);
  assert.equal(progressOf({ answered: 90, errored: 0, planned: 90, times, mtimeMs: now }, now).state, 'complete');
  assert.equal(
    progressOf({ answered: 80, errored: 10, planned: 90, times: [], mtimeMs: now - 60_000 }, now).state,
    'complete',
  );
  assert.equal(
    progressOf({ answered: 10, errored: 0, planned: 90, times: [], mtimeMs: now - 60_000 }, now).state,
    'stopped',
  );
  assert.equal(progressOf({ answered: 0, errored: 0, planned: 90, times: [], mtimeMs: 0 }, now).state, 'empty');
});

test('findRuns: run folders at any depth, benchmark folders of a suite not listed twice', () => {
  const root = join(dir, 'runs');
  const mk = (rel: string, config: object) => {
    mkdirSync(join(root, rel), { recursive: true });
    writeFileSync(join(root, rel, 'config.json'), JSON.stringify(config));
  };
  mk('qwen', { task: 'videommmu', units: 2 });
  mk('group/r10', { task: 'videommmu' });
  mk('group/r9', { task: 'videommmu' });
  mk('suite/mvbench', { benchmark: 'mvbench' });
  mk('suite/vsibench', { benchmark: 'vsibench' });
  mkdirSync(join(root, 'empty'));
  assert.deepEqual(findRuns(root), ['group/r9', 'group/r10', 'qwen', 'suite']);
});
