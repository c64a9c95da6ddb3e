/** The synthetic world a pipeline trains or evaluates on, generated once and reused. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type SynthConfig } from '../synth/plan.js';
import { writeSynth } from '../synth/write.js';

/** A held-out world: the generator's defaults at `seed`, every video in the test split. */
export const heldoutConfig = (seed: number, videos: number): SynthConfig => ({
  ...DEFAULT_CONFIG,
  seed,
  videos,
  ratios: [0, 0, 1],
});

/** Keep a generated world when it was made with the same settings (resume), else (re)generate it. */
export async function ensureWorld(dir: string, cfg: SynthConfig, log: (l: string) => void): Promise<void> {
  const card = join(dir, 'card.json');
  if (
    existsSync(card) &&
    JSON.stringify((JSON.parse(readFileSync(card, 'utf8')) as { config: unknown }).config) === JSON.stringify(cfg)
  ) {
    log(`  reusing ${dir}`);
    return;
  }
  const r = await writeSynth({
    ...cfg,
    out: dir,
    onProgress: (d, n) => (d === n || d % 50 === 0) && log(`  ${d}/${n} videos`),
  });
  log(`  ${r.videos} videos in ${r.seconds.toFixed(1)} s`);
}
