/**
 * Reward throughput: responses scored per second (accuracy + format, `scoreResponse`) for batches
 * of 64 Video-R1-style completions (a ~300-word <think> block and a type-specific answer), per
 * problem type; plus the full `groupRewards` pipeline (8 groups of 8, with 4 shuffled responses
 * and token lengths each). Medians over ROUNDS timed rounds after a warm-up.
 */
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../src/core/rng.js';
import { groupRewards, scoreResponse, type ProblemType } from '../src/rewards/index.js';
import { median, writeBenchResult } from './util.js';

const BATCH = 64;
const ROUNDS = 9;
const MIN_ROUND_MS = 200;

const VOCAB = (
  'let me think about the video the person walks toward the door then opens it wait hmm oh I see ' +
  'frames show a red car moving left while the camera pans right so the answer depends on the order ' +
  'of events in the clip counting objects carefully there are three cups on the table and one falls'
).split(' ');
const OCR_WORDS = 'STOP EXIT Main Street Open 24 Hours Welcome to the Museum of Modern Art Platform 9'.split(' ');

type Rand = () => number;
const pick = <T>(xs: readonly T[], rand: Rand): T => xs[Math.floor(rand() * xs.length)]!;
const words = (n: number, from: readonly string[], rand: Rand): string =>
  Array.from({ length: n }, () => pick(from, rand)).join(' ');

/** A (response answer, ground truth) pair for the type, right about half the time. */
function answers(type: ProblemType, rand: Rand): [string, string] {
  switch (type) {
    case 'multiple choice':
      return [pick(['A', 'B', 'C', 'D'], rand), 'B'];
    case 'numerical':
      return [pick(['12.5', '12.50', '13', '1,250.5', '12.499'], rand), '12.5'];
    case 'OCR': {
      const gt = words(12, OCR_WORDS, rand);
      return [rand() < 0.5 ? gt : words(10 + Math.floor(rand() * 6), OCR_WORDS, rand), gt];
    }
    case 'free-form': {
      const gt = words(30, VOCAB, rand);
      return [rand() < 0.3 ? gt : words(20 + Math.floor(rand() * 20), VOCAB, rand), gt];
    }
    case 'regression':
      return [(20 + rand() * 10).toFixed(1), '25'];
  }
}

function response(answer: string, rand: Rand): string {
  return `<think>${words(250 + Math.floor(rand() * 100), VOCAB, rand)}</think>\n<answer>${answer}</answer>`;
}

/** Responses per second for `work()` scoring `n` responses, timed over rounds of at least MIN_ROUND_MS. */
function throughput(n: number, work: () => void): { per_second: number; rounds: number[] } {
  const t0 = performance.now();
  let reps = 0;
  while (performance.now() - t0 < MIN_ROUND_MS) {
    work();
    reps++;
  }
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) work();
    rounds.push((n * reps * 1000) / (performance.now() - t));
  }
  return { per_second: Math.round(median(rounds)), rounds: rounds.map(Math.round) };
}

export async function run(): Promise<Record<string, unknown>> {
  const rand = mulberry32(42);
  const types: ProblemType[] = ['multiple choice', 'numerical', 'OCR', 'free-form', 'regression'];
  const perType: Record<string, unknown> = {};
  let sink = 0;
  for (const type of types) {
    const batch = Array.from({ length: BATCH }, () => {
      const [pred, gt] = answers(type, rand);
      return { response: response(pred, rand), solution: `<answer>${gt}</answer>`, problemType: type };
    });
    const m = throughput(BATCH, () => {
      for (const item of batch) sink += scoreResponse(item).accuracy;
    });
    perType[type] = {
      responses_per_second: m.per_second,
      batch_ms: +((BATCH * 1000) / m.per_second).toFixed(3),
      runs: m.rounds,
    };
  }

  // groupRewards: 8 groups x 8 responses = 64, each with 4 shuffled responses and lengths.
  const groups = types.map((type) =>
    Array.from({ length: 8 }, () => {
      const [, gt] = answers(type, rand);
      const make = (n: number): string[] => Array.from({ length: n }, () => response(answers(type, rand)[0], rand));
      return {
        problemType: type,
        solution: `<answer>${gt}</answer>`,
        responses: make(8),
        shuffledResponses: make(4),
        completionLengths: Array.from({ length: 8 }, () => 300 + Math.floor(rand() * 250)),
      };
    }),
  );
  const pipeline: Record<string, unknown> = {};
  types.forEach((type, i) => {
    const m = throughput(BATCH, () => {
      for (const g of groups[i]!) sink += groupRewards(g).responses[0]!.advantage;
    });
    pipeline[type] = { responses_per_second: m.per_second, runs: m.rounds };
  });
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the scoring from being optimised away');

  const result = {
    batch_size: BATCH,
    response: '<think> of 250-350 words, then <answer>',
    score_response: perType,
    group_rewards_8x8_with_4_shuffled: pipeline,
    note:
      'responses/s, median of rounds; group_rewards also scores the 4 shuffled responses per group (96 scored ' +
      'per 64 counted)',
  };
  writeBenchResult('rewards', result);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  process.stdout.write(`${JSON.stringify(r, (k, v) => (k === 'runs' ? undefined : v), 2)}\n`);
}
