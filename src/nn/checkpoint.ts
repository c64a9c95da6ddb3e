/**
 * Checkpoints: a directory with
 *   model.safetensors   the weights (PyTorch state_dict names), config in the metadata too
 *   config.json         model config + tokenizer, readable without parsing safetensors
 *   train_state.safetensors  (optional) AdamW moments m.<name>/v.<name>; step and RNG state in the
 *                       metadata, so a resumed run continues exactly where it stopped.
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { writeJsonAtomic } from '../core/atomicWrite.js';
import { join } from 'node:path';
import { VideoLM, type ModelConfig } from './model.js';
import type { AdamW } from './optim.js';
import { loadSafetensors, saveSafetensors, type StoredTensor } from './safetensors.js';
import { tokenizerFromJSON, type Tokenizer } from './tokenizer.js';

export interface TrainState {
  step: number;
  rngState: number;
  optimizer: { step: number; m: Float32Array[]; v: Float32Array[] };
}

export function saveCheckpoint(
  dir: string,
  model: VideoLM,
  tokenizer: Tokenizer,
  train?: { optimizer: AdamW; step: number; rngState: number },
): void {
  mkdirSync(dir, { recursive: true });
  const weights: Record<string, StoredTensor> = {};
  for (const [k, p] of model.params) weights[k] = { shape: [...p.shape], data: p.data };
  const config = JSON.stringify(model.config);
  saveSafetensors(join(dir, 'model.safetensors'), weights, { format: 'pt', vreason_config: config });
  writeJsonAtomic(join(dir, 'config.json'), { model: model.config, tokenizer: tokenizer.toJSON() });
  if (train) {
    const names = [...model.params.keys()];
    const state: Record<string, StoredTensor> = {};
    names.forEach((k, i) => {
      const shape = [...model.params.get(k)!.shape];
      state[`m.${k}`] = { shape, data: train.optimizer.m[i]! };
      state[`v.${k}`] = { shape, data: train.optimizer.v[i]! };
    });
    saveSafetensors(join(dir, 'train_state.safetensors'), state, {
      step: String(train.step),
      rng_state: String(train.rngState),
      optimizer_step: String(train.optimizer.step),
    });
  }
}

export function loadCheckpoint(dir: string): { model: VideoLM; tokenizer: Tokenizer; train: TrainState | null } {
  const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { model: ModelConfig; tokenizer: unknown };
  const model = new VideoLM(cfg.model);
  const { tensors } = loadSafetensors(join(dir, 'model.safetensors'));
  for (const [k, p] of model.params) {
    const t = tensors[k];
    if (!t || t.shape.join() !== p.shape.join())
      throw new Error(
        `${dir}/model.safetensors: ${k} is ${t ? `[${t.shape.join(', ')}]` : 'missing'}, the config needs [` +
          `${p.shape.join(', ')}]`,
      );
    p.data.set(t.data);
  }
  let train: TrainState | null = null;
  const statePath = join(dir, 'train_state.safetensors');
  if (existsSync(statePath)) {
    const s = loadSafetensors(statePath);
    const names = [...model.params.keys()];
    const get = (k: string) => {
      const t = s.tensors[k];
      if (!t || !(t.data instanceof Float32Array)) throw new Error(`${statePath}: ${k} missing`);
      return t.data;
    };
    train = {
      step: Number(s.metadata.step),
      rngState: Number(s.metadata.rng_state),
      optimizer: {
        step: Number(s.metadata.optimizer_step),
        m: names.map((k) => get(`m.${k}`)),
        v: names.map((k) => get(`v.${k}`)),
      },
    };
  }
  return { model, tokenizer: tokenizerFromJSON(cfg.tokenizer), train };
}
