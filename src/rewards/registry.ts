/**
 * Rewards as a list of named functions with weights, as TRL's GRPOTrainer takes them. Each
 * function scores every response of one group; later functions may read the columns of earlier
 * ones (the temporal and length bonuses read accuracy). A response's total is the weighted sum in
 * list order, so the default list is ordered as Video-R1's trainer adds its terms:
 * ((accuracy + temporal) + format) + length. The trainer and the reward service look rewards up
 * in this one registry by name.
 */
import { UsageError } from '../core/errors.js';
import { accuracyReward, type ProblemType } from './accuracy.js';
import { formatReward } from './format.js';
import { lengthBonuses, type LengthOptions } from './length.js';
import { temporalBonus, type TemporalOptions, type TemporalResult } from './temporal.js';

/** What a reward function sees: one prompt's group of responses and its gold answer. */
export interface RewardContext {
  problemType: ProblemType | (string & {});
  solution: string;
  responses: readonly string[];
  /** T-GRPO: the responses to the same prompt with its frames shuffled (videos only). */
  shuffledResponses?: readonly string[];
  /** Completion lengths in tokens; len_control is off without them. */
  completionLengths?: readonly number[];
  temporal?: TemporalOptions;
  length?: LengthOptions;
}

/** One value per response; `columns` holds the values of the functions listed before this one. */
export type RewardFn = (ctx: RewardContext, columns: Readonly<Record<string, readonly number[]>>) => number[];

export interface Reward {
  name: string;
  fn: RewardFn;
  weight: number;
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/** The temporal comparison of a group, kept for the caller's statistics (the bonus column alone loses p and p̃). */
export function temporalOf(ctx: RewardContext, accuracy: readonly number[]): TemporalResult | null {
  if (ctx.shuffledResponses === undefined) return null;
  const shuffled = ctx.shuffledResponses.map((r) => accuracyReward(r, ctx.solution, ctx.problemType));
  return temporalBonus(accuracy, shuffled, ctx.temporal);
}

const accuracyOf = (ctx: RewardContext, columns: Readonly<Record<string, readonly number[]>>): readonly number[] =>
  columns.accuracy ?? ctx.responses.map((r) => accuracyReward(r, ctx.solution, ctx.problemType));

const REGISTRY = new Map<string, RewardFn>([
  ['accuracy', (ctx) => ctx.responses.map((r) => accuracyReward(r, ctx.solution, ctx.problemType))],
  [
    'temporal',
    (ctx, columns) => temporalOf(ctx, accuracyOf(ctx, columns))?.bonuses.slice() ?? zeros(ctx.responses.length),
  ],
  ['format', (ctx) => ctx.responses.map((r) => formatReward(r))],
  [
    'length',
    (ctx, columns) =>
      ctx.completionLengths === undefined
        ? zeros(ctx.responses.length)
        : lengthBonuses(accuracyOf(ctx, columns), ctx.completionLengths, ctx.length),
  ],
]);

/** Video-R1's rewards, in the order its trainer sums them. */
export const VIDEO_R1_REWARDS: readonly string[] = ['accuracy', 'temporal', 'format', 'length'];

/** Add a reward function under a new name (a user's own reward; the trainer and service then accept the name). */
export function registerReward(name: string, fn: RewardFn): void {
  if (REGISTRY.has(name)) throw new UsageError(`reward '${name}' is already registered`);
  REGISTRY.set(name, fn);
}

export function rewardNames(): string[] {
  return [...REGISTRY.keys()];
}

/** The named rewards with their weights (1 each by default), in the order given. */
export function rewardList(names: readonly string[] = VIDEO_R1_REWARDS, weights?: readonly number[]): Reward[] {
  if (weights && weights.length !== names.length)
    throw new UsageError(`${names.length} rewards but ${weights.length} weights: give one weight per reward`);
  if (new Set(names).size !== names.length) throw new UsageError(`a reward is listed twice: ${names.join(', ')}`);
  return names.map((name, i) => {
    const fn = REGISTRY.get(name);
    if (!fn) throw new UsageError(`unknown reward '${name}' (known: ${rewardNames().join(', ')})`);
    const weight = weights?.[i] ?? 1;
    if (!Number.isFinite(weight))
      throw new UsageError(`reward '${name}': weight must be a finite number, got ${weight}`);
    return { name, fn, weight };
  });
}

/** Every listed reward's column and the weighted totals, summed in list order. */
export function scoreWithRewards(
  ctx: RewardContext,
  rewards: readonly Reward[],
): { columns: Record<string, number[]>; totals: number[] } {
  const columns: Record<string, number[]> = {};
  for (const r of rewards) {
    const values = r.fn(ctx, columns);
    if (values.length !== ctx.responses.length)
      throw new Error(`reward '${r.name}' returned ${values.length} values for ${ctx.responses.length} responses`);
    columns[r.name] = values;
  }
  const totals = ctx.responses.map((_, i) => {
    let t = 0;
    for (const [k, r] of rewards.entries())
      t = k === 0 ? columns[r.name]![i]! * r.weight : t + columns[r.name]![i]! * r.weight;
    return t;
  });
  return { columns, totals };
}
