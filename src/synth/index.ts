/** `vreason/synth`: the seeded synthetic lecture-video world. */
export { planDataset, DEFAULT_CONFIG, type SynthConfig, type DatasetPlan, type UnitSpec } from './plan.js';
export { writeSynth, type SynthOptions, type SynthResult } from './write.js';
export { oracleLecture, oracleR1 } from './oracle.js';
export { leakage } from './guessers.js';
export { lectureTranscripts, frameTranscript } from './transcript.js';
export { lectureChain, lectureNotes, videoMMMUResponse } from './lectureChains.js';
