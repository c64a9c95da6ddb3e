/** `vreason/train`: SFT and GRPO / T-GRPO of the embedded video-language model. */
export {
  trainSft,
  prepareSft,
  sftStep,
  DEFAULT_SFT_MODEL,
  type SftOptions,
  type SftOutcome,
  type SftRun,
} from './sft.js';
export {
  registerSource,
  sources,
  sourceNames,
  parseMix,
  DEFAULT_MIX,
  type ExampleSource,
  type Mix,
} from './sources/index.js';
export {
  runCurriculum,
  TINY_CURRICULUM,
  stageCommand,
  type Curriculum,
  type CurriculumStage,
} from './curriculum.js';
export { trainGrpo, GRPO_DEFAULTS, type GrpoOptions } from './grpo.js';
export {
  scoreGroup,
  stepRewardStats,
  type GroupInputs,
  type GroupRewardOptions,
  type GroupScore,
} from './grpoRewards.js';
export { readingUnits, scoreReading, READING_PROMPT } from './sources/reading.js';
export { drillUnits } from './sources/drills.js';
