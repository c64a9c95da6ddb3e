#!/usr/bin/env node
/**
 * Does a checkpoint copy from its prompt? Greedy answers to freshly generated text-only prompts of
 * the kind `train sft` mixes in — reasoning drills (`drills`) or copy drills (`copy`) — with the
 * options walked right ("A is 16, B is 24, …" against the prompt's list) and the letter right
 * (the option named holds the value the chain named). `--frames`: 8 frames of noise in front, to
 * see whether a shifted prompt changes the answer.
 *   node experiments/curriculum/prompt-copy-checks.mjs <checkpoint> drills|copy [--frames] [--lectures 20]
 * Prints two sample answers and one line of JSON.
 */
import { parseArgs } from 'node:util';
import { loadCheckpoint } from '../../dist/src/nn/checkpoint.js';
import { generate } from '../../dist/src/nn/generate.js';
import { chatPrompt } from '../../dist/src/nn/chat.js';
import { drillUnits } from '../../dist/src/train/sources/drills.js';
import { copyDrillUnits } from '../../dist/src/train/sources/copyDrills.js';
import { parseScan } from '../../dist/src/synth/annotator.js';

const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: { frames: { type: 'boolean', default: false }, lectures: { type: 'string', default: '20' } },
});
const [ckpt, kind] = positionals;
if (!ckpt || !['drills', 'copy'].includes(kind)) {
  process.stderr.write(
    'usage: node experiments/curriculum/prompt-copy-checks.mjs <checkpoint> drills|copy [--frames] [--lectures 20]\n',
  );
  process.exit(2);
}
const { model, tokenizer: tok } = loadCheckpoint(ckpt);
// Seeds away from any training run's drills (those use 1 000 003 / 2 000 003 + the SFT seed).
const n = Number(o.lectures);
const units = (kind === 'copy' ? copyDrillUnits(n * 3, 4242) : drillUnits(n, 424242)).filter(
  (u) => u.scorer === 'videommmu' && /^A\. /m.test(u.unit.prompt),
);
const enc = model.config.encoder;
const F = 8;
const frameSize = enc ? 3 * enc.imageSize * (enc.imageHeight ?? enc.imageSize) : 0;
const prompts = units.map((u, i) => {
  const p = { tokens: chatPrompt(tok, [u.unit.prompt]) };
  if (o.frames && enc)
    p.frames = {
      data: Float32Array.from({ length: F * frameSize }, (_, j) => (((j * 2654435761 + i) >>> 0) % 1000) / 1000),
      count: F,
    };
  return p;
});
const outs = [];
for (let i = 0; i < prompts.length; i += 8)
  outs.push(...generate(model, prompts.slice(i, i + 8), { maxTokens: 384, eos: tok.eos }));
let walked = 0;
let walkN = 0;
let letters = 0;
let letterN = 0;
units.forEach((u, i) => {
  const text = tok.decode(outs[i]);
  const options = [...u.unit.prompt.matchAll(/^([A-J])\. (.*)$/gm)].map((m) => m[2]);
  const scan = parseScan(text);
  // A walk counts only when it names a letter.
  if (scan?.letter) {
    for (const [l, said] of scan.walked) walkN++, options[l.charCodeAt(0) - 65] === said && walked++;
    if (scan.value !== null) letterN++, options[scan.letter.charCodeAt(0) - 65] === scan.value && letters++;
  }
  if (i < 2) process.stdout.write(`--- ${u.unit.prompt.split('\n')[0]}\n>>> ${text}\n`);
});
process.stdout.write(
  `${JSON.stringify({ checkpoint: ckpt, kind, frames: o.frames, prompts: units.length, options_walked_right: `${walked}/${walkN}`, letter_holds_value: `${letters}/${letterN}` })}\n`,
);
