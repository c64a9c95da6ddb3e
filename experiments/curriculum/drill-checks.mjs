#!/usr/bin/env node
/**
 * Can a checkpoint read a quiz image, transcribe a slide, or work an equation it has never seen?
 * Greedy answers to freshly generated drills of the kind `train sft` mixes in, from a seed no
 * training run uses (99; runs use the SFT seed), counted per family (and per slide kind):
 *   quiz:  quiz drills — is the quiz image described right ("the quiz image shows 7 & 6, …")?
 *   slide: slide drills — is the one-line transcript exact?
 *   arith: arithmetic drills — is the worked equation exact? (counted per form, `n + n × n`)
 *   node experiments/curriculum/drill-checks.mjs <checkpoint> quiz|slide|arith [--n 100] [--size 128x96]
 * Prints one line of JSON: {family or form: "right/n"}. Frames are decoded to a folder under the
 * OS temp dir (once per checkpoint shape and drill set).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCheckpoint } from '../../dist/src/nn/checkpoint.js';
import { generate } from '../../dist/src/nn/generate.js';
import { framesOf, prepareExamples } from '../../dist/src/train/sftData.js';
import { quizDrillUnits } from '../../dist/src/train/sources/quizDrills.js';
import { slideDrillUnits } from '../../dist/src/train/sources/slideDrills.js';
import { arithDrillUnits } from '../../dist/src/train/sources/arithDrills.js';
import { DEFAULT_CONFIG } from '../../dist/src/synth/plan.js';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: { n: { type: 'string', default: '100' }, size: { type: 'string', default: '128x96' } },
});
const [ckpt, kind] = positionals;
if (!ckpt || !['quiz', 'slide', 'arith'].includes(kind)) {
  process.stderr.write(
    'usage: node experiments/curriculum/drill-checks.mjs <checkpoint> quiz|slide|arith [--n 100] [--size 128x96]\n',
  );
  process.exit(2);
}
const SEED = 99;
const n = Number(o.n);
const [width, height] = o.size.split('x').map(Number);
const size = { ...DEFAULT_CONFIG, width, height };
const { model, tokenizer } = loadCheckpoint(ckpt);
const units =
  kind === 'quiz'
    ? quizDrillUnits(n, SEED, size)
    : kind === 'slide'
      ? slideDrillUnits(n, SEED, size)
      : arithDrillUnits(n, SEED);
const cache = join(tmpdir(), 'vreason-drill-checks', `${kind}-${n}-${o.size}-${model.config.encoder?.imageSize}`);
const ex = await prepareExamples(kind, { kind, n, seed: SEED }, units, tokenizer, model.config.encoder, cache);
const outs = generate(
  model,
  ex.map((e) => ({ tokens: e.tokens.slice(0, e.promptLen), frames: framesOf(e) })),
  { maxTokens: kind === 'quiz' ? 300 : 60, eos: tokenizer.eos },
);
const quizSaid = (t) => /the quiz image ([^.]*)\./.exec(t)?.[1];
const counts = {};
ex.forEach((e, i) => {
  const text = tokenizer.decode(outs[i]).trim();
  const want = units[i].answer;
  // Ids: quiz-<family>-<lecture>, slide-<k>-<family>-<lecture>-<slide kind>.
  const id = units[i].unit.itemId.split('-');
  const key =
    kind === 'arith' ? want.split(' = ')[0].replace(/\d+/g, 'n') : kind === 'slide' ? `${id[2]}/${id.at(-1)}` : id[1];
  const right = kind === 'quiz' ? quizSaid(text) !== undefined && quizSaid(text) === quizSaid(want) : text === want;
  const c = (counts[key] ??= [0, 0]);
  c[1]++;
  if (right) c[0]++;
});
process.stdout.write(
  `${JSON.stringify(
    Object.fromEntries(
      Object.entries(counts)
        .sort()
        .map(([k, [a, b]]) => [k, `${a}/${b}`]),
    ),
  )}\n`,
);
