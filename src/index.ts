/**
 * vreason as a library. The root holds what most users call; each layer has its own entry:
 * `vreason/tasks`, `vreason/eval`, `vreason/rewards`, `vreason/report`, `vreason/train`,
 * `vreason/nn`, `vreason/media`, `vreason/synth`, `vreason/clients`, `vreason/serve`, `vreason/pipeline`.
 */
export { evaluate, evaluateTasks, type EvalOutcome } from './eval/evaluate.js';
export type { EvalOptions } from './eval/config.js';
export { mergeRuns } from './eval/merge.js';
export { registerTask, resolveTasks, taskNames } from './tasks/registry.js';
export type { GroupResults, Task, TaskGroup, TaskSummary } from './tasks/task.js';
export { videoMMMU } from './tasks/videommmu/index.js';
export type { Results } from './tasks/videommmu/results.js';
export { videoR1Suite, videoR1Task, type SuiteResults } from './tasks/videor1/index.js';
export { groupRewards, registerReward, rewardList, VIDEO_R1_REWARDS } from './rewards/index.js';
export { startRewardServer } from './rewards/server.js';
export { startModelServer } from './serve/server.js';
export { buildReport, writeReport } from './report/build.js';
export { runDemo } from './pipeline/demo.js';
export { DataError, MediaError, ModelError, UsageError } from './core/errors.js';
export { VERSION } from './version.js';
