#!/usr/bin/env node
/**
 * Can the embedded decoder learn to copy from its prompt? A toy of the Video-MMMU chain's ending,
 * in synthetic tokens, trained from scratch on the project's own engine (run `npm run build` first):
 *
 *   prompt  BOS <0–40 random tokens> A . 16 NL B . 24 NL … Q 48 EOS
 *   answer  48 is ANS  A is 16 , B is 24 , C is 72 , D is 48 , so D EOS     (--mode scan)
 *           48 is ANS  A is 16 , … (every option) , so D EOS                  (--mode walk)
 *
 * The random-length prefix moves the options around, as frame tokens and question lengths do in
 * the real prompts. Letters in the answer are other tokens than the prompt's ("A" vs " A"), as
 * the word tokenizer makes them. Every 250 steps, on 48 fresh examples with greedy decoding:
 * walked = share of options copied right, letter = share of final letters right.
 *
 *   node experiments/curriculum/copy-toy.mjs [--mode scan|walk] [--steps 2000] [--rope] [--prev-tokens 2]
 *                             [--prefix 40] [--out file.jsonl]
 * One line of JSON per evaluation on stdout (and appended to --out).
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generate } from '../../dist/src/nn/generate.js';
import { VideoLM } from '../../dist/src/nn/model.js';
import { AdamW, clipGradNorm } from '../../dist/src/nn/optim.js';
import { Rng } from '../../dist/src/nn/random.js';

const { values: a } = parseArgs({
  options: {
    mode: { type: 'string', default: 'scan' },
    steps: { type: 'string', default: '2000' },
    rope: { type: 'boolean', default: false },
    'prev-tokens': { type: 'string', default: '0' },
    prefix: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
if (!['scan', 'walk'].includes(a.mode)) throw new Error(`--mode scan|walk, got ${a.mode}`);
const [BOS, EOS, DOT, NL, IS, COMMA, SO, Q, ANS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const LET = 11; // prompt letters "A".."N"
const SLET = 25; // answer letters " A".." N"
const VAL = 40; // values 40..199
const V = 200;
const config = {
  vocabSize: V,
  dModel: 128,
  nHeads: 4,
  nLayers: 4,
  dMlp: 512,
  maxLen: 400,
  encoder: null,
  rope: a.rope,
  prevTokens: Number(a['prev-tokens']),
};
const model = new VideoLM(config, Number(a.seed));
const params = model.parameters();
const opt = new AdamW(params, { lr: 1e-3, weightDecay: 0.01 });
const rng = new Rng(Number(a.seed) + 6);
const ri = (n) => Math.floor(rng.next() * n);

function example() {
  const K = 4 + ri(6);
  const vals = [];
  while (vals.length < K) {
    const v = VAL + ri(V - VAL);
    if (!vals.includes(v)) vals.push(v);
  }
  const t = ri(K);
  const prompt = [BOS, ...Array.from({ length: ri(Number(a.prefix) + 1) }, () => VAL + ri(V - VAL))];
  vals.forEach((v, k) => prompt.push(LET + k, DOT, v, NL));
  prompt.push(Q, vals[t], EOS);
  const answer = [vals[t], IS, ANS];
  const last = a.mode === 'scan' ? t : K - 1;
  for (let k = 0; k <= last; k++) answer.push(SLET + k, IS, vals[k], COMMA);
  answer.push(SO, SLET + t, EOS);
  return { prompt, answer, vals, t, last };
}

function evaluate(step, loss) {
  const ex = Array.from({ length: 48 }, example);
  const outs = generate(
    model,
    ex.map((e) => ({ tokens: e.prompt })),
    { maxTokens: 60, eos: EOS },
  );
  let walked = 0;
  let walkN = 0;
  let letter = 0;
  ex.forEach((e, i) => {
    const o = outs[i];
    for (let k = 0; k <= e.last; k++, walkN++) if (o[3 + 4 * k + 2] === e.vals[k]) walked++;
    const so = o.lastIndexOf(SO);
    if (so >= 0 && o[so + 1] === SLET + e.t) letter++;
  });
  return {
    step,
    loss: Number(loss.toFixed(4)),
    walked: Number((walked / walkN).toFixed(3)),
    letter: Number((letter / ex.length).toFixed(3)),
  };
}

const began = performance.now();
for (let step = 1; step <= Number(a.steps); step++) {
  let loss = 0;
  for (let b = 0; b < 8; b++) {
    const { prompt, answer } = example();
    const all = [...prompt, ...answer];
    const tokens = Int32Array.from(all.slice(0, -1));
    const targets = new Int32Array(tokens.length).fill(-1);
    for (let i = prompt.length - 1; i < tokens.length; i++) targets[i] = all[i + 1];
    const l = model.loss(tokens, targets, 1);
    loss += l.item() / 8;
    l.backward(new Float32Array([1 / 8]));
  }
  clipGradNorm(params, 1);
  opt.lr = 1e-3 * Math.min(1, step / 50);
  opt.update();
  opt.zeroGrad();
  if (step % 250 === 0) {
    const line = JSON.stringify({
      mode: a.mode,
      rope: a.rope,
      prev_tokens: config.prevTokens,
      prefix: Number(a.prefix),
      ...evaluate(step, loss),
      seconds: Math.round((performance.now() - began) / 1000),
    });
    process.stdout.write(`${line}\n`);
    if (a.out) appendFileSync(a.out, `${line}\n`);
  }
}
