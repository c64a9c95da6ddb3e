/** `vreason/eval`: run any task against an OpenAI-compatible server, resumably; shard and merge. */
export {
  evaluate,
  evaluateTasks,
  prepareOutputDir,
  writeGroupResults,
  writeTaskResults,
  type EvalOutcome,
} from './evaluate.js';
export {
  DEFAULT_FRAMES,
  DEFAULT_PARAMS,
  VIDEO_R1_FRAMES,
  VIDEO_R1_PARAMS,
  parseShard,
  resolveFrames,
  resolveParams,
  type EvalOptions,
} from './config.js';
export { keyUnits, runUnits, shardUnits, type KeyedUnit, type RequestConfig } from './runUnits.js';
export { mergeRuns } from './merge.js';
export { RunStore, latestByKey, readStoreFile, type StoredRecord } from './runStore.js';
export { prepareVisuals, type PreparedVisuals, type VideoMode } from './visuals.js';
