import type { Condition, Track, VideoMMMUItem } from '../../core/types.js';
import type { GenParams } from '../../clients/types.js';
import type { FrameConfig } from '../../core/types.js';
import { QWEN_VL_FRAMES } from '../../media/frameSampler.js';
import type { Scored, UnitSpec, VisualSpec } from '../types.js';
import { RELEASE_SCORING, scoreAnswer, scoringOf, type ScoringConfig, type VideoMMMUScore } from './scoring.js';
import { buildPrompt, type PromptStyle } from './prompt.js';
import { applyVariant, type Variant } from './variants.js';

/**
 * The task's name: on the command line, in records and config.json (`task`), its family, and the
 * folder of its data in a generated world (`<root>/videommmu/<split>`).
 */
export const VIDEOMMMU = 'videommmu';

/** Video-MMMU's frames: Qwen2.5-VL's video defaults with 16 frames. */
export const DEFAULT_FRAMES: FrameConfig = { nframes: 16, ...QWEN_VL_FRAMES };

/** lmms-eval's Video-MMMU generation (greedy, 1024 new tokens). */
export const DEFAULT_PARAMS: GenParams = { temperature: 0, maxTokens: 1024, seed: 0 };

/** What a Video-MMMU record keeps about its question (see StoredRecord.item). */
export interface VideoMMMUFacts {
  track: Track;
  subject: string;
  discipline: string;
  question_type: 'multiple-choice' | 'open';
  options: string[];
  answer: string | string[];
}

export type ConditionChoice = 'after' | 'before' | 'both';

export interface VideoMMMUPlanOptions {
  conditions: ConditionChoice;
  promptStyle: PromptStyle;
  /** At most this many questions per track. */
  limit?: number;
  /** Stored with each unit's facts; absent = the release parser without stripping. */
  scoring?: ScoringConfig;
  /** A robustness setting (src/tasks/videommmu/variants.ts); default standard. */
  variant?: Variant;
  /** Seeds the random_choice shuffle. */
  seed?: number;
}

/** Only Adaptation has a *before* (question-only) condition; it is what Δknowledge compares. */
export function conditionsFor(track: Track, which: ConditionChoice): Condition[] {
  if (track !== 'Adaptation') return which === 'before' ? [] : ['after'];
  return which === 'both' ? ['after', 'before'] : [which];
}

export function planVideoMMMU(items: readonly VideoMMMUItem[], opts: VideoMMMUPlanOptions): UnitSpec[] {
  const perTrack = new Map<string, number>();
  const units: UnitSpec[] = [];
  const variant = opts.variant ?? 'standard';
  for (const original of items) {
    const item = applyVariant(original, variant, opts.seed ?? 0);
    const n = perTrack.get(item.track) ?? 0;
    if (opts.limit !== undefined && n >= opts.limit) continue;
    perTrack.set(item.track, n + 1);
    for (const condition of conditionsFor(item.track, opts.conditions)) {
      units.push({
        itemId: item.id,
        condition,
        prompt: buildPrompt(item, condition, opts.promptStyle),
        visual: variant === 'no_visual' ? { kind: 'none', reason: 'no_visual variant' } : visualFor(item, condition),
        facts: {
          ...factsOf(item),
          ...(item.labels ? { labels: item.labels } : {}),
          ...(variant !== 'standard' ? { variant } : {}),
          ...(opts.scoring ? { scoring: opts.scoring } : {}),
        },
        shardKey: `${item.track}|${item.id}`,
      });
    }
  }
  return units;
}

/**
 * *after*: the lecture video with the quiz image as its last frame. *before*: the question-only
 * clip, or the quiz image alone, or (neither present) the question as text.
 */
function visualFor(item: VideoMMMUItem, condition: Condition): VisualSpec {
  if (condition === 'after')
    return item.image
      ? { kind: 'video', path: item.videoPath, appendImage: item.image }
      : { kind: 'video', path: item.videoPath };
  if (item.questionOnlyPath) return { kind: 'video', path: item.questionOnlyPath };
  if (item.image) return { kind: 'image', image: item.image };
  return { kind: 'none', reason: 'no question-only clip or quiz image' };
}

/** What scoring an item needs, stored with its record (also built for drills, src/train/drillData.ts). */
export function factsOf(
  item: Pick<VideoMMMUItem, 'track' | 'subject' | 'discipline' | 'questionType' | 'options' | 'answer'>,
): Record<string, unknown> {
  const f: VideoMMMUFacts = {
    track: item.track,
    subject: item.subject,
    discipline: item.discipline,
    question_type: item.questionType,
    options: item.options,
    answer: item.answer,
  };
  return { ...f };
}

/** Score one answer with the record's own scoring choice (facts.scoring), or `override`. */
export function scoreVideoMMMUDetailed(
  facts: Record<string, unknown>,
  text: string,
  override?: ScoringConfig,
): VideoMMMUScore {
  const f = facts as unknown as VideoMMMUFacts;
  const c = override ?? scoringOf(facts.scoring, RELEASE_SCORING);
  return scoreAnswer(c, f.question_type, text, f.options, f.answer, facts.labels === 'numbers' ? 'numbers' : undefined);
}

export function scoreVideoMMMUFacts(facts: Record<string, unknown>, text: string, override?: ScoringConfig): Scored {
  const s = scoreVideoMMMUDetailed(facts, text, override);
  return { parsed: s.parsed, score: s.correct ? 1 : 0, correct: s.correct, unparsed: s.unparsed };
}
