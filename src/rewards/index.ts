/** Video-R1 rewards (accuracy, format, length, T-GRPO temporal) and GRPO advantages, with reference semantics. */
export { extractAnswer, extractAnswerOrText, isPyWhitespace, pySplit, pyStrip } from './answer.js';
export { formatReward } from './format.js';
export { wordErrorRate } from './wer.js';
export { porterStem } from './porter.js';
export {
  fmeasure,
  rougeL,
  rougeMeanF,
  rougeN,
  rougeScores,
  rougeTokenize,
  type RougeScore,
  type RougeScores,
} from './rouge.js';
export {
  PROBLEM_TYPES,
  accuracyFromAnswers,
  accuracyReward,
  evalReward,
  freeFormReward,
  meanRelativeAccuracy,
  multipleChoiceReward,
  normalizeNumber,
  normalizeProblemType,
  numericalReward,
  ocrReward,
  passesAccuracyMask,
  pythonFloat,
  regressionReward,
  scoreResponse,
  type ProblemType,
  type ResponseScore,
  type ScoreInput,
} from './accuracy.js';
export { LENGTH_DEFAULTS, lengthBonuses, type LengthOptions } from './length.js';
export { TEMPORAL_DEFAULTS, temporalBonus, type TemporalOptions, type TemporalResult } from './temporal.js';
export {
  ADVANTAGE_EPSILON,
  groupAdvantages,
  groupRewards,
  type GroupInput,
  type GroupRewards,
  type ResponseRewards,
} from './advantage.js';
export {
  VIDEO_R1_REWARDS,
  registerReward,
  rewardList,
  rewardNames,
  scoreWithRewards,
  type Reward,
  type RewardContext,
  type RewardFn,
} from './registry.js';
