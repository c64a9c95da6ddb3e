/** `vreason/train`: SFT and GRPO / T-GRPO of the embedded video-language model. */
export { trainSft, DEFAULT_SFT_MODEL, type SftOptions, type SftOutcome } from './sft.js';
export { trainGrpo, GRPO_DEFAULTS, type GrpoOptions } from './grpo.js';
export {
  scoreGroup,
  stepRewardStats,
  type GroupInputs,
  type GroupRewardOptions,
  type GroupScore,
} from './grpoRewards.js';
export { readingUnits, scoreReading, READING_PROMPT } from './readingData.js';
export { drillUnits } from './drillData.js';
