import { resolve } from 'node:path';
import type { Command } from 'commander';
import { engineInfo } from '../nn/engine.js';
import { runDemo } from '../pipeline/demo.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'The whole product on this machine, no GPU, no hub, no key: synthetic world → SFT → T-GRPO → serve → eval → HTML report.',
    )
    .option('--out <dir>', 'where everything goes (re-running resumes every stage)', 'runs/demo')
    .option('--quick', 'a ~2-minute version: tiny world and model, a few steps of each stage')
    .option('--seed <n>', 'seed of the world, the initialisation and the rollouts', '0')
    .addHelpText(
      'after',
      `
Stages (each prints its progress to stderr):
  1. vreason data synth        the seeded synthetic lecture world (Video-MMMU layout + Video-R1 records)
  2. vreason train sft         the embedded video-language model on the annotated chain of thought
  3. vreason train grpo --temporal   T-GRPO from the SFT checkpoint
  4. vreason serve + vreason eval    the model on 127.0.0.1, Video-MMMU tracks with Δknowledge and the
                               temporal items with the shuffled-frame probe, on the held-out test split
  5. vreason report            one self-contained HTML file
How long the full demo takes depends on the CPU (AVX-512 or not changes the engine's speed many times); its numbers are those of a small model trained for
minutes (see experiments/curriculum/notes.md for a longer run). The last line printed is the report's path.`,
    )
    .action(async (o: { out: string; quick?: boolean; seed: string }) => {
      process.stderr.write(`engine: ${engineInfo().backend} (${engineInfo().reason})\n`);
      const r = await runDemo({
        out: resolve(o.out),
        quick: o.quick,
        seed: Number(o.seed) || 0,
        log: (l) => process.stderr.write(`${l}\n`),
      });
      const v = r.eval.videommmu.results;
      const b = Object.values(r.eval.synth.results.benchmarks)[0];
      const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
      process.stdout.write(
        `\nVideo-MMMU (synthetic test split): Perception ${pct(v.tracks.Perception?.accuracy)}, Comprehension ${pct(v.tracks.Comprehension?.accuracy)}, ` +
          `Adaptation ${pct(v.tracks.Adaptation?.accuracy)}, Δknowledge ${v.delta_knowledge.value === null ? '–' : `${v.delta_knowledge.value.toFixed(1)}%`}\n` +
          `temporal/image records: score ${pct(b?.score.mean)}; shuffled-frame probe ${pct(b?.probe?.ordered.mean)} ordered vs ${pct(b?.probe?.shuffled.mean)} shuffled\n` +
          `done in ${Math.round(r.seconds)} s\nreport: ${r.report}\n`,
      );
    });
}
