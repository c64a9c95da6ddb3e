/** `vreason/tasks`: the Task interface, the registry, and the benchmarks (Video-MMMU, Video-R1 format). */
export type {
  AggregateOptions,
  CompareMetric,
  GroupResults,
  GroupRow,
  PlanOptions,
  Task,
  TaskGroup,
  TaskPlan,
  TaskSummary,
} from './task.js';
export type { PlannedDataset, Scored, UnitSpec, VisualSpec } from './types.js';
export { accountFor, type RunAccount, type SkippedRow, type StoredRecord } from './record.js';
export { groupMarkdown, groupTable, taskGroup } from './group.js';
export {
  isVideoR1Format,
  nativeTasks,
  registerTask,
  resolveTasks,
  taskFromConfig,
  taskNames,
  type TaskEntry,
} from './registry.js';
// Video-MMMU
export { videoMMMU } from './videommmu/index.js';
export { loadVideoMMMU, type LoadedDataset } from './videommmu/data.js';
export { buildPrompt, formatOptions, LMMS_EVAL_PROMPTS, PROMPT_STYLES, type PromptStyle } from './videommmu/prompt.js';
export * from './videommmu/parse.js';
export { computeResults, type Results } from './videommmu/results.js';
export { renderMarkdown } from './videommmu/markdown.js';
export { deltaKnowledge, deltaKnowledgeValue } from './videommmu/deltaKnowledge.js';
export { baselines } from './videommmu/baselines.js';
export { disciplineOf, subjectOfId, SUBJECTS_BY_DISCIPLINE } from './videommmu/subjects.js';
export { summarize, formatSummary } from './videommmu/summary.js';
export { planVideoMMMU, scoreVideoMMMUFacts } from './videommmu/task.js';
// Video-R1 format
export { suiteFiles, videoR1File, videoR1Suite, videoR1Task, type SuiteResults } from './videor1/index.js';
export { loadVideoR1, type VideoR1Item } from './videor1/data.js';
export { buildVideoR1Prompt, TYPE_TEMPLATE } from './videor1/prompt.js';
export { computeBenchmarkResults, meanOf, type BenchmarkResults } from './videor1/results.js';
export { BENCHMARK_LABELS, planVideoR1, scoreVideoR1Facts, VIDEO_R1_BENCHMARKS } from './videor1/task.js';
