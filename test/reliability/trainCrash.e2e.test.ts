import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mulberry32 } from '../../src/core/rng.js';
import { loadCheckpoint } from '../../src/nn/checkpoint.js';
import { DEFAULT_CONFIG } from '../../src/synth/plan.js';
import { writeSynth } from '../../src/synth/write.js';
import { runCli } from '../helpers/cli.js';

let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vreason-train-crash-'));
  await writeSynth({ ...DEFAULT_CONFIG, seed: 9, videos: 5, ratios: [0.6, 0.4, 0], jobs: 2, out: join(dir, 'synth') });
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A tiny `vreason train sft` run; SIGKILLed after `killAfterMs` if given. */
const train = (out: string, killAfterMs?: number) =>
  runCli(
    [
      'train',
      'sft',
      '--data',
      join(dir, 'synth'),
      '--out',
      out,
      '--steps',
      '8',
      '--batch-size',
      '2',
      '--save-every',
      '1',
      '--eval-every',
      '0',
      '--d-model',
      '32',
      '--layers',
      '1',
      '--heads',
      '2',
      '--encoder-layers',
      '1',
    ],
    killAfterMs,
  );

const log = (out: string) =>
  readFileSync(join(out, 'train.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map(({ tokens_per_s: _t, ...rest }) => rest);

test(
  'training killed with SIGKILL at seeded points resumes to the same weights and log; ' + 'checkpoints are never torn',
  async () => {
    const straight = join(dir, 'straight');
    assert.equal((await train(straight)).code, 0);
    const killed = join(dir, 'killed');
    const rand = mulberry32(7);
    let kills = 0;
    for (let i = 0; i < 3; i++) {
      const r = await train(killed, Math.floor(300 + rand() * 2000));
      if (r.signal === 'SIGKILL') kills++;
      // Whatever the kill interrupted, the newest checkpoint loads (write to a temp dir, then rename).
      if (existsSync(join(killed, 'checkpoint')))
        assert.ok(loadCheckpoint(join(killed, 'checkpoint')).train!.step >= 1);
    }
    assert.ok(kills >= 2, `only ${kills} of 3 runs were killed before finishing`);
    const final = await train(killed);
    assert.equal(final.code, 0, final.stderr);
    const a = loadCheckpoint(join(straight, 'checkpoint'));
    const b = loadCheckpoint(join(killed, 'checkpoint'));
    assert.equal(b.train!.step, 8);
    for (const [k, p] of a.model.params) assert.deepEqual(b.model.params.get(k)!.data, p.data, k);
    assert.deepEqual(log(killed), log(straight));
  },
);
