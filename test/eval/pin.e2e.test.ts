/**
 * Pins results.json of a Video-MMMU run and of a Video-R1 suite run (with the shuffle probe) on a
 * generated world and a scripted server, so refactors of the evaluator cannot change a number
 * unnoticed. The scripted answers are a pure function of the prompt (and, for the probe, of whether
 * the frames differ from the first request of the same prompt), in the formats real models write.
 *
 * After a deliberate change of behaviour, regenerate the pins and review the diff:
 *   npm run build && VREASON_WRITE_PINS=1 node scripts/run-tests.mjs pin.e2e
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { evaluateVideoMMMU, evaluateSuite } from '../helpers/evalOptions.js';
import { DEFAULT_CONFIG } from '../../src/synth/plan.js';
import { writeSynth } from '../../src/synth/write.js';
import { evalOptions } from '../helpers/evalOptions.js';
import { startScriptedServer, type ScriptedServer, type SeenRequest } from '../helpers/scriptedServer.js';

const PINS = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/pins');

const MMMU_REPLIES = [
  '(A)',
  'The answer is B.',
  'C',
  '<think>Option A looks tempting.</think> D',
  "I'm not sure.",
  '12.5',
  'Answer: C',
  '**B**',
  'The result is 42 m.',
  'A) first',
  '[D]',
  '',
  'E',
  'b',
  'The correct option is (C) because',
  '<think>maybe B</think>',
  '7',
  'None of them',
];
const SUITE_REPLIES = [
  '<think>Let me think.</think><answer>B</answer>',
  '<answer>3.5</answer>',
  'C',
  '<think>hmm</think> <answer> 12 </answer>',
  '<answer>red</answer>',
  '<think>a</think><answer>A</answer>',
  '<answer>1,5</answer>',
  '<answer>4</answer>',
  '<think>so</think><answer>the circle moves left</answer>',
  '<answer>D</answer>',
  'no idea',
  '<answer>2.00</answer>',
];

const pick = (xs: readonly string[], s: string): string =>
  xs[parseInt(createHash('sha1').update(s).digest('hex').slice(0, 8), 16) % xs.length] as string;

let dir: string;
let server: ScriptedServer;
const firstFrames = new Map<string, string>();

function frameKey(r: SeenRequest): string {
  const content = (r.body.messages as { content: unknown }[])[0]?.content;
  const parts = Array.isArray(content) ? (content as { type: string; image_url?: { url: string } }[]) : [];
  return parts
    .filter((p) => p.type === 'image_url')
    .map((p) =>
      createHash('sha1')
        .update(p.image_url?.url ?? '')
        .digest('hex'),
    )
    .join(',');
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-pin-'));
  await writeSynth({ ...DEFAULT_CONFIG, seed: 3, videos: 8, ratios: [0, 0, 1], jobs: 2, out: join(dir, 'world') });
  server = await startScriptedServer((r) => {
    if (!/<answer>/.test(r.prompt)) return { text: pick(MMMU_REPLIES, `${r.prompt}|${r.images}`) };
    const frames = frameKey(r);
    const first = firstFrames.get(r.prompt);
    if (first === undefined) firstFrames.set(r.prompt, frames);
    const shuffled = first !== undefined && first !== frames;
    return { text: pick(SUITE_REPLIES, `${r.prompt}|${r.images}|${shuffled ? 'shuffled' : 'ordered'}`) };
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Machine-specific values (temp paths, port, Node version) replaced so the pin is portable;
 * `efficiency` (timings, measured) is left out.
 */
function portable(v: unknown): unknown {
  if (typeof v === 'string') return v.split(dir).join('<dir>').split(String(server.port)).join('<port>');
  if (Array.isArray(v)) return v.map(portable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'node' && k !== 'vreason_version' && k !== 'efficiency')
        .map(([k, x]) => [k, portable(x)]),
    );
  }
  return v;
}

function checkPin(name: string, value: unknown): void {
  const file = join(PINS, `${name}.json`);
  const got = portable(JSON.parse(JSON.stringify(value)));
  if (process.env.VREASON_WRITE_PINS === '1') {
    mkdirSync(PINS, { recursive: true });
    writeFileSync(file, `${JSON.stringify(got, null, 1)}\n`);
    return;
  }
  assert.ok(existsSync(file), `${file} is missing: write it with VREASON_WRITE_PINS=1`);
  assert.deepEqual(got, JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Fields added with the parser choice (issue 23): a run with `--parser videommmu-release` must give
 * exactly the results pinned before there was a choice, apart from these.
 */
function withoutParserChoice(v: unknown): unknown {
  const r = JSON.parse(JSON.stringify(v)) as Record<string, unknown> & { manifest: Record<string, unknown> };
  delete r.reasoning;
  for (const k of ['parser', 'reasoning_tags', 'unclosed_thinking']) delete r.manifest[k];
  return r;
}

test('pinned: --parser videommmu-release reproduces the results pinned before the parser choice', async () => {
  const out = join(dir, 'mmmu-release');
  await evaluateVideoMMMU(
    evalOptions(join(dir, 'world/videommmu/test'), out, server.url, { concurrency: 1, parser: 'videommmu-release' }),
  );
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual((results.manifest as Record<string, unknown>).parser, 'videommmu-release');
  assert.deepEqual((results.manifest as Record<string, unknown>).reasoning_tags, []);
  checkPin('videommmu-release.results', withoutParserChoice(results));
  const md = readFileSync(join(out, 'results.md'), 'utf8').split('\n');
  assert.ok(
    md.includes(
      '- parser: videommmu-release; reasoning blocks cut before parsing: none (0 answers had one, 0 never closed; 0 ' +
        'sent reasoning_content apart)',
    ),
  );
  checkPin(
    'videommmu-release.results.md',
    md.filter((l) => !l.startsWith('- parser: ')),
  );
});

test('pinned: Video-MMMU results.json (both conditions) on a generated world', async () => {
  const out = join(dir, 'mmmu');
  await evaluateVideoMMMU(evalOptions(join(dir, 'world/videommmu/test'), out, server.url, { concurrency: 1 }));
  checkPin('videommmu.results', JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  checkPin('videommmu.results.md', readFileSync(join(out, 'results.md'), 'utf8').split('\n'));
});

test('pinned: Video-R1 suite results.json (shuffle probe) on a generated world', async () => {
  const out = join(dir, 'suite');
  const opts = evalOptions(join(dir, 'world/videor1/test'), out, server.url, {
    tasks: ['synth'],
    probe: true,
    concurrency: 1,
    frames: {},
    params: {},
  });
  await evaluateSuite(opts);
  checkPin('suite.results', JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  checkPin('suite.synth.results', JSON.parse(readFileSync(join(out, 'synth/results.json'), 'utf8')));
  checkPin('suite.results.md', readFileSync(join(out, 'results.md'), 'utf8').split('\n'));
});
