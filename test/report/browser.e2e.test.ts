/**
 * The report and the dashboard in a real browser (headless Chromium from @sparticuz/chromium):
 * real runs made by the evaluator against the scripted server, a report built from them, and the
 * page checked the way a person would read it — numbers, filters, thumbnails, no errors.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { evaluateVideoMMMU, evaluateSuite } from '../helpers/evalOptions.js';
import { writeReport } from '../../src/report/build.js';
import { startDashboard } from '../../src/report/dashboard.js';
import { scriptedAnswer } from '../helpers/answers.js';
import { at, expectedText, launchBrowser, pageMetrics, watch } from '../helpers/browser.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { defaultRows, makeFixture } from '../helpers/fixture.js';
import { startScriptedServer, type ScriptedServer, type SeenRequest } from '../helpers/scriptedServer.js';
import { makeVideoR1Fixture } from '../helpers/videoR1Fixture.js';

// Globals of the page, for the predicates that run there (the project compiles without the DOM
// lib). Predicates are functions, not strings: the dashboard's CSP forbids eval, as it should.
declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  querySelectorAll(s: string): ArrayLike<{ complete: boolean }>;
  documentElement: { getAttribute(n: string): string | null };
};

/** Model B's answer to Perception item 0: markup that must stay text on the page. */
const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> The answer is (A)`;
const GOLD = defaultRows();

/** Model B: always the gold answer with the video; model A's answers without it. */
function modelB(r: SeenRequest): string {
  if (r.condition === 'before') return scriptedAnswer(r);
  const track = /Which colour/.test(r.prompt)
    ? 'Perception'
    : /worked example/.test(r.prompt)
      ? 'Comprehension'
      : 'Adaptation';
  const row = GOLD[track].find((x) => x.id === r.id)!;
  if (track === 'Perception' && r.id === 'validation_Art_1') return HOSTILE;
  return row.answer;
}

const SUITE_ANSWERS: Record<string, string> = {
  q1: '<think>Two cubes.</think> <answer>B</answer>',
  q2: '<answer>12.7</answer>',
  q3: '<answer>3.50</answer>',
  q4: 'C',
  q5: '<answer>B</answer>',
  q6: '<answer>D</answer>',
};

let dir: string;
let runs: string;
let server: ScriptedServer;
let browser: Browser;
const shots = (): string => join(dir, 'screenshots');
const readResults = (run: string): unknown => JSON.parse(readFileSync(join(runs, run, 'results.json'), 'utf8'));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-report-'));
  runs = join(dir, 'runs');
  mkdirSync(shots(), { recursive: true });
  const firstFrames = new Map<string, string>();
  server = await startScriptedServer((r) => {
    const tag = /\[(q\d+)\]/.exec(r.prompt)?.[1];
    if (tag) {
      // The suite: q6 is answered right only when its frames come in order.
      const content = (r.body.messages as { content: { type: string; image_url?: { url: string } }[] }[])[0]!.content;
      const frames = content
        .filter((p) => p.type === 'image_url')
        .map((p) => createHash('sha1').update(p.image_url!.url).digest('hex'))
        .join();
      const first = firstFrames.get(tag);
      if (first === undefined) firstFrames.set(tag, frames);
      if (tag === 'q6' && first !== undefined && first !== frames) return { text: '<answer>A</answer>' };
      return { text: SUITE_ANSWERS[tag] ?? '' };
    }
    return { text: r.body.model === 'model-b' ? modelB(r) : scriptedAnswer(r) };
  });
  const [browserLaunched] = await Promise.all([
    launchBrowser(),
    (async () => {
      await makeFixture(join(dir, 'data'));
      await makeVideoR1Fixture(join(dir, 'Evaluation'));
    })(),
  ]);
  browser = browserLaunched;
  await evaluateVideoMMMU(evalOptions(join(dir, 'data'), join(runs, 'model-a'), server.url));
  await evaluateVideoMMMU(
    evalOptions(join(dir, 'data'), join(runs, 'model-b'), server.url, {
      model: { baseUrl: server.url, name: 'model-b', timeoutMs: 5000, retry: { retries: 2, baseMs: 5 } },
    }),
  );
  await evaluateSuite(
    evalOptions(join(dir, 'Evaluation'), join(runs, 'suite'), server.url, {
      tasks: ['vsibench', 'mvbench'],
      frames: {},
      params: {},
      probe: true,
      concurrency: 1,
    }),
  ); // one at a time: each item's ordered request reaches the server before its shuffled twin
  // A training log beside run A (the GRPO issue writes these), with a torn last line.
  const train = Array.from({ length: 6 }, (_, i) =>
    JSON.stringify({
      step: i * 10,
      reward: { accuracy: 0.2 + i * 0.1, format: 0.5 + i * 0.08 },
      kl: 0.001 * i,
      completion_length: 180 - i * 7,
    }),
  );
  writeFileSync(join(runs, 'model-a', 'train.jsonl'), `${train.join('\n')}\n{"step": 60, "kl"`);
  // One lecture video gone since the run: its rows must say so instead of failing the report.
  rmSync(join(dir, 'data', 'Humanities', 'dev_History_5.mp4'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (process.env.VREASON_KEEP_SCREENSHOTS) cpSync(shots(), process.env.VREASON_KEEP_SCREENSHOTS, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Every number on the page equals the value at its path in that run's results.json. */
async function assertMetricsMatch(page: Page, resultsByRun: unknown[]): Promise<number> {
  const metrics = await pageMetrics(page);
  assert.ok(metrics.length > 0, 'the page shows numbers');
  for (const m of metrics) {
    const v = at(resultsByRun[m.run], m.path);
    assert.ok(v === null || typeof v === 'number', `${m.path}: results.json has ${JSON.stringify(v)}`);
    assert.equal(m.text, expectedText(v as number | null, m.format), `run ${m.run} ${m.path}`);
    if (v !== null) assert.equal(Number(m.value), v, `run ${m.run} ${m.path} data-value`);
  }
  return metrics.length;
}

async function visibleItems(page: Page): Promise<number> {
  return page.$$eval(
    '#items > article',
    (els) => els.filter((e) => !(e as unknown as { hidden: boolean }).hidden).length,
  );
}

async function select(page: Page, filter: string, value: string): Promise<void> {
  await page.selectOption(`select[data-filter="${filter}"]`, value);
}

describe('vreason report in a browser', () => {
  test(
    'Video-MMMU, two models: numbers, comparison, Δknowledge, training curves, filters, ' + 'thumbnails, escaping',
    async () => {
      const out = join(dir, 'report.html');
      const built = await writeReport([join(runs, 'model-a'), join(runs, 'model-b')], out);
      assert.equal(built.runs.length, 2);
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      assert.match(md, /# model-a: Video-MMMU results — scripted/);
      // B is right on the 9 questions A got wrong and never the reverse: McNemar's exact p = 2 · 2^−9.
      const p9 = (2 * 0.5 ** 9).toPrecision(2).replace('.', '\\.');
      assert.match(
        md,
        new RegExp(
          `\\| Overall \\| 50\\.0% \\| 100\\.0% \\| \\+50\\.0 pp \\[[\\d.]+, [\\d.]+\\], McNemar p=${p9} \\* \\|`,
        ),
      );
      assert.ok(!built.html.includes('<script>window.__pwned'), 'model output is escaped in the HTML source');

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const w = watch(page);
      await page.goto(`file://${out}`);
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('img[data-thumb]')).every((i) => i.complete),
      );

      const a = readResults('model-a') as { overall: { accuracy: number } };
      const b = readResults('model-b') as { overall: { accuracy: number } };
      const checked = await assertMetricsMatch(page, [a, b]);
      assert.ok(checked > 60, `checked ${checked} numbers`);
      assert.equal(
        await page.textContent('[data-run="0"][data-metric="overall.accuracy"]'),
        '50.0%',
        '9 of 18, computed by hand in evaluate.e2e',
      );
      assert.equal(b.overall.accuracy, 1);
      assert.equal(await page.textContent('[data-run="0"][data-metric="delta_knowledge.value"]'), '+33.3%');
      assert.equal(
        await page.textContent('[data-run="0"][data-metric="delta_knowledge.transitions.wrong_to_right"]'),
        '3',
      );
      assert.equal(
        await page.textContent('[data-run="0"][data-metric="delta_knowledge.transitions.right_to_wrong"]'),
        '2',
      );

      const overallDiff = page.locator('td[data-diff="overall.accuracy"][data-run="1"]');
      assert.equal(await overallDiff.getAttribute('data-excludes-zero'), 'true');
      const cell = (await overallDiff.textContent()) ?? '';
      const m = /^\+50\.0 pp \* \[[\d.]+, [\d.]+\]CI excludes 0, McNemar p=([\d.e-]+), n=18$/.exec(cell);
      assert.ok(m, cell);
      assert.ok(Number(m[1]) < 0.05);
      assert.equal(await overallDiff.getAttribute('data-survives'), 'true');

      // Training curves: one chart per group (reward components together), the torn line skipped.
      assert.equal(await page.locator('#training figure').count(), 3);
      assert.equal(await page.locator('#training path.line').count(), 4);
      assert.match(
        (await page.textContent('#training .hint')) ?? '',
        /6 logged steps, last step 50, 1 unreadable line/,
      );

      // Thumbnails: regenerated JPEGs that decode; the missing video gives a note, not an error.
      const sizes = await page.$$eval('img[data-thumb]', (imgs) =>
        imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
      );
      assert.ok(
        sizes.length >= 40 && sizes.every((s) => s > 0),
        `${sizes.length} thumbnails, widths ${[...new Set(sizes)]}`,
      );
      assert.ok(
        w.requests.every((u) => u.startsWith('file:') || u.startsWith('data:')),
        `no network: ${w.requests.filter((u) => !u.startsWith('data:'))}`,
      );
      const missing = page
        .locator('article[data-outcome]', { hasText: 'dev_History_5' })
        .filter({ hasText: 'not on disk' });
      assert.equal(await missing.count(), 2 * 3, 'P, C and A-after of the deleted video, in both runs');

      // Filters change the visible rows.
      const total = await visibleItems(page);
      assert.equal(total, 48);
      await select(page, 'outcome', 'correct');
      const correct = await visibleItems(page);
      assert.ok(correct > 0 && correct < total);
      assert.equal(await page.textContent('#shown'), String(correct));
      await select(page, 'outcome', '');
      await select(page, 'run', '0');
      await select(page, 'track', 'Adaptation');
      await select(page, 'condition', 'before');
      assert.equal(await visibleItems(page), 6);
      await select(page, 'outcome', 'wrong');
      assert.equal(await visibleItems(page), 3, 'model A, before the video: 3 of 6 Adaptation answers wrong');

      // Untrusted model output stays text.
      await select(page, 'run', '1');
      await select(page, 'track', 'Perception');
      await select(page, 'condition', 'after');
      await select(page, 'outcome', '');
      await select(page, 'discipline', 'Art');
      assert.equal(await visibleItems(page), 1);
      const item = page.locator('#items > article:not([hidden])');
      await item.locator('summary').click();
      assert.equal(await item.locator('pre.response').textContent(), HOSTILE);
      assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined');

      await select(page, 'run', '');
      await select(page, 'discipline', '');
      await select(page, 'track', '');
      await select(page, 'condition', '');
      await page.locator('header.top').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots(), 'report-top.png') });
      await page.locator('#drilldown').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots(), 'report-questions.png') });
      assert.deepEqual(w.errors, []);
      await page.close();
    },
  );

  test('Video-R1 suite with the shuffle probe: table, probe section, filters', async () => {
    const out = join(dir, 'suite.html');
    await writeReport([join(runs, 'suite')], out);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const w = watch(page);
    await page.goto(`file://${out}`);
    await page.waitForFunction(() => Array.from(document.querySelectorAll('img[data-thumb]')).every((i) => i.complete));
    const results = readResults('suite') as { benchmarks: Record<string, { probe: { drop: number } }> };
    await assertMetricsMatch(page, [results]);
    assert.equal(await page.textContent('[data-metric="benchmarks.vsibench.score.mean"]'), '87.5%');
    assert.equal(await page.textContent('[data-metric="benchmarks.mvbench.probe.ordered.mean"]'), '50.0%');
    assert.equal(await page.textContent('[data-metric="benchmarks.mvbench.probe.shuffled.mean"]'), '0.0%');
    assert.equal(await page.textContent('[data-metric="benchmarks.mvbench.probe.drop"]'), '+50.0 pp');
    assert.equal(
      await page.locator('#probe svg rect.bar').count(),
      4,
      'ordered and shuffled bars for both benchmarks (a 0% bar is drawn at zero height)',
    );
    const sizes = await page.$$eval('img[data-thumb]', (imgs) =>
      imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
    );
    assert.ok(sizes.length > 0 && sizes.every((s) => s > 0));
    assert.equal(
      await visibleItems(page),
      4 + 3 + 2 + 2,
      'vsibench: 4 ordered + 3 shuffled video items; mvbench: 2 + 2',
    );
    await select(page, 'condition', 'shuffled');
    assert.equal(await visibleItems(page), 5);
    await select(page, 'benchmark', 'mvbench');
    assert.equal(await visibleItems(page), 2);
    assert.match(
      (await page.locator('#items > article:not([hidden]) .note').first().textContent()) ?? '',
      /shuffled order, as sent/,
    );
    await page.locator('#probe').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots(), 'suite-probe.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('vreason dashboard in a browser', () => {
  test(
    'lists runs, follows a growing run live, serves reports and comparisons, shuts down ' + 'with a page open',
    async () => {
      // A run still going: model A's config with half of its records so far.
      const live = join(runs, 'live');
      mkdirSync(live);
      cpSync(join(runs, 'model-a', 'config.json'), join(live, 'config.json'));
      const lines = readFileSync(join(runs, 'model-a', 'records.jsonl'), 'utf8')
        .trim()
        .split('\n');
      const now = new Date().toISOString();
      const stamped = lines.map((l) => JSON.stringify({ ...JSON.parse(l), time: now }));
      writeFileSync(join(live, 'records.jsonl'), stamped.slice(0, 12).join('\n') + '\n');

      const d = await startDashboard({ runsDir: runs, port: 0, intervalMs: 200, thumbnails: true });
      try {
        assert.match(d.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const api = (await (await fetch(`${d.url}/api/runs`)).json()) as {
          name: string;
          progress: { answered: number; planned: number; state: string };
        }[];
        assert.deepEqual(
          api.map((r) => r.name),
          ['live', 'model-a', 'model-b', 'suite'],
        );
        assert.deepEqual(api.find((r) => r.name === 'live')!.progress, {
          ...api.find((r) => r.name === 'live')!.progress,
          answered: 12,
          planned: 24,
          state: 'running',
        });
        assert.equal(
          (await fetch(`${d.url}/report?run=..%2Fdata`)).status,
          404,
          'only runs found under the folder are served',
        );

        const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
        const w = watch(page);
        await page.goto(`${d.url}/`);
        const row = page.locator('tr[data-run-name="live"]');
        await page.waitForFunction(() => Number(document.documentElement.getAttribute('data-updates')) >= 1);
        assert.equal(await row.locator('[data-field="count"]').textContent(), '12/24');
        appendFileSync(join(live, 'records.jsonl'), stamped.slice(12).join('\n') + '\n');
        await page.waitForFunction(
          () => document.querySelector('tr[data-run-name="live"] [data-field="count"]')?.textContent === '24/24',
          undefined,
          { timeout: 5000 },
        );
        assert.match((await row.locator('[data-field="state"]').textContent()) ?? '', /^complete/);
        assert.match(
          (await row.locator('[data-field="rate"]').textContent()) ?? '',
          /^0\.40\/s$/,
          '24 answers stamped within the last minute',
        );
        await page.screenshot({ path: join(shots(), 'dashboard.png') });

        // The same views as the report, for one run …
        await page.click('a[href="/report?run=model-a"]');
        await page.waitForSelector('#drilldown');
        await assertMetricsMatch(page, [readResults('model-a')]);
        assert.equal(await page.locator('#training figure').count(), 3);
        // … and for runs compared, chosen with the checkboxes.
        await page.goto(`${d.url}/`);
        await page.check('input[value="model-a"]');
        await page.check('input[value="model-b"]');
        await page.click('button[type="submit"]');
        await page.waitForSelector('#compare');
        await assertMetricsMatch(page, [readResults('model-a'), readResults('model-b')]);
        assert.equal(await page.locator('td[data-diff="overall.accuracy"]').getAttribute('data-excludes-zero'), 'true');
        await page.waitForFunction(
          () => document.querySelector('tr[data-run-name="model-b"] [data-field="count"]')?.textContent === '24/24',
        );
        assert.deepEqual(w.errors, []);

        // Shutting down with the page's event stream still open finishes promptly.
        const t0 = Date.now();
        await d.close();
        assert.ok(Date.now() - t0 < 2000, `closed in ${Date.now() - t0} ms`);
        await page.close();
      } finally {
        await d.close();
      }
    },
  );
});
