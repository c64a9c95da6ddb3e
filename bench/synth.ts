/**
 * Synthetic lecture world generation speed: the default demo set (200 videos) written to a temp
 * folder with encodes in parallel up to the core count. Reports videos/s and frames/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../src/synth/plan.js';
import { writeSynth } from '../src/synth/write.js';
import { writeBenchResult } from './util.js';

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vreason-bench-synth-'));
  try {
    const jobs = cpus().length;
    const r = await writeSynth({ ...DEFAULT_CONFIG, out: dir, jobs });
    const result = {
      videos: r.videos,
      jobs,
      seconds: Number(r.seconds.toFixed(2)),
      videos_per_s: Number(r.videosPerSecond.toFixed(2)),
      frames: r.frames,
      frames_per_s: Number(r.framesPerSecond.toFixed(1)),
      mp4s: r.mp4s,
      videommmu_questions: r.card.videommmu.questions,
      videor1_records: r.card.videor1.records,
      cot_kept: r.card.videor1.cot.kept,
      adaptation_question_only: r.card.videommmu.adaptation_question_only.multiple_choice.best,
      adaptation_chance: r.card.videommmu.adaptation_question_only.multiple_choice.chance,
      under_two_minutes: r.seconds < 120,
    };
    writeBenchResult('synth', result);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
