/** `vreason/pipeline`: the jobs the CLI runs end to end (the demo, checkpoint evaluation, the ablation). */
export { evaluateCheckpoint, type CheckpointEvalOptions, type CheckpointEval } from './evalCheckpoint.js';
export { runAblation, type AblationOptions } from './ablation.js';
export {
  runDemo,
  FULL_PROFILE as DEMO_FULL,
  QUICK_PROFILE as DEMO_QUICK,
  type DemoOptions,
  type DemoOutcome,
} from './demo.js';
export { trainCurriculum, type CurriculumRunOptions } from './curriculum.js';
export { releaseModel, verifyRelease, compareReleases, type ReleaseManifest } from './release.js';
