import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { nonNegativeFlag } from './flags.js';
import { engineInfo } from '../nn/engine.js';
import { trainCurriculum } from '../pipeline/curriculum.js';
import { compareReleases, modelCard, releaseModel, type ReleaseManifest } from '../pipeline/release.js';
import { stageCommand, TINY_CURRICULUM } from '../train/curriculum.js';

interface Flags {
  out: string;
  stopAfterStage?: number;
  release?: string;
  compare?: string;
  printCommands?: boolean;
  json?: boolean;
}

/** A path as the user would type it from the current folder. */
const relativeTo = (p: string) => relative(process.cwd(), resolve(p)) || '.';

export function registerCurriculum(train: Command): void {
  const c = TINY_CURRICULUM;
  const steps = c.stages.reduce((n, s) => n + (s.sft.steps ?? 0), 0);
  train
    .command('curriculum')
    .description(
      `The whole SFT curriculum of the released ${c.name} model in one resumable command: the training world, then ` +
        `${c.stages.length} stages (${steps} steps).`,
    )
    .requiredOption(
      '--out <dir>',
      'curriculum folder: world/, stages/<k>-<name>/, curriculum.json (re-running resumes)',
    )
    .option(
      '--stop-after-stage <n>',
      'train at most n stages in this invocation; run again to go on',
      nonNegativeFlag('--stop-after-stage', true),
    )
    .option(
      '--release <dir>',
      'when every stage is done: evaluate the final checkpoint on a held-out world (300 lectures, seed 11) and ' +
        'write the release folder (weights, config, manifest.json, README.md), e.g. models/vreason-tiny',
    )
    .option(
      '--compare <dir>',
      'when every stage is done: release into <out>/release and compare it with this released folder (weights, ' +
        'held-out numbers)',
    )
    .option('--print-commands', 'print the `vreason train sft` command each stage equals, and exit')
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText(
      'after',
      `
Stages:
${c.stages.map((s, i) => `  ${i + 1}. ${s.name} (${s.sft.steps} steps): ${s.what}`).join('\n')}

Deterministic given the recipe: a killed run resumed from its checkpoints ends with the same weights.
Progress (loss, tokens/s, stage and curriculum ETA) goes to stderr.`,
    )
    .action(async (f: Flags) => {
      const out = resolve(f.out);
      if (f.printCommands) {
        const data = `${out}/world`;
        process.stdout.write(`vreason data synth --out ${data} --videos ${c.world.videos} --seed ${c.world.seed}\n`);
        for (let i = 0; i < c.stages.length; i++) process.stdout.write(`${stageCommand(c, i, { data, out })}\n`);
        return;
      }
      process.stderr.write(`engine: ${engineInfo().backend} (${engineInfo().reason})\n`);
      const r = await trainCurriculum({
        out,
        stopAfterStage: f.stopAfterStage,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(`${r.complete ? 'curriculum complete' : 'curriculum stopped'}: ${r.checkpoint}\n`);
      const to = f.release ?? (f.compare ? join(out, 'release') : undefined);
      let manifest: ReleaseManifest | undefined;
      if (r.complete && to) {
        manifest = await releaseModel({
          curriculum: c,
          progress: r.progress,
          run: out,
          checkpoint: r.checkpoint,
          to: resolve(to),
          command: `vreason train curriculum --out <out> --release ${f.release ? relativeTo(f.release) : '<dir>'}`,
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stderr.write(`${modelCard(manifest)}\n`);
      }
      if (manifest && f.compare) {
        const committed = JSON.parse(readFileSync(join(f.compare, 'manifest.json'), 'utf8')) as ReleaseManifest;
        for (const line of compareReleases(committed, manifest)) process.stderr.write(`${line}\n`);
      }
      if (f.json) process.stdout.write(`${JSON.stringify({ ...r, manifest })}\n`);
    });
}
