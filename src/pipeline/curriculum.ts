/**
 * `vreason train curriculum`: the training world, then every stage of the curriculum, in one
 * resumable command. `<out>/world` is the synthetic world, `<out>/stages/<k>-<name>` each stage's
 * run folder, `<out>/curriculum.json` the stages' progress and times.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG } from '../synth/plan.js';
import { runCurriculum, TINY_CURRICULUM, type Curriculum, type CurriculumOutcome } from '../train/curriculum.js';
import { ensureWorld } from './world.js';

export interface CurriculumRunOptions {
  out: string;
  curriculum?: Curriculum;
  stopAfterStage?: number;
  log?: (line: string) => void;
}

export async function trainCurriculum(o: CurriculumRunOptions): Promise<CurriculumOutcome & { world: string }> {
  const c = o.curriculum ?? TINY_CURRICULUM;
  const log = o.log ?? (() => {});
  const out = resolve(o.out);
  const world = join(out, 'world');
  log(`world: ${c.world.videos} lecture videos, seed ${c.world.seed} → ${world}`);
  await ensureWorld(world, { ...DEFAULT_CONFIG, seed: c.world.seed, videos: c.world.videos }, log);
  const r = await runCurriculum({ curriculum: c, data: world, out, stopAfterStage: o.stopAfterStage, log });
  return { ...r, world };
}
