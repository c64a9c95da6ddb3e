/** The tensor engine and the small video-language model. */
export { engineInfo, useBackend, type BackendName, type EngineInfo } from './engine.js';
export { Tensor, noGrad } from './tensor.js';
export * as ops from './ops.js';
export { AdamW, clipGradNorm } from './optim.js';
export { VideoLM, type ModelConfig, type FrameEncoderConfig, type Frames } from './model.js';
export { generate, sampleToken, type GenerateOptions, type Prompt } from './generate.js';
export { saveCheckpoint, loadCheckpoint, type TrainState } from './checkpoint.js';
export { ByteTokenizer, tokenizerFromJSON, type Tokenizer } from './tokenizer.js';
export { Rng } from './random.js';
export { saveSafetensors, loadSafetensors, encodeSafetensors, decodeSafetensors } from './safetensors.js';
