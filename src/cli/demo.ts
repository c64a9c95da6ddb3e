import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { engineInfo } from '../nn/engine.js';
import { pct } from '../report/format.js';
import { RELEASED_MODEL, runDemo, type DemoOutcome } from '../pipeline/demo.js';
import type { ReleaseManifest } from '../pipeline/release.js';
import type { CheckpointEval } from '../pipeline/evalCheckpoint.js';
import { TINY_CURRICULUM } from '../train/curriculum.js';

/** One line per evaluation: the Video-MMMU tracks, Δknowledge with its CI, the shuffle probe. */
function evalLine(name: string, e: CheckpointEval): string {
  const v = e.videommmu.results;
  const dk = v.delta_knowledge;
  const b = Object.values(e.synth.results.benchmarks)[0];
  const ci = dk.ci95 ? ` [${dk.ci95[0].toFixed(1)}, ${dk.ci95[1].toFixed(1)}]` : '';
  return (
    `${name}: Perception ${pct(v.tracks.Perception?.accuracy)}, Comprehension ` +
    `${pct(v.tracks.Comprehension?.accuracy)}, ` +
    `Adaptation ${pct(v.tracks.Adaptation?.accuracy)} (${pct(v.before?.accuracy)} without the video), ` +
    `Δknowledge ${dk.value === null ? '–' : `${dk.value.toFixed(1)}%${ci}`}; ` +
    `temporal/image score ${pct(b?.score.mean)}, probe ${pct(b?.probe?.ordered.mean)} ordered vs ` +
    `${pct(b?.probe?.shuffled.mean)} shuffled`
  );
}

export function summary(r: DemoOutcome): string {
  const times = r.stages.map((s) => `  ${s.stage.padEnd(52)} ${s.seconds.toFixed(1).padStart(7)} s`).join('\n');
  return (
    `\n${evalLine(`base (${r.base.kind})`, r.before)}\n${evalLine('after T-GRPO', r.after)}\n` +
    `stage times:\n${times}\n  ${'total'.padEnd(52)} ${r.seconds.toFixed(1).padStart(7)} s\nreport: ${r.report}\n`
  );
}

export function registerDemo(program: Command): void {
  const steps = TINY_CURRICULUM.stages.reduce((n, s) => n + (s.sft.steps ?? 0), 0);
  program
    .command('demo')
    .description(
      'The whole product on this machine, no GPU, no hub, no key: the released model on a fresh held-out world, ' +
        'before and after a short T-GRPO fine-tune, over HTTP, in one report.',
    )
    .option('--out <dir>', 'where everything goes (re-running resumes every stage)', 'runs/demo')
    .option('--quick', 'a small version for the test suite: tiny worlds and a tiny stand-in model trained for seconds')
    .option(
      '--from-scratch',
      `train the base model with the whole curriculum first (vreason train curriculum: ` +
        `${TINY_CURRICULUM.stages.length} stages, ${steps} steps, hours on a laptop CPU) instead of using ` +
        `the released one`,
    )
    .option('--model <dir>', 'the released model folder to start from (default: models/vreason-tiny)')
    .option('--seed <n>', 'seed of the held-out world (1000 + n), the rollouts and any stand-in', '0')
    .addHelpText(
      'after',
      `
Stages (each prints its progress to stderr, and its time at the end):
  1. vreason data synth     a fresh held-out world (a seed no training used) and a training world
  2. the base model         models/vreason-tiny (checked against its manifest), or --from-scratch
  3. vreason serve + eval   the base model on 127.0.0.1: Video-MMMU tracks with and without the video
                            (Δknowledge and its CI), the temporal items with the shuffled-frame probe
  4. vreason train grpo --temporal   a short T-GRPO fine-tune from the base model
  5. vreason serve + eval   the fine-tuned model, the same questions
  6. vreason report         one HTML file: both runs, paired differences with 95% CIs
The last line printed is the report's path.`,
    )
    .action(async (o: { out: string; quick?: boolean; fromScratch?: boolean; model?: string; seed: string }) => {
      process.stderr.write(`engine: ${engineInfo().backend} (${engineInfo().reason})\n`);
      if (o.fromScratch)
        process.stderr.write(
          `--from-scratch: the curriculum trains ${steps} steps first (it resumes if stopped); ${releasedTime()}\n`,
        );
      const r = await runDemo({
        out: resolve(o.out),
        quick: o.quick,
        fromScratch: o.fromScratch,
        model: o.model ? resolve(o.model) : undefined,
        seed: Number(o.seed) || 0,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      process.stdout.write(summary(r));
    });
}

/** How long the released model's curriculum took, from its manifest: the honest estimate. */
function releasedTime(): string {
  try {
    const m = JSON.parse(readFileSync(join(RELEASED_MODEL, 'manifest.json'), 'utf8')) as ReleaseManifest;
    const t = m.training;
    return (
      `the released model's run took ${(t.seconds / 3600).toFixed(1)} h on ${t.cpus} × ${t.cpu} (${t.engine}` +
      `${t.isa ? `, ${t.isa}` : ''}); expect about that on a similar CPU, longer without AVX-512`
    );
  } catch {
    return 'expect hours on a laptop CPU';
  }
}
