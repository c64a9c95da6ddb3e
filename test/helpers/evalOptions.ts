import { evaluate, type EvalOutcome } from '../../src/eval/evaluate.js';
import { videoMMMU } from '../../src/tasks/videommmu/index.js';
import type { Results } from '../../src/tasks/videommmu/results.js';
import { videoR1Suite, type SuiteResults } from '../../src/tasks/videor1/index.js';
import { DEFAULT_FRAMES, type EvalOptions } from '../../src/eval/config.js';

/** EvalOptions for tests: quiet, fast retries, 4 frames unless a test says otherwise. */
export function evalOptions(
  data: string,
  output: string,
  baseUrl: string,
  extra: Partial<EvalOptions> = {},
): EvalOptions {
  return {
    tasks: ['videommmu'],
    data,
    output,
    model: { baseUrl, name: 'scripted', timeoutMs: 5000, retry: { retries: 2, baseMs: 5 } },
    frames: { ...DEFAULT_FRAMES, nframes: 4 },
    videoMode: 'frames',
    params: { temperature: 0, maxTokens: 64, seed: 0 },
    concurrency: 4,
    conditions: 'both',
    promptStyle: 'lmms-eval',
    seed: 0,
    log: null,
    ...extra,
  };
}

/** Video-MMMU through the one evaluator. */
export const evaluateVideoMMMU = (o: EvalOptions): Promise<EvalOutcome<Results>> => evaluate(videoMMMU, o);

/** The Video-R1 suite over `o.tasks` under `o.data`, through the one evaluator. */
export const evaluateSuite = (o: EvalOptions): Promise<EvalOutcome<SuiteResults>> => evaluate(videoR1Suite(o), o);
