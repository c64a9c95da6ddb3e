/** The synthetic world a pipeline trains or evaluates on, generated once and reused. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynthConfig } from '../synth/plan.js';
import { writeSynth } from '../synth/write.js';

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
